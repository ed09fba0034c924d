"""Evaluative quantities: each outcome's quantity drawn from the records of a period.

A binding is ``{"kind": ..., "parameter": ...}`` stored with an impact-map
version. Each kind is a small function over the other apps' models that takes
a fixed number of queries however many records there are (the database counts
and sums; Python only finishes). Where another app already has the selector
(outcome event counts) we use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from lac.accounts.models import Programme
from lac.community.models import AssetEvent, Connection, Contribution, ContributionKind, EventKind
from lac.outcomes import distance
from lac.outcomes.models import AvoidedService
from lac.outcomes.selectors import OutcomeFilter, outcome_event_counts
from lac.people.models import Level


@dataclass(frozen=True)
class Period:
    programme: Programme
    start: date
    end: date

    @property
    def outcome_filter(self) -> OutcomeFilter:
        return OutcomeFilter(self.programme, self.start, self.end)


@dataclass(frozen=True)
class BindingKind:
    code: str
    label: str
    parameter_label: str
    """What the parameter means; empty when the kind takes none."""
    count: Callable[[Period, str], float]

    def describe(self, parameter: str) -> str:
        return f"{self.label}: {parameter}" if self.parameter_label else self.label


def people_with_event(period: Period, code: str) -> float:
    """Distinct people with at least one outcome event of this type code in the period."""
    return float(
        sum(c.people for c in outcome_event_counts(period.outcome_filter) if c.code == code)
    )


def level2_people_improved(period: Period, domain_key: str) -> float:
    """Level 2 people whose score in the life area improved: distance travelled's definition.

    The dashboard's (lac.outcomes.distance): a person's first assessment
    against their latest one up to the end of the period, which must fall in
    it; the life area must be scored at both. One query.
    """
    counted = distance.changes(
        distance.Scope([period.programme.pk], period.start, period.end, level=Level.LEVEL_2)
    ).get(period.programme.pk)
    pairs = counted.by_domain.get(domain_key, {}) if counted is not None else {}
    return float(sum(people for pair, people in pairs.items() if pair.latest > pair.first))


def avoided_items(period: Period, item: str) -> float:
    """Units of one rate-card item avoided in the period (the sum of the recorded quantities)."""
    records = period.outcome_filter.dated(
        AvoidedService.objects.filter(period.outcome_filter.people_q("person__"))
    )
    total = records.filter(unit_cost__item=item).aggregate(total=Sum("quantity"))["total"]
    return float(total or Decimal(0))


def volunteering_hours(period: Period, _parameter: str = "") -> float:
    """Hours recorded on volunteering and befriending that started in the period."""
    total = Contribution.objects.filter(
        period.outcome_filter.people_q("person__"),
        kind__in=[ContributionKind.VOLUNTEERING, ContributionKind.BEFRIENDING],
        started__gte=period.start,
        started__lte=period.end,
    ).aggregate(total=Sum("hours"))["total"]
    return float(total or Decimal(0))


def new_groups(period: Period, _parameter: str = "") -> float:
    """New community groups recorded as established in the period."""
    return float(
        AssetEvent.objects.filter(
            asset__programme=period.programme,
            kind=EventKind.ESTABLISHED,
            date__gte=period.start,
            date__lte=period.end,
        ).count()
    )


def people_connected(period: Period, _parameter: str = "") -> float:
    """Distinct people with at least one connection made in the period."""
    return float(
        Connection.objects.filter(
            period.outcome_filter.people_q("person__"),
            date__gte=period.start,
            date__lte=period.end,
        ).aggregate(people=Count("person", distinct=True))["people"]
    )


def people_at_level(period: Period, level: str) -> float:
    """Distinct people introduced in the period who are now at this level (1 or 2)."""
    from lac.casework.models import Introduction

    return float(
        Introduction.objects.filter(
            Q(programme=period.programme),
            Q(person__merged_into__isnull=True),
            person__level=int(level),
            date__gte=period.start,
            date__lte=period.end,
        ).aggregate(people=Count("person", distinct=True))["people"]
    )


KINDS: dict[str, BindingKind] = {
    k.code: k
    for k in (
        BindingKind(
            "event_people",
            "People with an outcome event of a type",
            "Outcome event type code",
            people_with_event,
        ),
        BindingKind(
            "level2_improved",
            "Level 2 people whose score improved in a life area",
            "Life area (domain) key",
            level2_people_improved,
        ),
        BindingKind(
            "avoided_items",
            "Units of a service avoided (rate card item)",
            "Rate card item",
            avoided_items,
        ),
        BindingKind(
            "volunteering_hours", "Hours of volunteering and befriending", "", volunteering_hours
        ),
        BindingKind("new_groups", "New community groups established", "", new_groups),
        BindingKind(
            "people_connected", "People with at least one connection", "", people_connected
        ),
        BindingKind(
            "people_at_level",
            "People introduced, by current level",
            "Level (1 or 2)",
            people_at_level,
        ),
    )
}
KIND_CHOICES = [("", "Typed in (not bound)")] + [(k.code, k.label) for k in KINDS.values()]


def check_binding(outcome_id: str, binding: Mapping[str, Any]) -> str | None:
    """A message naming the problem with one binding, or None when it is usable."""
    kind = KINDS.get(str(binding.get("kind", "")))
    if kind is None:
        return f"{outcome_id}: unknown binding kind {binding.get('kind')!r}"
    parameter = str(binding.get("parameter", "")).strip()
    if kind.parameter_label and not parameter:
        return f"{outcome_id}: “{kind.label}” needs a {kind.parameter_label.lower()}"
    if kind.code == "people_at_level" and parameter not in {"1", "2"}:
        return f"{outcome_id}: the level must be 1 or 2, got {parameter!r}"
    return None


@dataclass(frozen=True)
class Resolved:
    outcome_id: str
    kind: str
    parameter: str
    label: str
    quantity: float


def resolve(period: Period, bindings: Mapping[str, Mapping[str, Any]]) -> list[Resolved]:
    """Each binding's count for the period, in a fixed number of queries per binding."""
    resolved = []
    for outcome_id, binding in bindings.items():
        kind = KINDS[binding["kind"]]
        parameter = str(binding.get("parameter", "")).strip()
        resolved.append(
            Resolved(
                outcome_id,
                kind.code,
                parameter,
                kind.describe(parameter),
                kind.count(period, parameter),
            )
        )
    return resolved
