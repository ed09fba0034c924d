"""Reads for the home page of each role."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum

from lac.accounts.models import Neighbourhood, Programme, Role
from lac.accounts.permissions import Capability, Scope


def home_context(scope: Scope) -> dict[str, Any]:
    """The figures and links each of the user's roles starts from."""
    return {
        "roles": scope.roles,
        "my_neighbourhoods": (
            list(scope.neighbourhoods(Capability.EDIT_PERSONAL))
            if Role.COORDINATOR in scope.roles
            else []
        ),
        "team_programmes": programme_summaries(scope.programme_ids(Capability.VIEW_TEAM)),
        "report_programmes": programme_summaries(scope.programme_ids(Capability.VIEW_AGGREGATES)),
        "is_administrator": scope.can(Capability.ADMINISTER),
    }


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
