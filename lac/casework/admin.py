"""Administrators keep the configurable lists: global defaults and each programme's own."""

from django.contrib import admin

from lac.casework.models import Challenge, ClosureReason, IntroductionSource


class ListItemAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "programme", "position", "is_active")
    list_filter = ("programme", "is_active")
    search_fields = ("label", "code")
    ordering = ("programme", "position", "label")


admin.site.register(IntroductionSource, ListItemAdmin)
admin.site.register(Challenge, ListItemAdmin)
admin.site.register(ClosureReason, ListItemAdmin)
