"""Programmes side by side, with the same definitions, for a network's viewers.

Always suppressed: network viewers never see personal data. Every figure
comes from one grouped query over all the programmes at once, so the page
takes the same few queries however many programmes and records there are.

Distance travelled and avoided costs follow the outcomes app's definitions
(its per-programme selectors took about 0.3 s a programme at the network
demo scale, so they are grouped here): a person counts when their latest
assessment up to the end of the period falls within it and comes after their
first; the change is the average score at the latest minus the average at the
first (the outcomes app averages over the life areas scored both times, the
same when every area is scored each time). Avoided costs are summed per price
year and uprated to each programme's price year with the outcomes app's
deflator helper.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
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
from lac.evaluation.selectors import latest_runs_by_programme
from lac.outcomes.models import (
    DEFAULT_PRICE_YEAR,
    Assessment,
    AvoidedService,
    DomainScore,
    OutcomeSettings,
)
from lac.outcomes.ratecards import money, uprating_factor
from lac.people.models import Level, Person
from lac.reports.suppression import Cell, is_small, label, suppress_value


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


def compare(programmes: list[Programme], start: date, end: date) -> list[ProgrammeFigures]:
    ids = [p.pk for p in programmes]
    coordinators = dict(
        Membership.objects.filter(programme__in=ids, role=Role.COORDINATOR)
        .values("programme")
        .annotate(n=Count("user", distinct=True))
        .values_list("programme", "n")
    )
    introductions = dict(
        Introduction.objects.filter(
            programme__in=ids, date__gte=start, date__lte=end, person__merged_into__isnull=True
        )
        .values("programme")
        .annotate(n=Count("pk"))
        .values_list("programme", "n")
    )
    supported = Exists(
        Conversation.objects.filter(person=OuterRef("pk"), date__gte=start, date__lte=end)
    ) | Exists(Introduction.objects.filter(person=OuterRef("pk"), date__gte=start, date__lte=end))
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for programme_id, level, n in (
        Person.objects.filter(Q(neighbourhood__programme__in=ids), merged_into__isnull=True)
        .filter(supported)
        .values("neighbourhood__programme", "level")
        .annotate(n=Count("pk"))
        .values_list("neighbourhood__programme", "level", "n")
    ):
        levels[programme_id][level] = n
    runs = latest_runs_by_programme(ids)
    distances = _distances(ids, start, end)
    price_years = dict(
        OutcomeSettings.objects.filter(programme__in=ids).values_list("programme", "price_year")
    )
    costs_by_programme = _avoided(ids, start, end, price_years)
    rows = []
    for programme in programmes:
        distance = distances.get(programme.pk, Distance())
        price_year = price_years.get(programme.pk, DEFAULT_PRICE_YEAR)
        costs = costs_by_programme.get(programme.pk, Costs())
        staff = coordinators.get(programme.pk, 0)
        intros = introductions.get(programme.pk, 0)
        people = sum(levels[programme.pk].values())
        level2 = levels[programme.pk].get(Level.LEVEL_2, 0)
        shown_intros = suppress_value(intros)
        shown_people = suppress_value(people)
        shown_reassessed = suppress_value(distance.n)
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
                improved_percent=_hide_with(shown_reassessed, distance.improved_percent),
                average_change=_hide_with(shown_reassessed, distance.average_change),
                avoided_total=_hide_with(shown_records, float(costs.total)),
                avoided_per_coordinator=_hide_with(
                    shown_records, float(costs.total) / staff if staff else None
                ),
                price_year=price_year,
                sroi=None
                if run is None
                else {
                    "ratio": run.result["sroi_ratio"],
                    "p5": run.simulation["p5"],
                    "p95": run.simulation["p95"],
                    "pk": run.pk,
                    "period_start": run.period_start,
                    "period_end": run.period_end,
                },
            )
        )
    return rows


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


def _distances(ids: list[int], start: date, end: date) -> dict[int, Distance]:
    """First and latest average scores of everyone reassessed in the period (one query)."""
    rows = (
        DomainScore.objects.filter(
            assessment__person__neighbourhood__programme__in=ids,
            assessment__person__merged_into__isnull=True,
            assessment__date__lte=end,
            # Only people assessed in the period can count: skip everyone else early.
            assessment__person__in=Assessment.objects.filter(date__gte=start, date__lte=end).values(
                "person"
            ),
        )
        .values(
            "assessment__person__neighbourhood__programme",
            "assessment__person",
            "assessment_id",
            "assessment__date",
        )
        .annotate(mean=Avg("score"))
        .order_by("assessment__person", "assessment__date", "assessment_id")
        .values_list(
            "assessment__person__neighbourhood__programme",
            "assessment__person",
            "assessment__date",
            "mean",
        )
    )
    first: dict[int, tuple[int, float]] = {}
    latest: dict[int, tuple[date, float]] = {}
    for programme_id, person_id, when, mean in rows.iterator(chunk_size=10_000):
        if person_id not in first:
            first[person_id] = (programme_id, float(mean))
        else:
            latest[person_id] = (when, float(mean))
    result: dict[int, Distance] = defaultdict(Distance)
    for person_id, (when, mean) in latest.items():
        if when < start:
            continue
        programme_id, before = first[person_id]
        d = result[programme_id]
        d.n += 1
        d.improved += mean > before
        d.total_change += mean - before
    return result


@dataclass
class Costs:
    total: Decimal = Decimal("0.00")
    records: int = 0


def _avoided(
    ids: list[int], start: date, end: date, price_years: dict[int, str]
) -> dict[int, Costs]:
    """Services avoided in the period, valued at each programme's price year (one query)."""
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
    result: dict[int, Costs] = defaultdict(Costs)
    for row in rows:
        programme_id = row["person__neighbourhood__programme"]
        to_year = price_years.get(programme_id, DEFAULT_PRICE_YEAR)
        factor = uprating_factor(row["unit_cost__price_year"], to_year)
        costs = result[programme_id]
        costs.total += money(Decimal(row["value"]) * factor)
        costs.records += row["records"]
    return result
