"""Administrators keep the SNOMED CT concepts recorded on introductions."""

from django.contrib import admin

from lac.welcome.models import HealthConcept


@admin.register(HealthConcept)
class HealthConceptAdmin(admin.ModelAdmin):
    list_display = ("code", "term", "applies_to", "is_active")
    list_filter = ("applies_to", "is_active")
    search_fields = ("code", "term")
