"""Programmes side by side, with the same definitions, for a network's viewers.

Always suppressed: network viewers never see personal data. Every figure
comes from one grouped query over all the programmes at once, so the page
takes the same few queries however many programmes and records there are.

Distance travelled is the outcomes app's own (lac.outcomes.distance, grouped
over every programme at once): the change in each person's average over the
life areas scored at both their first and their latest assessment. Avoided
costs are summed per rate-card price year and uprated to each programme's
price year with the outcomes app's deflator helper.

For a financial year (or its first months) the counts are added up from the
kept monthly totals (lac.reports.monthly). Distance travelled, and every
figure of other periods, is kept per programme until one of its records
changes (lac.reports.figures_cache; for distance, a record other than a
conversation), so a change in one programme costs one programme's queries,
not the network's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
)

from lac.accounts.models import Membership, Programme, Role
from lac.casework.models import Conversation, Introduction
from lac.evaluation.evidence import value_split
from lac.evaluation.models import Run
from lac.evaluation.selectors import published_runs_by_programme
from lac.lib.disclosure import Cell, is_small, label, suppress_value
from lac.lib.replica import replica_reads
from lac.outcomes import distance
from lac.outcomes.models import (
    DEFAULT_PRICE_YEAR,
    AvoidedService,
    OutcomeSettings,
    UnitCost,
)
from lac.outcomes.ratecards import money, uprating_factor
from lac.outcomes.selectors import deflators_in_use
from lac.outcomes.statistics import summarise_counted
from lac.people.models import Level, Person
from lac.reports import figures_cache, monthly
from lac.value import DeflatorTable


@dataclass
class ProgrammeFigures:
    programme: Programme
    coordinators: Cell
    introductions: Cell
    introductions_per_coordinator: Cell
    people: Cell
    level2_share: Cell
    reassessed: Cell
    improved_percent: Cell
    average_change: Cell
    avoided_total: Cell
    avoided_per_coordinator: Cell
    price_year: str
    sroi: dict[str, Any] | None


def _hide_with(count: Cell, value: float | None) -> Cell:
    if isinstance(count, str):
        return count
    return "–" if value is None else value


@dataclass
class Distance:
    n: int = 0
    improved: int = 0
    total_change: float = 0.0

    @property
    def improved_percent(self) -> float | None:
        return self.improved / self.n * 100 if self.n else None

    @property
    def average_change(self) -> float | None:
        return self.total_change / self.n if self.n else None


@dataclass
class RecordFigures:
    """One programme's figures drawn from its records (kept until a record changes)."""

    introductions: int = 0
    levels: dict[int, int] = field(default_factory=dict)
    distance: Distance = field(default_factory=Distance)
    avoided_by_price_year: dict[str, tuple[Decimal, int]] = field(default_factory=dict)
    """Value at card prices and number of records, per rate-card price year."""


@replica_reads()
def compare(programmes: list[Programme], start: date, end: date) -> list[ProgrammeFigures]:
    """Each programme's figures for the period (read from the replica, if any)."""
    ids = [p.pk for p in programmes]
    coordinators = dict(
        Membership.objects.filter(programme__in=ids, role=Role.COORDINATOR)
        .values("programme")
        .annotate(n=Count("user", distinct=True))
        .values_list("programme", "n")
    )
    records = _record_figures(ids, start, end)
    runs = published_runs_by_programme(ids)
    price_years = dict(
        OutcomeSettings.objects.filter(programme__in=ids).values_list("programme", "price_year")
    )
    deflators = deflators_in_use()
    rows = []
    for programme in programmes:
        figures = records[programme.pk]
        travelled = figures.distance
        price_year = price_years.get(programme.pk, DEFAULT_PRICE_YEAR)
        costs = _valued(figures.avoided_by_price_year, price_year, deflators)
        staff = coordinators.get(programme.pk, 0)
        intros = figures.introductions
        people = sum(figures.levels.values())
        level2 = figures.levels.get(Level.LEVEL_2, 0)
        shown_intros = suppress_value(intros)
        shown_people = suppress_value(people)
        shown_reassessed = suppress_value(travelled.n)
        shown_records = suppress_value(costs.records)
        run = runs.get(programme.pk)
        rows.append(
            ProgrammeFigures(
                programme=programme,
                coordinators=staff,
                introductions=shown_intros,
                introductions_per_coordinator=_hide_with(
                    shown_intros, intros / staff if staff else None
                ),
                people=shown_people,
                level2_share=label()
                if any(is_small(n) for n in (people, level2, people - level2))
                else (level2 / people * 100 if people else "–"),
                reassessed=shown_reassessed,
                improved_percent=_hide_with(shown_reassessed, travelled.improved_percent),
                average_change=_hide_with(shown_reassessed, travelled.average_change),
                avoided_total=_hide_with(shown_records, float(costs.total)),
                avoided_per_coordinator=_hide_with(
                    shown_records, float(costs.total) / staff if staff else None
                ),
                price_year=price_year,
                sroi=None if run is None else _sroi(run),
            )
        )
    return rows


def _run_summary(run: Run) -> dict[str, Any]:
    return {
        "pk": run.pk,
        "map": run.version.impact_map.name,
        "version": run.version.number,
        "ratio": run.result["sroi_ratio"],
        "period_start": run.period_start,
        "period_end": run.period_end,
    }


def _sroi(run: Run) -> dict[str, Any]:
    """A programme's published evaluation beside the published forecast fixed on it."""
    split = value_split(run)
    forecast = run.compared_with
    return {
        **_run_summary(run),
        "counted_ratio": split.counted_ratio if split else None,
        "p5": run.simulation["p5"],
        "p95": run.simulation["p95"],
        "definition": definition_key(run.document),
        "forecast": None if forecast is None else _run_summary(forecast),
    }


def definition_key(document: dict[str, Any]) -> str:
    """What makes two maps' ratios comparable: the same outcomes, proxies and adjustments.

    Quantities, inputs and names are left out: they are what a programme
    counts or spends, not how value is defined.
    """
    outcomes = sorted(
        (
            o["id"],
            o["stakeholder"],
            o["proxy"]["value"],
            o["duration"],
            o["start_year"],
            o["deadweight"],
            o["displacement"],
            o["attribution"],
            o["drop_off"],
            o["include"],
        )
        for o in document["outcomes"]
    )
    return repr((document.get("discount_rate"), outcomes))


def maps_differ(rows: list[ProgrammeFigures]) -> bool:
    """True when the published evaluations shown rest on maps that define value differently."""
    return len({r.sroi["definition"] for r in rows if r.sroi}) > 1


def _record_figures(ids: list[int], start: date, end: date) -> dict[int, RecordFigures]:
    """Each programme's figures drawn from its records.

    For a financial year (or its first months), the counts come from the kept
    monthly totals (lac.reports.monthly) and only distance travelled is
    grouped from records, kept per programme until its records change;
    other periods group everything, kept the same way.
    """
    scope = f"{start}:{end}"
    if not monthly.adds_up(start, end, distinct=True):
        return figures_cache.per_programme(
            "network", ids, scope, lambda missing: _records(missing, start, end), RecordFigures
        )
    travelled = figures_cache.per_programme(
        "network-distance",
        ids,
        scope,
        lambda missing: _travelled(missing, start, end),
        Distance,
        ignoring=figures_cache.EVERYDAY_RECORD,
    )
    result = _counted_from_monthly(ids, start, end)
    for programme_id in ids:
        result[programme_id].distance = travelled[programme_id]
    return result


def _counted_from_monthly(ids: list[int], start: date, end: date) -> dict[int, RecordFigures]:
    """Introductions, people by level and services avoided from the kept totals. Two queries."""
    kept = monthly.totals(
        ids,
        start,
        end,
        [
            monthly.INTRODUCTIONS,
            monthly.SUPPORTED,
            monthly.AVOIDED_QUANTITY,
            monthly.AVOIDED_RECORDS,
        ],
    )
    unit_costs = {
        str(pk): (amount, price_year)
        for pk, amount, price_year in UnitCost.objects.filter(
            pk__in=[int(key) for (_, _, measure, key) in kept if measure == monthly.AVOIDED_RECORDS]
        ).values_list("pk", "amount", "price_year")
    }
    result: dict[int, RecordFigures] = {pk: RecordFigures() for pk in ids}
    for (programme_id, _, measure, key), value in kept.items():
        figures = result[programme_id]
        if measure == monthly.INTRODUCTIONS:
            figures.introductions += int(value)
        elif measure == monthly.SUPPORTED:
            level = int(key.split(":", 1)[0])
            figures.levels[level] = figures.levels.get(level, 0) + int(value)
        else:
            amount, price_year = unit_costs[key]
            total, records = figures.avoided_by_price_year.get(price_year, (Decimal(0), 0))
            if measure == monthly.AVOIDED_QUANTITY:
                total += value * amount
            else:
                records += int(value)
            figures.avoided_by_price_year[price_year] = (total, records)
    return result


def _records(ids: list[int], start: date, end: date) -> dict[int, RecordFigures]:
    """The record figures of these programmes, each grouped over all of them at once.

    People supported: introduced to their own programme, or spoken with, in the
    period (as the dashboard counts them).
    """
    result: dict[int, RecordFigures] = defaultdict(RecordFigures)
    for programme_id, n in (
        Introduction.objects.filter(
            programme__in=ids, date__gte=start, date__lte=end, person__merged_into__isnull=True
        )
        .values("programme")
        .annotate(n=Count("pk"))
        .values_list("programme", "n")
    ):
        result[programme_id].introductions = n
    supported = Exists(
        Conversation.objects.filter(person=OuterRef("pk"), date__gte=start, date__lte=end)
    ) | Exists(
        Introduction.objects.filter(
            person=OuterRef("pk"),
            programme=OuterRef("neighbourhood__programme"),
            date__gte=start,
            date__lte=end,
        )
    )
    for programme_id, level, n in (
        Person.objects.filter(Q(neighbourhood__programme__in=ids), merged_into__isnull=True)
        .filter(supported)
        .values("neighbourhood__programme", "level")
        .annotate(n=Count("pk"))
        .values_list("neighbourhood__programme", "level", "n")
    ):
        result[programme_id].levels[level] = n
    for programme_id, travelled in _travelled(ids, start, end).items():
        result[programme_id].distance = travelled
    for programme_id, price_year, value, records in _avoided(ids, start, end):
        result[programme_id].avoided_by_price_year[price_year] = (value, records)
    return result


def _travelled(ids: list[int], start: date, end: date) -> dict[int, Distance]:
    """Distance travelled in each programme, grouped over all of them at once."""
    result = {}
    for programme_id, changes in distance.changes(
        distance.Scope(ids, start, end), by_domain=False
    ).items():
        summary = summarise_counted(changes.overall)
        result[programme_id] = Distance(
            n=summary.n,
            improved=summary.improved,
            total_change=(summary.average_change or 0.0) * summary.n,
        )
    return result


@dataclass
class Costs:
    total: Decimal = Decimal("0.00")
    records: int = 0


def _avoided(ids: list[int], start: date, end: date) -> list[tuple[int, str, Decimal, int]]:
    """Services avoided in the period: (programme, price year, value, records). One query."""
    value = ExpressionWrapper(
        F("quantity") * F("unit_cost__amount"),
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )
    rows = (
        AvoidedService.objects.filter(
            person__neighbourhood__programme__in=ids,
            person__merged_into__isnull=True,
            date__gte=start,
            date__lte=end,
        )
        .values("person__neighbourhood__programme", "unit_cost__price_year")
        .annotate(value=Sum(value), records=Count("pk"))
        .order_by()
    )
    return [
        (
            row["person__neighbourhood__programme"],
            row["unit_cost__price_year"],
            Decimal(row["value"]),
            row["records"],
        )
        for row in rows
    ]


def _valued(
    by_price_year: dict[str, tuple[Decimal, int]], price_year: str, deflators: DeflatorTable
) -> Costs:
    """Avoided costs uprated from each rate card's price year to the programme's."""
    costs = Costs()
    for from_year, (value, records) in by_price_year.items():
        costs.total += money(value * uprating_factor(from_year, price_year, deflators))
        costs.records += records
    return costs
