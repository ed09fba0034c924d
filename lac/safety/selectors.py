"""Reads for risk flags and visits, each already limited to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from lac.accounts.models import User
from lac.accounts.permissions import Capability, Scope
from lac.people.models import Person
from lac.safety.models import RiskFlag, Visit


def flags_of(person: Person) -> list[RiskFlag]:
    """The person's flags in force, oldest first, with who set them."""
    return list(person.risk_flags.filter(removed_at__isnull=True).select_related("set_by"))


def open_visit_of(user: User) -> Visit | None:
    return (
        Visit.objects.filter(coordinator=user, ended_at__isnull=True)
        .select_related("person")
        .first()
    )


@dataclass(frozen=True)
class TeamVisits:
    under_way: list[Visit]
    overdue: list[Visit]
    ended_today: list[Visit]


def team_visits(scope: Scope, now: datetime | None = None) -> TeamVisits:
    """Visits in the programmes whose teams the reader manages: overdue first."""
    now = now or timezone.now()
    visits: QuerySet[Visit] = Visit.objects.filter(
        programme_id__in=scope.programme_ids(Capability.VIEW_TEAM)
    ).select_related("coordinator", "person")
    open_ = list(visits.filter(ended_at__isnull=True).order_by("expected_back"))
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return TeamVisits(
        under_way=[v for v in open_ if v.expected_back >= now],
        overdue=[v for v in open_ if v.expected_back < now],
        ended_today=list(visits.filter(ended_at__gte=today).order_by("-ended_at")[:50]),
    )


def overdue_count(scope: Scope, now: datetime | None = None) -> int:
    """How many visits are overdue in the reader's teams, for their home page."""
    return Visit.objects.filter(
        programme_id__in=scope.programme_ids(Capability.VIEW_TEAM),
        ended_at__isnull=True,
        expected_back__lt=now or timezone.now(),
    ).count()
