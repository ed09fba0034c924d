"""Impact maps stored per programme, and frozen runs of the value engine.

- An **impact map** belongs to one programme and is either a *forecast*
  (quantities typed in) or *evaluative* (quantities may be bound to queries
  over the records, see :mod:`lac.evaluation.bindings`).
- Every save makes a new **version**: the document (the value engine's plain
  data, validated by :func:`lac.value.impact_map_from_dict`) and the bindings.
  Versions are never changed afterwards.
- A **run** freezes everything a published ratio depends on: the document with
  its quantities as resolved, the period, each binding's count, the code
  version, the result, the sensitivity analysis and the seeded Monte Carlo.
- A run is a **draft** until a lead **publishes** it; a published run can be
  **withdrawn** (kept, marked, with the reason) but never changed. When an
  evaluative run is published, the published forecast run it is compared with
  is fixed on it, so its report never changes after the fact.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lac.accounts.models import Programme
from lac.outcomes.models import validate_financial_year


class Mode(models.TextChoices):
    FORECAST = "forecast", _("Forecast")
    EVALUATIVE = "evaluative", _("Evaluative")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ImpactMap(models.Model):
    """A programme's impact map; its content lives in numbered versions."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="impact_maps")
    name = models.CharField(max_length=200)
    mode = models.CharField(max_length=12, choices=Mode.choices)
    forecast = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluations",
        help_text=_("For an evaluative map: the forecast map whose promise it checks"),
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["programme", "name"]

    def __str__(self) -> str:
        return self.name


class ImpactMapVersion(models.Model):
    """One saved state of an impact map. Never edited: a change is a new version."""

    impact_map = models.ForeignKey(ImpactMap, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField(help_text=_("The impact map as the value engine's plain data"))
    bindings = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Outcome id → {kind, parameter}: where an evaluative quantity comes from"),
    )
    note = models.CharField(max_length=300, blank=True, help_text=_("What changed, in a few words"))
    engagement = models.TextField(
        blank=True, help_text=_("How stakeholders were involved in building the map")
    )
    annotations = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            "Outcome id → {excluded_reason, deadweight_source, attribution_source, "
            "drop_off_source}: what the value engine's document has no place for"
        ),
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["impact_map", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["impact_map", "number"], name="impact_map_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.impact_map.name}, version {self.number}"


BACKGROUND_RUN = "run"
"""The kind of background job (``lac.jobs.starters``) that makes a run with many draws."""


class Run(models.Model):
    """A frozen calculation: everything needed to reproduce a published ratio."""

    version = models.ForeignKey(ImpactMapVersion, on_delete=models.RESTRICT, related_name="runs")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sroi_runs")
    mode = models.CharField(max_length=12, choices=Mode.choices)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    document = models.JSONField(help_text=_("The impact map exactly as calculated"))
    resolved = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Outcome id → {kind, parameter, label, quantity, planned}: each bound count"),
    )
    result = models.JSONField()
    sensitivity = models.JSONField()
    simulation = models.JSONField()
    charts = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            "Language code → chart name → SVG, drawn once in each language when the run was "
            "made (lac.evaluation.charts)"
        ),
    )
    draws = models.PositiveIntegerField()
    seed = models.PositiveBigIntegerField()
    deflators_label = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("The GDP deflator series that restated price years (empty: the map has none)"),
    )
    lac_version = models.CharField(max_length=40)
    git_commit = models.CharField(max_length=40, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publication_note = models.CharField(max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.CharField(max_length=500, blank=True)
    compared_with = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="evaluations",
        help_text=_("For a published evaluative run: the published forecast run it is set beside"),
    )

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["programme", "mode", "created"], name="run_programme_mode")]

    def __str__(self) -> str:
        return f"Run {self.pk} of {self.version}"

    @property
    def ratio(self) -> float:
        return float(self.result["sroi_ratio"])

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class ProxyTable(models.Model):
    """A programme's table of financial proxies, loaded from its own licensed file.

    For example a council's licensed HACT Social Value Bank values. Nothing
    licensed ships with lac: a programme that holds a licence loads its table
    (``lac load_proxy_table`` or the page), with where it came from, the
    licence it is used under and the price year its values are stated in.
    A run copies the value it uses into its frozen document, so loading a new
    table never changes a run already made.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="proxy_tables")
    name = models.CharField(max_length=200)
    source = models.TextField(help_text=_("Where the values come from: publisher, edition, year"))
    licence = models.TextField(help_text=_("The licence the programme uses the values under"))
    price_year = models.CharField(
        max_length=7,
        validators=[validate_financial_year],
        help_text=_("The financial year whose prices the values are in, like 2023-24"),
    )
    loaded_from = models.CharField(max_length=255, blank=True)
    loaded = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["programme", "name", "-loaded"]

    def __str__(self) -> str:
        return f"{self.name} ({self.price_year} prices)"


class ProxyValue(models.Model):
    """One outcome's money value per person in a proxy table."""

    table = models.ForeignKey(ProxyTable, on_delete=models.CASCADE, related_name="values")
    code = models.CharField(max_length=40)
    outcome = models.CharField(max_length=300)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["table", "order"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="proxy_value_code_unique"),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="proxy_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome}: £{self.value:,}"
