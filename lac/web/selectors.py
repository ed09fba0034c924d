"""Reads for the home page of each role: what needs doing first, then the programmes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils.functional import Promise

from lac.accounts.models import Neighbourhood, Programme, Role
from lac.accounts.permissions import Capability, Scope
from lac.casework.outcome_gaps import GAPS
from lac.casework.selectors import CoordinatorLoad, gap_totals, handover_notices, team_caseloads
from lac.evaluation.models import Status
from lac.evaluation.selectors import runs_for
from lac.imports.selectors import jobs_in
from lac.jobs.models import stalled_among
from lac.lib.disclosure import Cell, suppress_value
from lac.lib.disclosure import label as disclosure_label
from lac.reports.selectors import jobs_for
from lac.safety.selectors import flags_due, overdue_count
from lac.welcome.selectors import waiting_for

LISTED = 5
"""How many runs to publish and stalled jobs the home page names (the count says the rest)."""


def home_context(scope: Scope, today: date) -> dict[str, Any]:
    """The figures and links each of the scope's user's roles starts from, in a fixed
    number of queries however many people, runs and jobs there are."""
    team = scope.can(Capability.VIEW_TEAM)
    return {
        "roles": scope.roles,
        "handovers": handover_notices(scope),
        "to_welcome": waiting_for(scope),
        "my_neighbourhoods": (
            list(scope.neighbourhoods(Capability.EDIT_PERSONAL))
            if Role.COORDINATOR in scope.roles
            else []
        ),
        "team": team_to_do(scope, today) if team else None,
        "overdue_visits": overdue_count(scope) if team else None,
        "flags_due": flags_due(scope, today) if team else None,
        "runs": runs_to_publish(scope),
        "stalled": stalled_jobs(scope),
        "gap_figures": aggregate_gaps(scope, today),
        "small_count": disclosure_label(),
        "team_programmes": programme_summaries(scope.programme_ids(Capability.VIEW_TEAM)),
        "report_programmes": programme_summaries(scope.programme_ids(Capability.VIEW_AGGREGATES)),
        "is_administrator": scope.can(Capability.ADMINISTER),
    }


@dataclass(frozen=True)
class TeamToDo:
    """A manager's or lead's team at a glance: each coordinator's load and the totals."""

    loads: list[CoordinatorLoad]

    @property
    def overdue(self) -> int:
        return sum(load.overdue for load in self.loads)

    @property
    def no_next_contact(self) -> int:
        return sum(load.no_next_contact for load in self.loads)

    @property
    def closed_without_outcome(self) -> int:
        return sum(load.gaps["closed_without_outcome"] for load in self.loads)

    @property
    def active(self) -> int:
        return sum(load.active for load in self.loads)


def team_to_do(scope: Scope, today: date) -> TeamToDo:
    return TeamToDo(team_caseloads(scope, today))


@dataclass(frozen=True)
class Listed:
    """The first few of something to act on, and how many there are in all."""

    count: int
    first: list[Any]


def runs_to_publish(scope: Scope) -> Listed | None:
    """Draft social value runs waiting for a programme lead's decision; None for anyone who
    may not publish."""
    if not scope.can(Capability.PUBLISH_VALUE):
        return None
    drafts = runs_for(scope, Capability.PUBLISH_VALUE).filter(status=Status.DRAFT)
    return _listed(drafts.order_by("-created", "-pk"))


@dataclass(frozen=True)
class StalledJob:
    what: str
    url: str
    since: str


def stalled_jobs(scope: Scope) -> Listed:
    """Background jobs whose worker died: the imports of the user's programmes, and the user's
    own reports and extracts. Each needs someone to mark it stopped and start it again."""
    imports, reports = stalled_among(jobs_in(scope)), stalled_among(jobs_for(scope))
    first = [
        StalledJob(
            f"{job.title} of {job.file_name}",
            reverse("imports:progress", args=[job.pk]),
            job.quiet_clock,
        )
        for job in imports[:LISTED]
    ] + [
        StalledJob(
            f"{job.title} for {job.programme}",
            reverse("reports:job", args=[job.pk]),
            job.quiet_clock,
        )
        for job in reports[:LISTED]
    ]
    return Listed(imports.count() + reports.count(), first[:LISTED])


def _listed(queryset: Any) -> Listed:
    return Listed(queryset.count(), list(queryset[:LISTED]))


@dataclass(frozen=True)
class ProgrammeGaps:
    """One programme's records missing outcomes, as someone who sees figures only may see them."""

    programme: Programme
    cells: list[tuple[str | Promise, Cell]]


def aggregate_gaps(scope: Scope, today: date) -> list[ProgrammeGaps]:
    """Records missing outcomes in the programmes whose figures, not people, the user sees:
    each count on its own (no totals beside them), small ones suppressed."""
    ids = [
        pk
        for pk in scope.programme_ids(Capability.VIEW_AGGREGATES)
        if scope.sees_aggregates_only(pk)
    ]
    if not ids:
        return []
    totals = gap_totals(ids, today)
    return [
        ProgrammeGaps(
            programme, [(gap.label, suppress_value(totals[programme.pk][gap.key])) for gap in GAPS]
        )
        for programme in Programme.objects.filter(pk__in=sorted(ids)).order_by("name")
    ]


def programme_summaries(programme_ids: frozenset[int]) -> list[Programme]:
    """Programmes with neighbourhood, population and coordinator counts, in one query."""
    population = (
        Neighbourhood.objects.filter(programme=OuterRef("pk"))
        .values("programme")
        .annotate(total=Sum("population"))
        .values("total")
    )
    return list(
        Programme.objects.filter(pk__in=sorted(programme_ids))
        .select_related("network")
        .annotate(
            neighbourhood_count=Count("neighbourhoods", distinct=True),
            coordinator_count=Count(
                "memberships", filter=Q(memberships__role=Role.COORDINATOR), distinct=True
            ),
            population=Subquery(population, output_field=IntegerField()),
        )
        .order_by("name")
    )
