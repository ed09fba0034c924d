from django.contrib import admin
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from lac.audit.actor import Actor
from lac.community import services
from lac.community.forms import AssetAdminForm
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
        for term in terms:  # a new one too: the service keeps its search key
            services.term_update(term=term, data={})


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    """Assets are added and changed through the services, as on the directory pages: the
    contact details tidied, approved when the author may approve, and back for review
    when someone who may not changes an approved one."""

    list_display = ["name", "kind", "programme", "status", "public", "last_checked"]
    list_filter = ["programme", "kind", "status", "public"]
    search_fields = ["name", "postcode"]
    form = AssetAdminForm
    saves_through_audited_services = True

    def get_readonly_fields(self, request: HttpRequest, obj: Asset | None = None) -> list[str]:
        """An asset stays in the programme it was added to (its categories are that
        programme's)."""
        return ["programme"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Asset, form: ModelForm, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in services.ASSET_FIELDS}
        relations = {
            "neighbourhoods": form.cleaned_data["neighbourhoods"],
            "tags": form.cleaned_data["tags"],
        }
        actor = Actor.of(request)
        if change:
            stored = Asset.objects.get(pk=obj.pk)  # as it was, for the audit and the review
            services.asset_update(asset=stored, data=data, actor=actor, **relations)
        else:
            stored = services.asset_create(
                programme=form.cleaned_data["programme"], data=data, actor=actor, **relations
            )
        obj.pk = stored.pk  # the admin's message and its links name the stored asset

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:
        """Nothing left to save: the service set the neighbourhoods and categories."""


@admin.register(AssetEvent)
class AssetEventAdmin(admin.ModelAdmin):
    list_display = ["asset", "kind", "date", "count", "amount"]
    list_filter = ["kind"]
