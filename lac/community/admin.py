from django.contrib import admin

from lac.community.models import Asset, AssetEvent, Taxonomy, TaxonomyTerm


class TermInline(admin.TabularInline):
    model = TaxonomyTerm
    extra = 1
    fields = ["position", "code", "name", "description", "parent"]


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "version"]
    inlines = [TermInline]


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "programme", "status", "public", "last_checked"]
    list_filter = ["programme", "kind", "status", "public"]
    search_fields = ["name", "postcode"]


@admin.register(AssetEvent)
class AssetEventAdmin(admin.ModelAdmin):
    list_display = ["asset", "kind", "date", "count", "amount"]
    list_filter = ["kind"]
