"""Reads for casework: lists to choose from, caseloads, the team view, a person's record.

Every list here runs a fixed number of queries however many people there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from lac.accounts.models import Membership, Neighbourhood, Role, User
from lac.accounts.permissions import Capability, Scope
from lac.casework.models import (
    Challenge,
    ClosureReason,
    Conversation,
    Goal,
    Introduction,
    IntroductionSource,
    LevelChange,
    ProgrammeListItem,
    StatusChange,
    Step,
    Vision,
)
from lac.people.models import Level, Person, Status
from lac.people.selectors import people_for


def list_items(model: type[ProgrammeListItem], programme_ids: Any) -> QuerySet[ProgrammeListItem]:
    """A configurable list as one or more programmes see it: global entries plus their own."""
    return model.objects.filter(
        Q(programme__isnull=True) | Q(programme_id__in=sorted(programme_ids)), is_active=True
    ).order_by("position", "label")


def sources_for(programme_ids: Any) -> QuerySet[IntroductionSource]:
    return list_items(IntroductionSource, programme_ids)  # type: ignore[return-value]


def challenges_for(programme_ids: Any) -> QuerySet[Challenge]:
    return list_items(Challenge, programme_ids)  # type: ignore[return-value]


def closure_reasons_for(programme_ids: Any) -> QuerySet[ClosureReason]:
    return list_items(ClosureReason, programme_ids)  # type: ignore[return-value]


def coordinator_for(neighbourhood: Neighbourhood, user: User | None) -> User | None:
    """Who walks alongside a new person: the recording user if they are a coordinator
    there, otherwise the neighbourhood's (first) coordinator."""
    memberships = Membership.objects.filter(
        role=Role.COORDINATOR, programme_id=neighbourhood.programme_id, neighbourhoods=neighbourhood
    ).select_related("user")
    coordinators = [m.user for m in memberships.order_by("created", "pk")]
    if user is not None and any(c.pk == user.pk for c in coordinators):
        return user
    return coordinators[0] if coordinators else None


# --- Caseload -----------------------------------------------------------------

OVERDUE, DUE_THIS_WEEK, LATER, NOT_SET = 0, 1, 2, 3


@dataclass(frozen=True)
class CaseloadFilters:
    q: str = ""
    neighbourhood: int | None = None
    level: int | None = None
    status: str = Status.ACTIVE
    mine: bool = False


def caseload(scope: Scope, user: User, filters: CaseloadFilters, today: date) -> QuerySet[Person]:
    """The people a user walks alongside: overdue first, then due this week, then the rest."""
    people = people_for(scope, Capability.VIEW_PERSONAL)
    if filters.mine:
        people = people.filter(coordinator=user)
    if filters.status:
        people = people.filter(status=filters.status)
    if filters.neighbourhood:
        people = people.filter(neighbourhood_id=filters.neighbourhood)
    if filters.level:
        people = people.filter(level=filters.level)
    if filters.q:
        for word in filters.q.split()[:5]:
            people = people.filter(
                Q(full_name__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(postcode__icontains=word)
            )
    week_end = today + timedelta(days=7)
    return people.annotate(
        urgency=Case(
            When(next_contact_date__lt=today, then=Value(OVERDUE)),
            When(next_contact_date__lte=week_end, then=Value(DUE_THIS_WEEK)),
            When(next_contact_date__isnull=False, then=Value(LATER)),
            default=Value(NOT_SET),
            output_field=IntegerField(),
        )
    ).order_by("urgency", "next_contact_date", "full_name", "pk")


def caseload_counts(people: QuerySet[Person]) -> dict[str, int]:
    """How many are overdue and due this week, in one query."""
    return people.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(urgency=OVERDUE)),
        due_this_week=Count("pk", filter=Q(urgency=DUE_THIS_WEEK)),
    )


# --- Team view ----------------------------------------------------------------


@dataclass
class CoordinatorLoad:
    coordinator: User | None
    neighbourhoods: list[str]
    active: int = 0
    level_2: int = 0
    overdue: int = 0
    paused: int = 0

    @property
    def level_2_share(self) -> int | None:
        return round(100 * self.level_2 / self.active) if self.active else None


def team_caseloads(scope: Scope, today: date) -> list[CoordinatorLoad]:
    """Each coordinator's caseload in the manager's programmes, in two queries."""
    programme_ids = sorted(scope.programme_ids(Capability.VIEW_TEAM))
    people = scope.filter(
        Person.objects.filter(merged_into__isnull=True), Capability.VIEW_TEAM
    ).filter(neighbourhood__programme_id__in=programme_ids)
    rows = people.values("coordinator").annotate(
        active=Count("pk", filter=Q(status=Status.ACTIVE)),
        level_2=Count("pk", filter=Q(status=Status.ACTIVE, level=Level.LEVEL_2)),
        overdue=Count("pk", filter=Q(status=Status.ACTIVE, next_contact_date__lt=today)),
        paused=Count("pk", filter=Q(status=Status.PAUSED)),
    )
    memberships = (
        Membership.objects.filter(role=Role.COORDINATOR, programme_id__in=programme_ids)
        .select_related("user")
        .prefetch_related("neighbourhoods")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    loads: dict[int | None, CoordinatorLoad] = {}
    for membership in memberships:
        load = loads.setdefault(
            membership.user_id, CoordinatorLoad(coordinator=membership.user, neighbourhoods=[])
        )
        load.neighbourhoods.extend(n.name for n in membership.neighbourhoods.all())
    for row in rows:
        load = loads.get(row["coordinator"])
        if load is None:  # people with no coordinator, or one who has left the programme
            load = loads.setdefault(None, CoordinatorLoad(coordinator=None, neighbourhoods=[]))
        load.active += row["active"]
        load.level_2 += row["level_2"]
        load.overdue += row["overdue"]
        load.paused += row["paused"]
    return list(loads.values())


def recent_introductions(scope: Scope, limit: int = 15) -> QuerySet[Introduction]:
    return scope.filter(
        Introduction.objects.select_related("person", "source", "neighbourhood").order_by(
            "-date", "-pk"
        ),
        Capability.VIEW_TEAM,
        neighbourhood_field="neighbourhood",
    )[:limit]


# --- A person's record ----------------------------------------------------------


def person_record(person: Person) -> dict[str, Any]:
    """Everything the person page shows from casework, in a fixed number of queries."""
    conversations = list(
        Conversation.objects.filter(person=person).select_related("recorded_by")[:10]
    )
    conversation_count = Conversation.objects.filter(person=person).count()
    visions = list(Vision.objects.filter(person=person).select_related("recorded_by")[:5])
    goals = list(goals_of(person))
    introductions = list(
        Introduction.objects.filter(person=person)
        .select_related("source", "neighbourhood", "recorded_by")
        .prefetch_related("challenges")
    )
    level_changes = list(LevelChange.objects.filter(person=person).select_related("recorded_by"))
    status_changes = list(
        StatusChange.objects.filter(person=person).select_related("reason", "recorded_by")
    )
    history = sorted(
        [("level", c.date, c) for c in level_changes]
        + [("status", c.date, c) for c in status_changes]
        + [("introduction", i.date, i) for i in introductions],
        key=lambda item: (item[1], item[0] != "introduction"),
        reverse=True,
    )
    return {
        "conversations": conversations,
        "conversation_count": conversation_count,
        "vision": visions[0] if visions else None,
        "earlier_visions": visions[1:],
        "goals": goals,
        "introductions": introductions,
        "latest_introduction": introductions[0] if introductions else None,
        "history": history,
    }


def conversations_of(person: Person) -> QuerySet[Conversation]:
    return Conversation.objects.filter(person=person).select_related("recorded_by")


def goals_of(person: Person) -> QuerySet[Goal]:
    return Goal.objects.filter(person=person).prefetch_related(
        Prefetch("steps", queryset=Step.objects.order_by("pk"))
    )


def goal_of(person: Person, pk: int) -> Goal:
    return Goal.objects.select_related("person").get(person=person, pk=pk)


def step_of(person: Person, pk: int) -> Step:
    return Step.objects.select_related("goal__person").get(goal__person=person, pk=pk)
