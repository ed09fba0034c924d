"""Reads for outcomes: a programme's configuration, a person's progress, and the figures.

The programme-level figures (event counts, distance travelled, avoided costs)
each take a fixed number of queries however many people there are: the
database groups and sums, Python only finishes the arithmetic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.utils.translation import gettext

from lac.accounts.models import Neighbourhood, Programme
from lac.lib.disclosure import Cell, is_small, suppress_column, suppress_value
from lac.outcomes import distance, scoring
from lac.outcomes.models import (
    DEFAULT_FRAMEWORK_SLUG,
    DEFAULT_PRICE_YEAR,
    Agency,
    Assessment,
    AvoidedService,
    Confidence,
    DeflatorSeries,
    Domain,
    DomainScore,
    Framework,
    FrameworkVersion,
    OutcomeEvent,
    OutcomeEventType,
    OutcomeSettings,
    RateCard,
    ScalePoint,
    UnitCost,
)
from lac.outcomes.ratecards import money, uprating_factor
from lac.outcomes.scoring import Figure, ScoringError, measure_of, not_ready_to_ask
from lac.outcomes.statistics import GroupSummary, Pair, PersonDistance, summarise_counted
from lac.people.models import Person
from lac.value import DeflatorTable, load_deflators

# --- A programme's configuration ---------------------------------------------------------


def outcome_settings(programme: Programme) -> OutcomeSettings | None:
    return OutcomeSettings.objects.filter(programme=programme).select_related("framework").first()


def framework_for(programme: Programme) -> Framework:
    """The framework the programme chose, or the shipped default."""
    chosen = outcome_settings(programme)
    if chosen is not None:
        return chosen.framework
    return Framework.objects.get(slug=DEFAULT_FRAMEWORK_SLUG)


@dataclass
class _Held:
    table: DeflatorTable | None = None


_HELD: ContextVar[_Held | None] = ContextVar("deflators_held", default=None)


@contextmanager
def deflators_held() -> Iterator[None]:
    """Inside the block, the deflator series in use is read from the database once.

    For a request or a load that checks many price years: validate_financial_year
    runs once per value, so a rate card of N costs would read the series N times.
    Nothing outside the block keeps what it read, so the next request or load uses
    whichever release is newest then, and a release loaded inside the block
    (deflator_series_load calls deflators_forget) is read afresh.
    """
    if _HELD.get() is not None:
        yield
        return
    token = _HELD.set(_Held())
    try:
        yield
    finally:
        _HELD.reset(token)


def deflators_forget() -> None:
    """The series changed: the block holding it (if any) reads it again at next use."""
    held = _HELD.get()
    if held is not None:
        held.table = None


def deflators_in_use() -> DeflatorTable:
    """The newest GDP deflator series a council loaded, else the one shipped with the engine.

    One query (none more inside deflators_held); pages fetch it once and pass it to
    every restatement.
    """
    held = _HELD.get()
    if held is None:
        return _deflators_stored()
    if held.table is None:
        held.table = _deflators_stored()
    return held.table


def _deflators_stored() -> DeflatorTable:
    stored = DeflatorSeries.objects.first()
    if stored is None:
        return load_deflators()
    return DeflatorTable(
        name=stored.name,
        source=stored.source,
        release=stored.release,
        reference_year=stored.reference_year,
        index=MappingProxyType({str(y): float(v) for y, v in stored.index.items()}),
        published=stored.published,
        forecast_from=stored.forecast_from,
    )


@dataclass(frozen=True)
class Prices:
    """One price basis for a page: the year money is stated in and the series restating it."""

    year: str
    deflators: DeflatorTable

    @property
    def forecast(self) -> bool:
        """The year is an OBR forecast in this release, not yet measured."""
        return self.deflators.is_forecast(self.year)

    @property
    def published(self) -> str:
        """The release's publication date as pages print dates ("31 March 2026"), or ""."""
        try:
            return f"{date.fromisoformat(self.deflators.published):%-d %B %Y}"
        except ValueError:
            return self.deflators.published

    def choices(self) -> list[tuple[str, str]]:
        """Every year of the series, newest first, forecasts marked, for a viewer to choose."""
        years = sorted(self.deflators.index, reverse=True)
        return [(y, f"{y} (forecast)" if self.deflators.is_forecast(y) else y) for y in years]


def prices_in(year: str | None = None) -> Prices:
    """Money at `year` prices (default: the latest measured year of the series in use)."""
    deflators = deflators_in_use()
    chosen = year if year in deflators.index else deflators.latest_outturn
    return Prices(chosen, deflators)


def price_year_for(programme: Programme) -> str:
    chosen = outcome_settings(programme)
    return chosen.price_year if chosen is not None else DEFAULT_PRICE_YEAR


def _domains_with_points() -> Prefetch[Domain]:
    return Prefetch(
        "domains",
        queryset=Domain.objects.order_by("order", "name").prefetch_related(
            Prefetch("points", queryset=ScalePoint.objects.order_by("value"))
        ),
    )


def current_version(programme: Programme, on: date | None = None) -> FrameworkVersion:
    """The version of the programme's framework in use on a date (latest published by then)."""
    versions = FrameworkVersion.objects.filter(framework=framework_for(programme))
    if on is not None and versions.filter(published__lte=on).exists():
        versions = versions.filter(published__lte=on)
    version = (
        versions.select_related("framework")
        .prefetch_related(_domains_with_points())
        .order_by("-number")
        .first()
    )
    if version is None:  # a framework set up in the admin without a version
        raise FrameworkVersion.DoesNotExist(f"{framework_for(programme)} has no version yet")
    return version


def event_types_for(programme: Programme) -> list[OutcomeEventType]:
    """The defaults, with the programme's own types replacing any of the same code."""
    by_code: dict[str, OutcomeEventType] = {}
    # Defaults first, so the programme's own type of the same code wins.
    rows = OutcomeEventType.objects.filter(Q(programme=None) | Q(programme=programme)).order_by(
        F("programme").asc(nulls_first=True), "order", "name"
    )
    for event_type in rows:
        by_code[event_type.code] = event_type
    return sorted(
        (t for t in by_code.values() if t.active), key=lambda t: (t.order, t.name.lower())
    )


def rate_card_for(programme: Programme) -> RateCard:
    """The programme's newest own card, or else the shared (shipped) card."""
    card = (
        RateCard.objects.filter(Q(programme=programme) | Q(programme=None))
        .order_by(F("programme").asc(nulls_last=True), "-created", "-pk")
        .first()
    )
    if card is None:
        raise RateCard.DoesNotExist("No rate card: the outcomes migrations seed a shared one")
    return card


def unit_costs_for(programme: Programme) -> QuerySet[UnitCost]:
    return UnitCost.objects.filter(rate_card=rate_card_for(programme)).order_by("order", "item")


def unit_costs_priced_in(years: Iterable[str], programme_ids: Iterable[int]) -> QuerySet[UnitCost]:
    """The unit costs priced in ``years`` on the rate cards these programmes use (each its
    own newest card, or the shared one): what their members' pages restate."""
    cards = {
        rate_card_for(programme).pk
        for programme in Programme.objects.filter(pk__in=sorted(programme_ids))
    }
    return (
        UnitCost.objects.filter(price_year__in=list(years), rate_card__in=sorted(cards))
        .select_related("rate_card")
        .order_by("rate_card__name", "order", "item")
    )


# --- One person's records ----------------------------------------------------------------


def person_assessments(person_id: int) -> list[Assessment]:
    """Oldest first, each with its scores and their domains: the progress framework's only
    (published measures are shown apart, by :func:`person_measures`)."""
    return list(
        Assessment.objects.filter(person_id=person_id, version__framework__measure=False)
        .select_related("version__framework", "assessed_by")
        .prefetch_related(Prefetch("scores", queryset=DomainScore.objects.select_related("domain")))
        .order_by("date", "pk")
    )


@dataclass(frozen=True)
class MeasureAnswers:
    """A person's latest answers to one published measure, scored."""

    assessment: Assessment
    figures: list[Figure]
    problem: str = ""
    """Why the answers could not be scored (a conversion table not loaded yet)."""


def person_measures(person_id: int) -> list[MeasureAnswers]:
    """The latest answers to each published measure, newest first. Five queries."""
    assessments = (
        Assessment.objects.filter(person_id=person_id, version__framework__measure=True)
        .select_related("version__framework", "assessed_by")
        .prefetch_related(
            "scores__domain",
            "version__domains",
            "version__thresholds",
            "version__conversions",
        )
        .order_by("-date", "-pk")
    )
    latest: dict[int, MeasureAnswers] = {}
    for assessment in assessments:
        framework_id = assessment.version.framework_id
        if framework_id in latest:
            continue
        answers = {s.domain.key: s.score for s in assessment.scores.all()}
        try:
            figures, problem = scoring.score(measure_of(assessment.version), answers), ""
        except ScoringError as error:
            figures, problem = [], str(error)
        latest[framework_id] = MeasureAnswers(assessment, figures, problem)
    return list(latest.values())


def newest_measure(slug: str) -> FrameworkVersion | None:
    """The newest version of a shared published measure ("ons4"), with what scoring needs."""
    return (
        FrameworkVersion.objects.filter(
            framework__slug=slug, framework__measure=True, framework__programme__isnull=True
        )
        .select_related("framework")
        .prefetch_related("domains__points", "thresholds", "conversions")
        .order_by("-number")
        .first()
    )


def measures_to_ask(programme: Programme) -> list[FrameworkVersion]:
    """The newest version of every published measure the programme may give a person, ready."""
    newest: dict[int, FrameworkVersion] = {}
    for version in (
        FrameworkVersion.objects.filter(
            Q(framework__programme__isnull=True) | Q(framework__programme=programme),
            framework__measure=True,
        )
        .select_related("framework")
        .prefetch_related("domains", "thresholds", "conversions")
        .order_by("framework__name", "-number")
    ):
        newest.setdefault(version.framework_id, version)
    return [v for v in newest.values() if not_ready_to_ask(v) is None]


def latest_scores(person_id: int) -> dict[str, int]:
    """The person's most recent score on each domain key (one query)."""
    latest: dict[str, int] = {}
    rows = (
        DomainScore.objects.filter(assessment__person_id=person_id)
        .order_by("assessment__date", "assessment_id")
        .values_list("domain__key", "score")
    )
    for key, score in rows:
        latest[key] = score
    return latest


@dataclass(frozen=True)
class DomainProgress:
    key: str
    name: str
    scale_min: int
    scale_max: int
    first: int | None
    latest: int | None

    @property
    def change(self) -> int | None:
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first


@dataclass(frozen=True)
class PersonProgress:
    assessments: list[Assessment]
    domains: list[DomainProgress]

    @property
    def first(self) -> Assessment | None:
        return self.assessments[0] if self.assessments else None

    @property
    def latest(self) -> Assessment | None:
        return self.assessments[-1] if len(self.assessments) > 1 else None

    @property
    def distance(self) -> PersonDistance | None:
        if self.latest is None:
            return None
        return PersonDistance(_scores(self.first), _scores(self.latest))


def _scores(assessment: Assessment | None) -> dict[str, int]:
    if assessment is None:
        return {}
    return {s.domain.key: s.score for s in assessment.scores.all()}


def person_progress(person_id: int) -> PersonProgress:
    """First and latest scores per domain, in the latest assessment's domain order."""
    assessments = person_assessments(person_id)
    if not assessments:
        return PersonProgress([], [])
    first, latest = _scores(assessments[0]), _scores(assessments[-1])
    seen: dict[str, Domain] = {}
    for assessment in reversed(assessments):  # the newest wording of each domain
        for score in sorted(assessment.scores.all(), key=lambda s: s.domain.order):
            seen.setdefault(score.domain.key, score.domain)
    domains = [
        DomainProgress(
            key=key,
            name=str(domain),  # in the language of the page
            scale_min=domain.scale_min,
            scale_max=domain.scale_max,
            first=first.get(key),
            latest=latest.get(key) if len(assessments) > 1 else None,
        )
        for key, domain in seen.items()
    ]
    return PersonProgress(assessments, domains)


def person_outcome_events(person_id: int) -> QuerySet[OutcomeEvent]:
    return (
        OutcomeEvent.objects.filter(person_id=person_id)
        .select_related("type", "recorded_by")
        .order_by("-date", "-pk")
    )


@dataclass(frozen=True)
class ValuedService:
    record: AvoidedService
    value: Decimal
    """At the chosen price year."""


def person_avoided_services(person_id: int, price_year: str) -> list[ValuedService]:
    deflators = deflators_in_use()
    records = (
        AvoidedService.objects.filter(person_id=person_id)
        .select_related("unit_cost", "recorded_by")
        .order_by("-date", "-pk")
    )
    return [
        ValuedService(
            r,
            money(
                r.value_at_card_prices
                * uprating_factor(r.unit_cost.price_year, price_year, deflators)
            ),
        )
        for r in records
    ]


# --- Programme figures --------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeFilter:
    """Which records a figure covers: a programme, optionally some neighbourhoods, a period."""

    programme: Programme
    start: date | None = None
    end: date | None = None
    neighbourhood_ids: Sequence[int] | None = None
    """None: the whole programme."""
    level: int | None = None
    """Only people at this level now (1 or 2); None: everyone."""

    def people_q(self, prefix: str) -> Q:
        """The people covered, as a condition on ``prefix`` ("" for people themselves).

        Records are matched to their person with ``IN (people)`` rather than a
        join, so the database starts from the programme's people and probes
        each one's records by (person, date) index; with a join, SQLite would
        start from every programme's records in the period and look up each
        record's person (five times slower at network scale).
        """
        if prefix:
            return Q(**{f"{prefix}in": Person.objects.filter(self.people_q("")).values("pk")})
        neighbourhoods = Neighbourhood.objects.filter(programme=self.programme)
        if self.neighbourhood_ids is not None:
            neighbourhoods = neighbourhoods.filter(pk__in=list(self.neighbourhood_ids))
        people = Q(neighbourhood__in=neighbourhoods.values("pk"), merged_into__isnull=True)
        return people if self.level is None else people & Q(level=self.level)

    def dated(self, queryset: QuerySet, field_name: str = "date") -> QuerySet:
        if self.start is not None:
            queryset = queryset.filter(**{f"{field_name}__gte": self.start})
        if self.end is not None:
            queryset = queryset.filter(**{f"{field_name}__lte": self.end})
        return queryset


@dataclass(frozen=True)
class EventCount:
    code: str
    name: str
    sroi_outcome_id: str
    events: int
    people: int


def outcome_event_counts(f: OutcomeFilter) -> list[EventCount]:
    """Events by type in the period, and how many different people each covers. One query."""
    rows = (
        f.dated(OutcomeEvent.objects.filter(f.people_q("person__")))
        .values("type__code", "type__name", "type__sroi_outcome_id")
        .annotate(events=Count("pk"), people=Count("person", distinct=True))
        .order_by("-events", "type__name")
    )
    return [
        EventCount(
            r["type__code"], r["type__name"], r["type__sroi_outcome_id"], r["events"], r["people"]
        )
        for r in rows
    ]


@dataclass(frozen=True)
class DomainSummary:
    key: str
    name: str
    summary: GroupSummary
    higher_is_better: bool = True


@dataclass(frozen=True)
class DistanceSummary:
    overall: GroupSummary
    by_domain: list[DomainSummary]
    people_assessed: int
    """People with at least one assessment by the end of the period."""
    measure: Framework | None = None
    """The published measure these figures are for; None for the progress framework."""


def distance_travelled(f: OutcomeFilter, measure: Framework | None = None) -> DistanceSummary:
    """First vs latest scores of everyone reassessed in the period. Three queries.

    The pairing and counting happen in the database (:mod:`lac.outcomes.distance`
    says who counts); here the counts become averages and tests, each area's
    "improved" in its own direction (down is better for anxiety). Without
    ``measure``, the progress framework's figures; with it, that measure's.
    """
    measure_id = measure.pk if measure is not None else None
    counted = distance.changes(
        distance.Scope([f.programme.pk], f.start, f.end, f.neighbourhood_ids, measure_id=measure_id)
    ).get(f.programme.pk)
    by_key = counted.by_domain if counted is not None else {}
    kind = (
        Q(version__framework_id=measure_id)
        if measure_id is not None
        else Q(version__framework__measure=False)
    )
    meta: dict[str, tuple[int, str, bool]] = {}
    # Oldest version first, so the newest wording and order of each domain wins.
    for key, name, position, better in (
        Domain.objects.filter(kind, key__in=list(by_key))
        .order_by("version__number", "version_id")
        .values_list("key", "name", "order", "higher_is_better")
    ):
        meta[key] = (position, name, better)
    assessments = Assessment.objects.filter(kind, person=OuterRef("pk"))
    if f.end is not None:
        assessments = assessments.filter(date__lte=f.end)
    return DistanceSummary(
        overall=summarise_counted(counted.overall if counted is not None else {}),
        by_domain=[
            DomainSummary(
                key,
                meta[key][1],
                summarise_counted(by_key[key], higher_is_better=meta[key][2]),
                meta[key][2],
            )
            for key in sorted(meta, key=lambda k: meta[k][:2])
        ],
        people_assessed=Person.objects.filter(f.people_q(""), Exists(assessments)).count(),
        measure=measure,
    )


def measure_distances(f: OutcomeFilter) -> list[DistanceSummary]:
    """Distance travelled on each published measure the programme's people answered.

    One query to find the measures, then :func:`distance_travelled` for each
    (a handful of measures, however many people).
    """
    used = Assessment.objects.filter(f.people_q("person__"), version__framework__measure=True)
    measures = Framework.objects.filter(
        pk__in=used.values("version__framework_id").distinct()
    ).order_by("name")
    return [distance_travelled(f, measure) for measure in measures]


@dataclass
class AgencyTotal:
    agency: str
    label: str
    total: Decimal = Decimal("0.00")
    records: int = 0
    by_confidence: dict[str, Decimal] = field(default_factory=dict)


EVIDENCED_ONLY: tuple[str, ...] = (Confidence.EVIDENCED,)
EVERY_LEVEL: tuple[str, ...] = tuple(Confidence.values)


def counted_confidence(
    records: QuerySet[AvoidedService], levels: Iterable[str]
) -> QuerySet[AvoidedService]:
    """Services avoided at these levels of confidence only.

    The one rule every figure of avoided services uses (dashboard, outcomes
    summary, SROI bindings), so each can say exactly which levels it counts
    with :func:`confidence_text`.
    """
    return records.filter(confidence__in=list(levels))


def confidence_text(levels: Iterable[str]) -> str:
    """Which levels of confidence a figure counts, in words a board reads."""
    chosen = set(levels)
    if chosen >= set(EVERY_LEVEL):
        return gettext("every level of confidence (evidenced, reported and judged)")
    names = {
        Confidence.EVIDENCED: gettext("evidenced by a professional"),
        Confidence.REPORTED: gettext("reported by the person"),
        Confidence.JUDGED: gettext("the coordinator’s judgement"),
    }
    counted = [names[c] for c in EVERY_LEVEL if c in chosen]
    if len(counted) == 1:
        return gettext("only services %(level)s") % {"level": counted[0]}
    return gettext("only services %(level)s or %(other)s") % {
        "level": counted[0],
        "other": counted[1],
    }


@dataclass(frozen=True)
class AvoidedCostSummary:
    price_year: str
    #: Price years of the unit costs used that the source did not print (we assumed them).
    assumed_price_years: list[str]
    evidenced_only: bool
    by_agency: list[AgencyTotal]
    total: Decimal
    records: int
    people: int
    confidence_totals: dict[str, Decimal]
    confidence_records: dict[str, int]

    @property
    def levels_text(self) -> str:
        return confidence_text(EVIDENCED_ONLY if self.evidenced_only else EVERY_LEVEL)

    def confidence_mix(self) -> list[tuple[str, Decimal, int, float]]:
        """(label, total, records, share of the total as a percentage) per confidence level."""
        labels = dict(Confidence.choices)
        return [
            (
                labels[code],
                self.confidence_totals.get(code, Decimal("0.00")),
                self.confidence_records.get(code, 0),
                float(self.confidence_totals.get(code, 0) / self.total * 100)
                if self.total
                else 0.0,
            )
            for code in Confidence.values
        ]


def avoided_cost_totals(
    f: OutcomeFilter, *, prices: Prices, evidenced_only: bool = False
) -> AvoidedCostSummary:
    """Avoided costs by agency and confidence, at one price year. Three queries.

    The database sums quantity × unit cost per (agency, confidence, price
    year); each sum is then uprated with the GDP deflator of `prices`. With
    ``evidenced_only`` only items evidenced by a professional count.
    """
    price_year = prices.year
    records = counted_confidence(
        f.dated(AvoidedService.objects.filter(f.people_q("person__"))),
        EVIDENCED_ONLY if evidenced_only else EVERY_LEVEL,
    )
    value = ExpressionWrapper(
        F("quantity") * F("unit_cost__amount"),
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )
    rows = (
        records.values(
            "agency", "confidence", "unit_cost__price_year", "unit_cost__price_year_assumed"
        )
        .annotate(value=Sum(value), records=Count("pk"))
        .order_by()
    )
    labels = dict(Agency.choices)
    deflators = prices.deflators
    assumed: set[str] = set()
    by_agency: dict[str, AgencyTotal] = {}
    confidence_totals: dict[str, Decimal] = defaultdict(Decimal)
    confidence_records: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["unit_cost__price_year_assumed"]:
            assumed.add(row["unit_cost__price_year"])
        amount = money(
            Decimal(row["value"])
            * uprating_factor(row["unit_cost__price_year"], price_year, deflators)
        )
        total = by_agency.setdefault(
            row["agency"], AgencyTotal(row["agency"], labels.get(row["agency"], row["agency"]))
        )
        total.total += amount
        total.records += row["records"]
        total.by_confidence[row["confidence"]] = (
            total.by_confidence.get(row["confidence"], Decimal("0.00")) + amount
        )
        confidence_totals[row["confidence"]] += amount
        confidence_records[row["confidence"]] += row["records"]
    people = records.values("person").distinct().count()
    ordered = sorted(by_agency.values(), key=lambda t: (-t.total, t.label))
    return AvoidedCostSummary(
        price_year=price_year,
        assumed_price_years=sorted(assumed),
        evidenced_only=evidenced_only,
        by_agency=ordered,
        total=sum((t.total for t in ordered), Decimal("0.00")),
        records=sum(t.records for t in ordered),
        people=people,
        confidence_totals=dict(confidence_totals),
        confidence_records=dict(confidence_records),
    )


def programmes_for_figures(programme_ids: Iterable[int]) -> QuerySet[Programme]:
    return Programme.objects.filter(pk__in=sorted(programme_ids)).order_by("name")


# --- Outcomes by group (the Derby report asks whether outcomes differ by category and age) ---


@dataclass(frozen=True)
class GroupOutcomes:
    """One group of people (a primary category or an age band; "" where not recorded)."""

    value: str
    distance: GroupSummary
    events: int = 0
    people_with_events: int = 0
    avoided_records: int = 0
    avoided_people: int = 0
    avoided_value: Decimal = Decimal("0.00")


def outcomes_by_group(
    f: OutcomeFilter, *, group: str, prices: Prices, fold: Callable[[str], str] | None = None
) -> list[GroupOutcomes]:
    """Distance travelled, outcome events and services avoided per value of a person field.

    `group` is one of distance.GROUP_COLUMNS; `fold`, if given, puts values together
    (each ethnic group under its census heading): a person has one value, so counts of
    people add up across the values folded. Four queries however many people; avoided
    services are restated to `prices`.
    """
    key: Callable[[str], str] = fold or (lambda value: value or "")
    pairs: dict[str, dict[Pair, int]] = defaultdict(dict)
    for value, counted in distance.changes_by_group(
        distance.Scope([f.programme.pk], f.start, f.end, f.neighbourhood_ids), group
    ).items():
        into = pairs[key(value)]
        for pair, people in counted.items():
            into[pair] = into.get(pair, 0) + people
    person_group = f"person__{group}"
    events = _folded(
        f.dated(OutcomeEvent.objects.filter(f.people_q("person__")))
        .values(person_group)
        .annotate(n=Count("pk"), people=Count("person", distinct=True))
        .order_by(),
        person_group,
        key,
    )
    value = ExpressionWrapper(
        F("quantity") * F("unit_cost__amount"),
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )
    records = counted_confidence(
        f.dated(AvoidedService.objects.filter(f.people_q("person__"))), EVERY_LEVEL
    )
    avoided = _folded(
        records.values(person_group)
        .annotate(n=Count("pk"), people=Count("person", distinct=True))
        .order_by(),
        person_group,
        key,
    )
    worth: dict[str, Decimal] = defaultdict(Decimal)
    for r in (
        records.values(person_group, "unit_cost__price_year").annotate(value=Sum(value)).order_by()
    ):
        factor = uprating_factor(r["unit_cost__price_year"], prices.year, prices.deflators)
        worth[key(r[person_group])] += money(Decimal(r["value"]) * factor)
    return [
        GroupOutcomes(
            value=key,
            distance=summarise_counted(pairs.get(key, {})),
            events=events[key]["n"] if key in events else 0,
            people_with_events=events[key]["people"] if key in events else 0,
            avoided_records=avoided[key]["n"] if key in avoided else 0,
            avoided_people=avoided[key]["people"] if key in avoided else 0,
            avoided_value=worth.get(key, Decimal("0.00")),
        )
        for key in sorted({*pairs, *events, *avoided})
    ]


def _folded(
    rows: Iterable[dict[str, Any]], column: str, key: Callable[[str], str]
) -> dict[str, dict[str, int]]:
    """Grouped counts ("n" records, "people") added up under each folded value."""
    folded: dict[str, dict[str, int]] = defaultdict(lambda: {"n": 0, "people": 0})
    for r in rows:
        into = folded[key(r[column])]
        into["n"] += r["n"]
        into["people"] += r["people"]
    return folded


# --- The outcomes summary as a role may see it ------------------------------------------


@dataclass(frozen=True)
class ShownEvents:
    name: str
    events: Cell
    people: Cell


@dataclass(frozen=True)
class ShownRecords:
    """A row of services avoided: its value is hidden (None) with its count."""

    label: str
    records: Cell
    total: Decimal | None
    share: float | None = None


@dataclass(frozen=True)
class ShownMeasure:
    """Distance travelled on one published measure, as the summary shows it."""

    distance: DistanceSummary
    items: list[DomainSummary]
    """With suppression, items answered again by too few people are left out."""
    too_few: bool
    answered_themselves: Cell
    """People who answered it themselves, through a one-time link, in the period."""


def _shown_measure(f: OutcomeFilter, travelled: DistanceSummary, suppress: bool) -> ShownMeasure:
    shown = suppress_value if suppress else _as_is
    answered = f.dated(
        Assessment.objects.filter(
            f.people_q("person__"), version__framework=travelled.measure, self_reported=True
        )
    )
    return ShownMeasure(
        distance=travelled,
        items=[d for d in travelled.by_domain if not (suppress and is_small(d.summary.n))],
        too_few=suppress and is_small(travelled.overall.n),
        answered_themselves=shown(answered.values("person_id").distinct().count()),
    )


@dataclass(frozen=True)
class OutcomesSummary:
    filter: OutcomeFilter
    prices: Prices
    suppressed: bool
    events: list[ShownEvents]
    distance: DistanceSummary
    domains: list[DomainSummary]
    """The life areas shown: with suppression, those scored again by too few are left out."""
    distance_too_few: bool
    people_assessed: Cell
    costs: AvoidedCostSummary
    costs_too_few: bool
    records: Cell
    people: Cell
    agencies: list[ShownRecords]
    confidence: list[ShownRecords]
    measures: list[ShownMeasure]


def outcomes_summary(
    f: OutcomeFilter, *, prices: Prices, evidenced_only: bool, suppress: bool
) -> OutcomesSummary:
    """What changed, distance travelled and costs avoided, with small numbers hidden if asked.

    ``suppress`` is for roles that see aggregates only (``Scope.sees_aggregates_only``):
    counts go through ``lac.lib.disclosure``, totals included, and a value is
    hidden with the count it was summed over.
    """
    events = outcome_event_counts(f)
    travelled = distance_travelled(f)
    costs = avoided_cost_totals(f, prices=prices, evidenced_only=evidenced_only)
    shown = suppress_value if suppress else _as_is
    agency_cells, agency_total = _column(
        [t.records for t in costs.by_agency], costs.records, suppress
    )
    mix = costs.confidence_mix()
    confidence_cells, confidence_total = _column([m[2] for m in mix], costs.records, suppress)
    return OutcomesSummary(
        filter=f,
        prices=prices,
        suppressed=suppress,
        events=[ShownEvents(e.name, shown(e.events), shown(e.people)) for e in events],
        distance=travelled,
        domains=[d for d in travelled.by_domain if not (suppress and is_small(d.summary.n))],
        distance_too_few=suppress and is_small(travelled.overall.n),
        people_assessed=shown(travelled.people_assessed),
        costs=costs,
        costs_too_few=suppress and is_small(costs.records),
        records=agency_total if isinstance(agency_total, str) else confidence_total,
        people=shown(costs.people),
        agencies=[
            ShownRecords(t.label, cell, None if isinstance(cell, str) else t.total)
            for t, cell in zip(costs.by_agency, agency_cells, strict=True)
        ],
        confidence=[
            ShownRecords(
                label,
                cell,
                None if isinstance(cell, str) else total,
                None if isinstance(cell, str) else share,
            )
            for (label, total, _, share), cell in zip(mix, confidence_cells, strict=True)
        ],
        measures=[_shown_measure(f, m, suppress) for m in measure_distances(f)],
    )


def _as_is(value: float) -> Cell:
    return value


def _column(values: list[int], total: int, suppress: bool) -> tuple[list[Cell], Cell]:
    if not suppress:
        return list(values), total
    return suppress_column(values)
