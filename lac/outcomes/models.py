"""Outcomes: how people's lives change, what changed, and what services were not needed.

- A **framework** (versioned) is a set of life **domains**, each scored on a
  small scale whose every point has a description. A programme picks one.
- An **assessment** scores a person on each domain of one framework version,
  done with the person; distance travelled is the change from first to latest.
- An **outcome event** is a dated, typed record of something that changed.
- An **avoided service** is a service or crisis that did not happen (or was
  diverted), valued with the programme's **rate card** of unit costs.

Shared defaults (framework, event types, rate card) have no programme; a
programme's own records override them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

from lac.accounts.models import Programme, RecordedBy
from lac.lib.welsh import localised

DEFAULT_FRAMEWORK_SLUG = "lac-good-life"
DEFAULT_PRICE_YEAR = "2024-25"


def validate_financial_year(value: str) -> None:
    """A price year shaped like 2014-15 that the deflator series in use covers.

    Money at a year the series lacks could not be restated on any page, so it is
    refused where it enters: a form, the admin, a rate card file.
    """
    from lac.outcomes.selectors import deflators_in_use
    from lac.outcomes.value_problems import engine_problem, price_year_not_covered
    from lac.value.deflators import financial_year
    from lac.value.errors import RateCardError

    try:
        financial_year(value)
    except RateCardError as exc:
        raise ValidationError(engine_problem(exc.problems[0])) from exc
    table = deflators_in_use()
    if value not in table.index:
        raise ValidationError(price_year_not_covered(value, table))


# --- Frameworks -----------------------------------------------------------------


class Framework(models.Model):
    """A progress framework (the life areas a person is scored on, Derby Flower style),
    or a published measure the person answers (ONS4, SWEMWBS).

    A measure's figures are reported on their own, never mixed into the
    programme's framework, because its items, scale and scoring are its own.
    """

    name = models.CharField(max_length=200)
    name_cy = models.CharField(
        gettext_lazy("name in Welsh"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("In Welsh (Cymraeg); left blank, Welsh pages show the English"),
    )
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_frameworks",
        help_text=gettext_lazy("Empty for a framework every programme may use"),
    )
    measure = models.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "A published measure with its own scoring, reported apart from the framework"
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return localised(self, "name")


class Scoring(models.TextChoices):
    """How a version's answers become the figures reported."""

    PER_ITEM = "per_item", gettext_lazy("Each item reported on its own, never added up")
    SUM = "sum", gettext_lazy("Items added up")
    TABLE = "table", gettext_lazy("Items added up, then converted with a published table")


class FrameworkVersion(models.Model):
    """One fixed wording of a framework. Assessments keep the version they used."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    published = models.DateField(
        help_text=gettext_lazy("From when new assessments use this version")
    )
    notes = models.TextField(
        blank=True, help_text=gettext_lazy("What changed from the version before")
    )
    scoring = models.CharField(max_length=10, choices=Scoring.choices, default=Scoring.PER_ITEM)
    source = models.TextField(
        blank=True, help_text=gettext_lazy("Where the items, scoring and thresholds are published")
    )
    licence = models.TextField(
        blank=True,
        help_text=gettext_lazy(
            "Who owns the item wording and on what terms a programme may show it"
        ),
    )

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="framework_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework.name}, version {self.number}"


class Domain(models.Model):
    """A life area scored on a scale, such as Money or People Support.

    ``key`` stays the same across versions of a framework, so a person's first
    and latest scores can be compared even if the wording changed between them.
    """

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="domains")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=100)
    name_cy = models.CharField(
        gettext_lazy("name in Welsh"),
        max_length=100,
        blank=True,
        help_text=gettext_lazy("In Welsh (Cymraeg); left blank, Welsh pages show the English"),
    )
    question = models.CharField(
        max_length=200, blank=True, help_text=gettext_lazy("Asked with the person")
    )
    question_cy = models.CharField(
        gettext_lazy("question in Welsh"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("In Welsh (Cymraeg); left blank, Welsh pages show the English"),
    )
    order = models.PositiveSmallIntegerField(default=0)
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    higher_is_better = models.BooleanField(
        default=True,
        help_text=gettext_lazy("Off for an item where a lower score is better, such as anxiety"),
    )

    class Meta:
        ordering = ["version", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="domain_key_unique_in_version"),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="domain_scale_is_a_range"
            ),
        ]

    def __str__(self) -> str:
        return localised(self, "name")

    def clean(self) -> None:
        if self.scale_max is not None and self.scale_min is not None:
            if self.scale_max <= self.scale_min:
                raise ValidationError(
                    {"scale_max": gettext("The top of the scale must be above the bottom")}
                )
            if self.scale_max - self.scale_min > 10:
                raise ValidationError({"scale_max": gettext("A scale can have at most 11 points")})


class ScalePoint(models.Model):
    """What one point on a domain's scale means, in words the person recognises."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="points")
    value = models.SmallIntegerField()
    description = models.CharField(max_length=300, blank=True)
    description_cy = models.CharField(
        gettext_lazy("description in Welsh"),
        max_length=300,
        blank=True,
        help_text=gettext_lazy("In Welsh (Cymraeg); left blank, Welsh pages show the English"),
    )

    class Meta:
        ordering = ["domain", "value"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "value"], name="scale_point_unique")
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.description}"


class Threshold(models.Model):
    """A published band of scores, such as ONS's "7 to 8: high" life satisfaction.

    On one item (``domain``) for a measure reported item by item, or on the
    version's total (no domain) for one that is added up or converted.
    """

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="thresholds"
    )
    domain = models.ForeignKey(
        Domain, null=True, blank=True, on_delete=models.CASCADE, related_name="thresholds"
    )
    lowest = models.DecimalField(max_digits=6, decimal_places=2)
    highest = models.DecimalField(max_digits=6, decimal_places=2)
    label = models.CharField(max_length=40)

    class Meta:
        ordering = ["version", "domain", "lowest"]
        constraints = [
            models.CheckConstraint(
                condition=Q(highest__gte=models.F("lowest")), name="threshold_is_a_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lowest:g} to {self.highest:g}: {self.label}"


class Conversion(models.Model):
    """One row of a published table turning a summed raw score into the reported score."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="conversions"
    )
    raw = models.SmallIntegerField()
    converted = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["version", "raw"]
        constraints = [
            models.UniqueConstraint(fields=["version", "raw"], name="conversion_raw_unique")
        ]

    def __str__(self) -> str:
        return f"{self.raw} → {self.converted}"


class OutcomeSettings(models.Model):
    """A programme's choices: its framework, and the price year its reports use."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="outcome_settings"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    price_year = models.CharField(
        max_length=7,
        default=DEFAULT_PRICE_YEAR,
        validators=[validate_financial_year],
        help_text=gettext_lazy(
            "Financial year whose prices avoided costs are shown in, like 2024-25"
        ),
    )

    class Meta:
        verbose_name_plural = gettext_lazy("outcome settings")

    def __str__(self) -> str:
        return f"Outcome settings for {self.programme}"


# --- Outcome events -------------------------------------------------------------------


class OutcomeEventType(models.Model):
    """A kind of change worth recording, such as "Joined a community group".

    Types without a programme are the defaults; a programme's own type with the
    same ``code`` replaces the default for that programme (to reword it, link it
    to the programme's impact map, or switch it off).
    """

    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_event_types",
        help_text=gettext_lazy("Empty for a default every programme gets"),
    )
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=100)
    name_cy = models.CharField(
        gettext_lazy("name in Welsh"),
        max_length=100,
        blank=True,
        help_text=gettext_lazy("In Welsh (Cymraeg); left blank, Welsh pages show the English"),
    )
    description = models.CharField(max_length=300, blank=True)
    sroi_outcome_id = models.CharField(
        gettext_lazy("SROI outcome id"),
        max_length=100,
        blank=True,
        help_text=gettext_lazy(
            "The outcome id in the programme's impact map that this counts towards"
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], name="event_type_code_unique_in_programme"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(programme__isnull=True),
                name="event_type_default_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return localised(self, "name")


# --- Rate cards -----------------------------------------------------------------------


class Agency(models.TextChoices):
    SOCIAL_CARE = "social_care", gettext_lazy("Social care")
    LOCAL_AUTHORITY = "local_authority", gettext_lazy("Local authority")
    HOUSING = "housing", gettext_lazy("Housing")
    POLICE = "police", gettext_lazy("Police")
    FIRE = "fire", gettext_lazy("Fire and rescue")
    NHS = "nhs", gettext_lazy("NHS and health")
    CRIMINAL_JUSTICE = "criminal_justice", gettext_lazy("Courts and criminal justice")
    WELFARE = "welfare", gettext_lazy("Benefits and employment")
    OTHER = "other", gettext_lazy("Other")


class DeflatorSeries(models.Model):
    """A GDP deflator series a council loaded (`lac deflators load`); the newest is in use.

    Without one, money is restated with the series shipped in the value
    engine. The index is kept whole, as {"2024-25": 100.0, …}, because only
    ratios between its years are ever used and a release is replaced whole.
    """

    name = models.CharField(max_length=200)
    release = models.CharField(max_length=200)
    published = models.CharField(max_length=10, blank=True)
    source = models.TextField(blank=True)
    reference_year = models.CharField(max_length=7)
    forecast_from = models.CharField(max_length=7, blank=True)
    index = models.JSONField()
    loaded_from = models.CharField(max_length=255, blank=True)
    loaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded", "-pk"]
        verbose_name_plural = gettext_lazy("deflator series")

    def __str__(self) -> str:
        return f"{self.name}, {self.release}"


class RateCard(models.Model):
    """A table of unit costs used to value services avoided.

    The shared card (no programme) is the value engine's shipped New Economy
    card; a programme may load its own, which then replaces the shared one.
    """

    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rate_cards",
        help_text=gettext_lazy("Empty for the card every programme may use"),
    )
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40, blank=True)
    source = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitCost(models.Model):
    """What one unit of a service costs the agency that bears it, at a price year."""

    rate_card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="items")
    item = models.CharField(max_length=200)
    item_cy = models.CharField(
        gettext_lazy("item in Welsh"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("In Welsh (Cymraeg); left blank, Welsh pages show the English"),
    )
    category = models.CharField(max_length=100, blank=True)
    agency = models.CharField(max_length=30, choices=Agency.choices)
    agency_as_printed = models.CharField(max_length=100, blank=True)
    unit = models.CharField(
        max_length=100, help_text=gettext_lazy("For example, per hour or per incident")
    )
    unit_cy = models.CharField(
        gettext_lazy("unit in Welsh"),
        max_length=100,
        blank=True,
        help_text=gettext_lazy("In Welsh (Cymraeg); left blank, Welsh pages show the English"),
    )
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    price_year = models.CharField(max_length=7, validators=[validate_financial_year])
    price_year_assumed = models.BooleanField(
        default=False,
        help_text=gettext_lazy("The source prints no price year; the one given is an assumption"),
    )
    source = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rate_card", "order", "item"]
        constraints = [
            models.UniqueConstraint(fields=["rate_card", "item"], name="unit_cost_item_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="unit_cost_not_negative"),
        ]

    def __str__(self) -> str:
        assumed = ", assumed" if self.price_year_assumed else ""
        return f"{self.item} (£{self.amount:,} {self.unit}, {self.price_year} prices{assumed})"


# --- Records about a person -------------------------------------------------------------


class AssessmentKind(models.TextChoices):
    FIRST = "first", gettext_lazy("First")
    REVIEW = "review", gettext_lazy("Review")
    LAST = "last", gettext_lazy("Last (at the end of walking alongside)")


class Assessment(models.Model):
    """Scores on each domain of one framework version, agreed with the person on a date."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="assessments"
    )
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    note = models.TextField(blank=True)
    self_reported = models.BooleanField(
        default=False,
        help_text=gettext_lazy("Answered by the person on their own, through a one-time link"),
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "date", "pk"]
        indexes = [models.Index(fields=["person", "date"], name="assessment_person_date")]

    def __str__(self) -> str:
        return gettext("%(kind)s assessment on %(date)s") % {
            "kind": self.get_kind_display(),
            "date": formats.date_format(self.date, "j F Y"),
        }


class DomainScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    score = models.SmallIntegerField()

    class Meta:
        ordering = ["assessment", "domain__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain"], name="domain_score_once_per_assessment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.score}"

    def clean(self) -> None:
        domain = self.domain
        refusal = score_off_scale(str(domain), domain.scale_min, domain.scale_max, self.score)
        if refusal is not None:
            raise ValidationError({"score": refusal})


OFF_SCALE = gettext_lazy("%(area)s must be scored from %(lowest)s to %(highest)s, not %(score)s")


def score_off_scale(area: str, lowest: int, highest: int, score: int) -> str | None:
    """The message refusing ``score`` in a life area scored from ``lowest`` to ``highest``,
    or None when it is on the scale: one rule for a score typed on the assessment page,
    sent to the API or read from a spreadsheet's score column."""
    if lowest <= score <= highest:
        return None
    return str(OFF_SCALE) % {"area": area, "lowest": lowest, "highest": highest, "score": score}


class OutcomeEvent(RecordedBy):
    """Something that changed for a person, on a date: they joined a group, say."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="outcome_events"
    )
    type = models.ForeignKey(OutcomeEventType, on_delete=models.PROTECT, related_name="events")
    date = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["date"], name="outcome_event_date"),
            # Figures start from a programme's people and probe their events.
            models.Index(fields=["person", "date", "type"], name="outcome_event_person_date"),
        ]

    def __str__(self) -> str:
        return gettext("%(change)s on %(date)s") % {
            "change": self.type,
            "date": formats.date_format(self.date, "j F Y"),
        }


class Confidence(models.TextChoices):
    """How sure we are that a service was really avoided: reports can keep only the first."""

    EVIDENCED = "evidenced", gettext_lazy("Evidenced by a professional")
    REPORTED = "reported", gettext_lazy("Reported by the person")
    JUDGED = "judged", gettext_lazy("Coordinator's judgement")


class AvoidedService(RecordedBy):
    """A service or crisis that was avoided or diverted, valued from the rate card."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="avoided_services"
    )
    date = models.DateField()
    unit_cost = models.ForeignKey(UnitCost, on_delete=models.PROTECT, related_name="avoided")
    quantity = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=gettext_lazy("How many units of the rate card item: hours, weeks, incidents"),
    )
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    agency = models.CharField(
        max_length=30,
        choices=Agency.choices,
        help_text=gettext_lazy(
            "The agency that would have borne the cost (the rate card's, unless changed)"
        ),
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["date"], name="avoided_service_date"),
            models.Index(fields=["person", "date"], name="avoided_service_person_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="avoided_quantity_positive")
        ]

    def __str__(self) -> str:
        return gettext("%(item)s avoided on %(date)s") % {
            "item": localised(self.unit_cost, "item"),
            "date": formats.date_format(self.date, "j F Y"),
        }

    @property
    def value_at_card_prices(self) -> Decimal:
        return self.quantity * self.unit_cost.amount
