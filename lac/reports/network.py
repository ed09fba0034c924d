"""Programmes side by side, with the same definitions, for a network's viewers.

Always suppressed: network viewers never see personal data. Introductions,
people and coordinators come from grouped queries over every programme at
once; distance travelled and avoided costs use the outcomes app's selectors
once per programme (so the queries grow with the number of programmes
compared, never with the number of records).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from lac.accounts.models import Membership, Programme, Role
from lac.casework.models import Conversation, Introduction
from lac.evaluation.selectors import latest_runs_by_programme
from lac.outcomes.selectors import (
    OutcomeFilter,
    avoided_cost_totals,
    distance_travelled,
    price_year_for,
)
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
    rows = []
    for programme in programmes:
        f = OutcomeFilter(programme, start, end)
        distance = distance_travelled(f).overall
        price_year = price_year_for(programme)
        costs = avoided_cost_totals(f, price_year=price_year)
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
