"""Programme configuration in the admin until a settings page exists: frameworks,
outcome event types, rate cards and each programme's choices. Every change is audited
(lac.audit.admin_site), so figures kept for the programme are worked out again at once."""

from django.contrib import admin

from lac.outcomes.models import (
    Conversion,
    Domain,
    Framework,
    FrameworkVersion,
    OutcomeEventType,
    OutcomeSettings,
    RateCard,
    ScalePoint,
    Threshold,
    UnitCost,
)


class ScalePointInline(admin.TabularInline):
    model = ScalePoint
    extra = 0


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "version", "scale_min", "scale_max"]
    list_filter = ["version__framework"]
    inlines = [ScalePointInline]


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    show_change_link = True


class ThresholdInline(admin.TabularInline):
    model = Threshold
    extra = 0


class ConversionInline(admin.TabularInline):
    """Loaded from the published table's file (``lac load_conversion_table``); shown here."""

    model = Conversion
    extra = 0


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["framework", "number", "published", "scoring"]
    inlines = [DomainInline, ThresholdInline, ConversionInline]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "programme"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OutcomeEventType)
class OutcomeEventTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "programme", "sroi_outcome_id", "active", "order"]
    list_filter = ["programme", "active"]


class UnitCostInline(admin.TabularInline):
    model = UnitCost
    extra = 0


@admin.register(RateCard)
class RateCardAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "version", "created"]
    inlines = [UnitCostInline]


@admin.register(OutcomeSettings)
class OutcomeSettingsAdmin(admin.ModelAdmin):
    list_display = ["programme", "framework", "price_year"]
