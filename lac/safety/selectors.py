"""Reads for risk flags, visits and safeguarding concerns, each already limited to what
the reader may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from lac.accounts.models import Programme, User
from lac.accounts.permissions import Capability, Scope
from lac.audit.actor import Actor
from lac.audit.services import audit_read
from lac.people.models import Person
from lac.safety.models import Concern, RiskFlag, Visit, VisitEvent, VisitEventKind

#: Where :func:`with_flags` puts each person's flags in force.
FLAGS_IN_FORCE = "flags_in_force"


def _in_force() -> QuerySet[RiskFlag]:
    return RiskFlag.objects.filter(removed_at__isnull=True).select_related("set_by")


def with_flags(people: QuerySet[Person]) -> QuerySet[Person]:
    """People with their flags in force, for a whole page of them in one query.

    A list of people (the caseload, the API's pages) shows each person's flags
    first; fetched person by person, that would be one query per row.
    :func:`flags_of` then reads what this fetched.
    """
    return people.prefetch_related(Prefetch("risk_flags", _in_force(), to_attr=FLAGS_IN_FORCE))


def fetch_flags(people: Sequence[Person]) -> None:
    """The flags in force of people already fetched, for every list on a page in one query.

    A coordinator's home lists a page of their caseload and today's contacts; a query
    per list would make the page's query count depend on whether anyone is due today.
    :func:`flags_of` then reads what this fetched.
    """
    prefetch_related_objects(
        list(people), Prefetch("risk_flags", _in_force(), to_attr=FLAGS_IN_FORCE)
    )


def flags_of(person: Person) -> list[RiskFlag]:
    """The person's flags in force, oldest first, with who set them (already fetched for a
    page by :func:`with_flags`, else read now)."""
    fetched: list[RiskFlag] | None = getattr(person, FLAGS_IN_FORCE, None)
    if fetched is not None:
        return fetched
    return list(_in_force().filter(person=person))


#: How many flags due for review a home page names (its count says the rest).
FLAGS_DUE_LISTED = 10


@dataclass(frozen=True)
class FlagsDue:
    """Flags whose review date has come: how many, and the first few, soonest due first."""

    count: int
    first: list[RiskFlag]


def flags_due(scope: Scope, today: date, *, coordinator_id: int | None = None) -> FlagsDue:
    """Flags in force due for review by ``today``, on live people the reader may review.

    A coordinator's are those of the people they walk alongside (``coordinator_id``);
    a manager's, every person's in their programmes. Two queries at most.
    """
    flags = _in_force().filter(
        review_by__lte=today,
        person__merged_into__isnull=True,
        person__neighbourhood_id__in=sorted(scope.neighbourhood_ids(Capability.EDIT_PERSONAL)),
    )
    if coordinator_id is not None:
        flags = flags.filter(person__coordinator_id=coordinator_id)
    flags = flags.order_by("review_by", "pk")
    first = list(flags.select_related("person__neighbourhood")[:FLAGS_DUE_LISTED])
    count = len(first) if len(first) < FLAGS_DUE_LISTED else flags.count()
    return FlagsDue(count, first)


def overdue(now: datetime) -> Q:
    """The one rule for an overdue visit: not ended, and the time to be back has passed.

    The team page, the managers' home, the report and the alert all filter by it,
    so they never disagree about a visit at the boundary.
    """
    return Q(ended_at__isnull=True, expected_back__lt=now)


def is_overdue(visit: Visit, now: datetime) -> bool:
    """:func:`overdue` for one visit already read."""
    return visit.ended_at is None and visit.expected_back < now


def visit_programme(scope: Scope, person: Person | None) -> Programme | None:
    """The programme a visit belongs to (whose managers are alerted): the person's, or for a
    visit to no one the first by name of those the coordinator records in. The web and the
    API both ask here."""
    if person is not None:
        return person.neighbourhood.programme
    return scope.programmes(Capability.EDIT_PERSONAL).order_by("name").first()


def own_visits(scope: Scope) -> QuerySet[Visit]:
    """The scope's user's own visits, newest first (the API's list)."""
    return Visit.objects.filter(coordinator_id=scope.user_id).select_related(
        "person__neighbourhood"
    )


def visit_under_way(scope: Scope, *, with_person: bool = True) -> Visit | None:
    """The scope's user's visit under way, shown on every page (the banner) and on the
    visit pages.

    Roles that make no visits (they cannot record anything about people) are never
    asked, so their pages run no query for it. The banner on every page shows only
    the visit's place and time: it reads the visit alone (``with_person=False``), not
    the person and neighbourhood the visit pages show.
    """
    if not scope.can(Capability.EDIT_PERSONAL):
        return None
    visits = own_visits(scope).filter(ended_at__isnull=True)
    return (visits if with_person else visits.select_related(None)).first()


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
    open_ = visits.filter(ended_at__isnull=True).order_by("expected_back")
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return TeamVisits(
        under_way=list(open_.exclude(overdue(now))),
        overdue=list(open_.filter(overdue(now))),
        ended_today=list(visits.filter(ended_at__gte=today).order_by("-ended_at")[:50]),
    )


def overdue_count(scope: Scope, now: datetime | None = None) -> int:
    """How many visits are overdue in the reader's teams, for their home page."""
    return (
        Visit.objects.filter(programme_id__in=scope.programme_ids(Capability.VIEW_TEAM))
        .filter(overdue(now or timezone.now()))
        .count()
    )


def concerns_visible(scope: Scope) -> QuerySet[Concern]:
    """The one rule for who sees a safeguarding concern.

    The coordinator who recorded it, the person's coordinator, and the managers
    of the person's programme (who hold ``SAFEGUARDING``), while the person is
    within what they may see at all. Nobody else: not another coordinator of
    the same team, a programme lead, an evaluator or a network viewer.
    """
    mine = Q(recorded_by_id=scope.user_id) | Q(person__coordinator_id=scope.user_id)
    managed = Q(
        person__neighbourhood_id__in=sorted(scope.neighbourhood_ids(Capability.SAFEGUARDING))
    )
    in_sight = Q(
        person__neighbourhood_id__in=sorted(scope.neighbourhood_ids(Capability.VIEW_PERSONAL))
    )
    return Concern.objects.filter(in_sight & (mine | managed))


def person_concerns(scope: Scope, actor: Actor, person: Person) -> list[Concern]:
    """The person's concerns the reader may see, newest first; the read audited once.

    The audit event is filed under the newest concern, so a subject access export
    that withholds the concerns withholds the line saying they were read.
    """
    concerns = list(concerns_visible(scope).filter(person=person))
    if concerns:
        what = f"Read the list of {len(concerns)} safeguarding concerns"
        audit_read(actor, concerns[0], what=what, person=person)
    return concerns


def concern_for(scope: Scope, actor: Actor, pk: int) -> Concern:
    """One concern the reader may see (its read audited), or 404: never a hint it exists."""
    concern = (
        concerns_visible(scope)
        .select_related("person__neighbourhood", "recorded_by")
        .prefetch_related("updates__by")
        .filter(pk=pk)
        .first()
    )
    if concern is None:
        raise Http404("No such concern")
    audit_read(actor, concern, what="Read a safeguarding concern")
    return concern


@dataclass(frozen=True)
class CoordinatorSafety:
    """One coordinator's figures for a period (the report's row)."""

    coordinator: str
    concerns_raised: int
    people_with_open_concern: int
    visits: int
    overdue_check_ins: int


def safety_by_coordinator(
    programme_id: int,
    start: date,
    end: date,
    neighbourhood_ids: Sequence[int] | None = None,
) -> list[CoordinatorSafety]:
    """Per coordinator, for a period: concerns raised, people with a concern still open at
    its end, lone-working visits started and overdue check-ins (alerts raised). Four queries.

    Concerns count where the person is; visits belong to the programme, and with
    neighbourhoods chosen only visits to a person there count. Plain counts: the
    report suppresses them for readers outside the personal-data boundary.
    """
    people = Q(person__neighbourhood__programme_id=programme_id)
    visits_q = Q(programme_id=programme_id)
    if neighbourhood_ids is not None:
        people &= Q(person__neighbourhood_id__in=list(neighbourhood_ids))
        visits_q &= Q(person__neighbourhood_id__in=list(neighbourhood_ids))
    concerns = Concern.objects.filter(people, person__merged_into__isnull=True)
    raised = _counted(
        concerns.filter(created__date__gte=start, created__date__lte=end),
        "recorded_by",
        Count("pk"),
    )
    open_at_end = Q(closed_at__isnull=True) | Q(closed_at__date__gt=end)
    still_open = _counted(
        concerns.filter(open_at_end, created__date__lte=end),
        "recorded_by",
        Count("person", distinct=True),
    )
    started = _counted(
        Visit.objects.filter(visits_q, started_at__date__gte=start, started_at__date__lte=end),
        "coordinator",
        Count("pk"),
    )
    alerts = VisitEvent.objects.filter(
        kind=VisitEventKind.ALERTED, at__date__gte=start, at__date__lte=end
    )
    alerted = _counted(
        alerts.filter(visit__in=Visit.objects.filter(visits_q)), "visit__coordinator", Count("pk")
    )
    ids = set(raised) | set(still_open) | set(started) | set(alerted)
    names: dict[int | None, str] = {
        user.pk: user.get_full_name() or user.get_username()
        for user in User.objects.filter(pk__in=[i for i in ids if i is not None])
    }
    rows = [
        CoordinatorSafety(
            names.get(pk, "Someone who has left"),
            raised.get(pk, 0),
            still_open.get(pk, 0),
            started.get(pk, 0),
            alerted.get(pk, 0),
        )
        for pk in ids
    ]
    return sorted(rows, key=lambda row: row.coordinator.casefold())


def _counted(queryset: QuerySet[Any], by: str, count: Count) -> dict[int | None, int]:
    return dict(queryset.order_by().values(by).annotate(n=count).values_list(by, "n"))
