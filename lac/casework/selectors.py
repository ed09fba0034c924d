"""Reads for casework: lists to choose from, caseloads, the team view, a person's record.

Every list here runs a fixed number of queries however many people there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from lac.accounts.models import Membership, Neighbourhood, Programme, Role, User
from lac.accounts.permissions import Capability, Scope
from lac.audit.actor import Actor
from lac.casework.models import (
    Challenge,
    ClosureReason,
    Conversation,
    Goal,
    Handover,
    Introduction,
    IntroductionSource,
    LevelChange,
    ProgrammeListItem,
    StatusChange,
    Step,
    Vision,
)
from lac.casework.outcome_gaps import (
    GAPS,
    GAPS_BY_KEY,
    Gap,
    gap_counts,
    people_with_gap,
    with_gap_flags,
)
from lac.outcomes.models import Assessment, AssessmentKind
from lac.people.matching import search_words
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


def suggested_next_contact(programme: Programme, after: date) -> date:
    """The next contact a new introduction or conversation starts with: the programme's gap."""
    return after + timedelta(days=programme.next_contact_days)


def coordinator_for(neighbourhood: Neighbourhood, actor: Actor) -> User | None:
    """Who walks alongside a new person: whoever records them, if they are a coordinator
    there, otherwise the neighbourhood's (first) coordinator."""
    user = actor.user
    memberships = Membership.objects.filter(
        role=Role.COORDINATOR, programme_id=neighbourhood.programme_id, neighbourhoods=neighbourhood
    ).select_related("user")
    coordinators = [m.user for m in memberships.order_by("created", "pk")]
    if user is not None and any(c.pk == user.pk for c in coordinators):
        return user
    return coordinators[0] if coordinators else None


def coordinator_named(
    scope: Scope, user_id: int | None, capability: Capability = Capability.VIEW_PERSONAL
) -> User | None:
    """A coordinator in the programmes where the user holds the capability, for a page's
    heading (one query, if asked); ``None`` for anyone else, so no name leaks."""
    if user_id is None:
        return None
    membership = (
        Membership.objects.filter(
            role=Role.COORDINATOR,
            programme_id__in=sorted(scope.programme_ids(capability)),
            user_id=user_id,
        )
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


# --- Caseload -----------------------------------------------------------------

# Groups of the caseload, in the order shown. Someone active with no next
# contact comes first: left at the bottom they silently drop out of follow-up.
NO_NEXT_CONTACT, OVERDUE, DUE_THIS_WEEK, LATER, NOT_FOLLOWED_UP = 0, 1, 2, 3, 4
GROUP_TITLES = {
    NO_NEXT_CONTACT: _("No next contact"),
    OVERDUE: _("Overdue"),
    DUE_THIS_WEEK: _("Due this week"),
    LATER: _("Later"),
    NOT_FOLLOWED_UP: _("Paused or closed"),
}


@dataclass(frozen=True)
class CaseloadFilters:
    q: str = ""
    neighbourhood: int | None = None
    level: int | None = None
    status: str = Status.ACTIVE
    mine: bool = False
    coordinator: int | None = None

    def describe(self, neighbourhoods: list[Neighbourhood], coordinator: User | None) -> str:
        """The filters in words, for the audit trail: “Level 2, status active, search “ann””."""
        names = {n.pk: n.name for n in neighbourhoods}
        parts = [
            f"search “{self.q}”" if self.q else "",
            f"neighbourhood {names.get(self.neighbourhood, self.neighbourhood)}"
            if self.neighbourhood
            else "",
            f"Level {self.level}" if self.level else "",
            f"status {self.status}" if self.status else "any status",
            "only their own people" if self.mine else "",
            f"coordinator {coordinator.get_full_name() or coordinator}" if coordinator else "",
        ]
        return ", ".join(part for part in parts if part)


def caseload(scope: Scope, filters: CaseloadFilters, today: date) -> QuerySet[Person]:
    """The people the scope's user walks alongside, in groups: no next contact, overdue,
    due this week, later, then paused or closed people with no next contact."""
    people = people_for(scope, Capability.VIEW_PERSONAL)
    if filters.mine:
        people = people.filter(coordinator_id=scope.user_id)
    if filters.coordinator:
        people = people.filter(coordinator_id=filters.coordinator)
    if filters.status:
        people = people.filter(status=filters.status)
    if filters.neighbourhood:
        people = people.filter(neighbourhood_id=filters.neighbourhood)
    if filters.level:
        people = people.filter(level=filters.level)
    if filters.q:
        for word in search_words(filters.q, limit=5):
            people = people.filter(search_key__contains=word)
    week_end = today + timedelta(days=7)
    return people.annotate(
        urgency=Case(
            When(
                next_contact_date__isnull=True,
                status=Status.ACTIVE,
                then=Value(NO_NEXT_CONTACT),
            ),
            When(next_contact_date__lt=today, then=Value(OVERDUE)),
            When(next_contact_date__lte=week_end, then=Value(DUE_THIS_WEEK)),
            When(next_contact_date__isnull=False, then=Value(LATER)),
            default=Value(NOT_FOLLOWED_UP),
            output_field=IntegerField(),
        )
    ).order_by("urgency", "next_contact_date", "full_name", "pk")


def caseload_counts(people: QuerySet[Person]) -> dict[str, int]:
    """How many have no next contact, are overdue and are due this week, in one query."""
    return people.aggregate(
        total=Count("pk"),
        no_next_contact=Count("pk", filter=Q(urgency=NO_NEXT_CONTACT)),
        overdue=Count("pk", filter=Q(urgency=OVERDUE)),
        due_this_week=Count("pk", filter=Q(urgency=DUE_THIS_WEEK)),
    )


@dataclass(frozen=True)
class CoordinatorDay:
    """What a coordinator's home starts with: who to contact today, and their month."""

    today: list[Person]
    this_week: int
    conversations: int
    introductions: int
    walking_alongside: int
    level_2: int


def coordinator_day(scope: Scope, today: date) -> CoordinatorDay:
    """The day of the scope's user, as a coordinator: four queries whatever the caseload's
    size."""
    mine = people_for(scope, Capability.VIEW_PERSONAL).filter(
        coordinator_id=scope.user_id, status=Status.ACTIVE
    )
    month_start = today.replace(day=1)
    figures = mine.aggregate(
        walking_alongside=Count("pk"),
        level_2=Count("pk", filter=Q(level=Level.LEVEL_2)),
        this_week=Count(
            "pk",
            filter=Q(next_contact_date__gt=today, next_contact_date__lte=today + timedelta(days=7)),
        ),
    )
    return CoordinatorDay(
        today=list(mine.filter(next_contact_date=today).select_related("neighbourhood")[:20]),
        conversations=Conversation.objects.filter(
            recorded_by_id=scope.user_id, date__gte=month_start, date__lte=today
        ).count(),
        introductions=Introduction.objects.filter(
            recorded_by_id=scope.user_id, date__gte=month_start, date__lte=today
        ).count(),
        **figures,
    )


@dataclass(frozen=True)
class CaseloadGroup:
    title: str
    count: int | None
    """Everyone in the group across pages, where the one counting query knows it."""
    people: list[Person]
    urgency: int = LATER

    @property
    def needs_next_contact(self) -> bool:
        """The group that gets a line asking for a next contact under its heading."""
        return self.urgency == NO_NEXT_CONTACT


def caseload_groups(people: list[Person], counts: dict[str, int]) -> list[CaseloadGroup]:
    """One page of the caseload cut into its groups, each headed with its title and count."""
    totals = {
        NO_NEXT_CONTACT: counts.get("no_next_contact"),
        OVERDUE: counts.get("overdue"),
        DUE_THIS_WEEK: counts.get("due_this_week"),
    }
    groups: list[CaseloadGroup] = []
    for person in people:
        urgency = person.urgency  # type: ignore[attr-defined]
        if not groups or groups[-1].title != GROUP_TITLES[urgency]:
            groups.append(CaseloadGroup(GROUP_TITLES[urgency], totals.get(urgency), [], urgency))
        groups[-1].people.append(person)
    return groups


# --- Team view ----------------------------------------------------------------


@dataclass
class CoordinatorLoad:
    coordinator: User | None
    neighbourhoods: list[str]
    active: int = 0
    level_2: int = 0
    overdue: int = 0
    no_next_contact: int = 0
    paused: int = 0
    gaps: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GAPS_BY_KEY, 0))
    """How many of their people each gap in the outcome record holds (see outcome_gaps)."""

    @property
    def gap_list(self) -> list[tuple[Gap, int]]:
        """Each gap with its count, in the order the page explains them."""
        return [(gap, self.gaps[gap.key]) for gap in GAPS]

    @property
    def level_2_share(self) -> int | None:
        return round(100 * self.level_2 / self.active) if self.active else None


def team_caseloads(scope: Scope, today: date) -> list[CoordinatorLoad]:
    """Each coordinator's caseload and gaps in outcome records in the manager's programmes,
    in two queries: one grouped query counts everything, one lists the coordinators."""
    programme_ids = sorted(scope.programme_ids(Capability.VIEW_TEAM))
    people = team_people(scope)
    rows = (
        with_gap_flags(people, today)
        .values("coordinator")
        .annotate(
            active=Count("pk", filter=Q(status=Status.ACTIVE)),
            level_2=Count("pk", filter=Q(status=Status.ACTIVE, level=Level.LEVEL_2)),
            overdue=Count("pk", filter=Q(status=Status.ACTIVE, next_contact_date__lt=today)),
            no_next_contact=Count(
                "pk", filter=Q(status=Status.ACTIVE, next_contact_date__isnull=True)
            ),
            paused=Count("pk", filter=Q(status=Status.PAUSED)),
            **gap_counts(today),
        )
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
        load.no_next_contact += row["no_next_contact"]
        load.paused += row["paused"]
        for key in GAPS_BY_KEY:
            load.gaps[key] += row[key]
    return list(loads.values())


def gap_totals(programme_ids: Any, today: date) -> dict[int, dict[str, int]]:
    """Each programme's count of every gap in outcome records, in one grouped query: for
    people who see the programme's figures but not its people (suppress before showing)."""
    people = Person.objects.filter(
        merged_into__isnull=True, neighbourhood__programme_id__in=sorted(programme_ids)
    )
    rows = (
        with_gap_flags(people, today)
        .values("neighbourhood__programme_id")
        .annotate(**gap_counts(today))
        .order_by()
    )
    totals = {pk: dict.fromkeys(GAPS_BY_KEY, 0) for pk in programme_ids}
    for row in rows:
        totals[row.pop("neighbourhood__programme_id")] = row
    return totals


def team_people(scope: Scope) -> QuerySet[Person]:
    """Every live person in the programmes whose team the user oversees."""
    return scope.filter(
        Person.objects.filter(merged_into__isnull=True), Capability.VIEW_TEAM
    ).filter(neighbourhood__programme_id__in=sorted(scope.programme_ids(Capability.VIEW_TEAM)))


def people_missing_outcomes(
    scope: Scope,
    gap: Gap,
    today: date,
    *,
    coordinator_id: int | None = None,
    unassigned: bool = False,
) -> tuple[QuerySet[Person], User | None]:
    """The people behind one gap count on the team page, with when they were last assessed.

    ``coordinator_id`` narrows to one coordinator of the user's programmes (the
    coordinator is returned for the heading; ``None`` if they are not one);
    ``unassigned`` to people with no current coordinator there, as the team
    table's “Not assigned” row counts them.
    """
    people = (
        people_with_gap(team_people(scope), gap, today)
        .select_related("neighbourhood", "coordinator")
        .annotate(
            last_assessed=Subquery(
                Assessment.objects.filter(person=OuterRef("pk"))
                .order_by("-date")
                .values("date")[:1]
            )
        )
        .order_by("full_name", "pk")
    )
    coordinator = coordinator_named(scope, coordinator_id, Capability.VIEW_TEAM)
    if coordinator_id is not None:
        people = people.filter(coordinator_id=coordinator_id)
    elif unassigned:
        current = Membership.objects.filter(
            role=Role.COORDINATOR,
            programme_id__in=sorted(scope.programme_ids(Capability.VIEW_TEAM)),
        ).values("user_id")
        people = people.exclude(coordinator_id__in=current)
    return people, coordinator


def programme_staff(programme_ids: Any) -> list[User]:
    """Everyone with a role in these programmes, by name: for choosing whose views to see."""
    return list(
        User.objects.filter(memberships__programme_id__in=sorted(programme_ids))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


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


@dataclass(frozen=True)
class ClosureOutcome:
    """What a closed person's record holds to show what changed."""

    last_assessment: bool
    outcome: bool
    skipped: str


def closure_outcome(person: Person) -> ClosureOutcome:
    closure = person.status_changes.filter(status=Status.CLOSED).first()
    return ClosureOutcome(
        last_assessment=Assessment.objects.filter(person=person, kind=AssessmentKind.LAST).exists(),
        outcome=person.outcome_events.exists(),
        skipped=closure.outcome_skipped if closure else "",
    )


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


# --- Passing people on --------------------------------------------------------


@dataclass(frozen=True)
class CoordinatorChoice:
    """A coordinator to pass people to, with where they work (to tell them apart)."""

    user: User
    works_in: list[str]

    @property
    def label(self) -> str:
        return f"{self.user} ({', '.join(self.works_in)})" if self.works_in else str(self.user)


def assignable_coordinators(
    scope: Scope, neighbourhood_id: int | None = None
) -> list[CoordinatorChoice]:
    """The coordinators of the programmes where the user passes people on, by name, in two
    queries; only those who work in one neighbourhood when it is given."""
    memberships = Membership.objects.filter(
        role=Role.COORDINATOR,
        programme_id__in=sorted(scope.programme_ids(Capability.ASSIGN_CASEWORK)),
    )
    if neighbourhood_id is not None:
        memberships = memberships.filter(neighbourhoods=neighbourhood_id)
    works_in: dict[int, CoordinatorChoice] = {}
    for membership in (
        memberships.select_related("user")
        .prefetch_related("neighbourhoods")
        .order_by("user__first_name", "user__last_name", "user__username")
    ):
        choice = works_in.setdefault(membership.user_id, CoordinatorChoice(membership.user, []))
        choice.works_in.extend(n.name for n in membership.neighbourhoods.all())
    return list(works_in.values())


@dataclass(frozen=True)
class CaseloadHolder:
    """Someone whose people may be passed on: a coordinator, a leaver, or no one (None)."""

    user: User | None
    people: int
    current: bool

    @property
    def key(self) -> str:
        return str(self.user.pk) if self.user else "none"

    @property
    def label(self) -> str:
        count = f"{self.people} {'person' if self.people == 1 else 'people'}"
        if self.user is None:
            return f"No coordinator ({count})"
        left = "" if self.current else ", no longer a coordinator here"
        return f"{self.user} ({count}{left})"


def caseload_holders(scope: Scope) -> list[CaseloadHolder]:
    """Whose people the user may pass on, with how many each holds, in four queries:
    coordinators holding people, leavers still holding people, and no coordinator."""
    counts = dict(
        people_for(scope, Capability.ASSIGN_CASEWORK)
        .order_by()
        .values_list("coordinator")
        .annotate(n=Count("pk"))
    )
    current = {c.user.pk for c in assignable_coordinators(scope)} if counts else set()
    users = User.objects.filter(pk__in=[pk for pk in counts if pk is not None]).order_by(
        "first_name", "last_name", "username"
    )
    holders = [CaseloadHolder(u, counts[u.pk], u.pk in current) for u in users]
    if None in counts:
        holders.append(CaseloadHolder(None, counts[None], False))
    return holders


def handover_notices(scope: Scope) -> list[Handover]:
    """People passed to the scope's user that they have not yet put away, newest first."""
    return list(
        Handover.objects.filter(
            to_coordinator_id=scope.user_id, dismissed_at__isnull=True
        ).select_related("passed_by", "from_coordinator")[:10]
    )
