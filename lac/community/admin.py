from django.contrib import admin
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from lac.community import services
from lac.community.models import Asset, AssetEvent, Taxonomy, TaxonomyTerm


class TermInline(admin.TabularInline):
    model = TaxonomyTerm
    extra = 1
    fields = ["position", "code", "name", "description", "parent"]


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "version"]
    inlines = [TermInline]

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        """Categories are changed and removed through the services, so the
        services they describe show as changed in the Open Referral feed."""
        terms = formset.save(commit=False)
        for term in formset.deleted_objects:
            services.term_delete(term=term)
        for term in terms:
            if term.pk is None:
                term.save()
            else:
                services.term_update(term=term, data={})


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "programme", "status", "public", "last_checked"]
    list_filter = ["programme", "kind", "status", "public"]
    search_fields = ["name", "postcode"]


@admin.register(AssetEvent)
class AssetEventAdmin(admin.ModelAdmin):
    list_display = ["asset", "kind", "date", "count", "amount"]
    list_filter = ["kind"]
