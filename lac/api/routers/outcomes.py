"""Outcomes: assessments (scores by life area) and outcome events."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from lac.accounts.permissions import Capability
from lac.api import schemas as s
from lac.api.access import allow, personal
from lac.api.listing import READ, Filters, filtered, paged, responses
from lac.api.models import Scope as TokenScope
from lac.outcomes.models import Assessment, OutcomeEvent

router = Router(tags=["outcomes"])


@router.get("/assessments", response=responses(s.AssessmentsPage, READ))
def list_assessments(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    scope = allow(request, TokenScope.OUTCOMES_READ, Capability.VIEW_PERSONAL, Filters)
    qs = Assessment.objects.select_related(
        "person__neighbourhood", "version__framework"
    ).prefetch_related("scores__domain")
    qs = filtered(
        personal(qs, scope).order_by("pk"),
        f,
        date_field="date",
        neighbourhood_field="person__neighbourhood",
    )
    return paged(qs, f, request=request, what="listed assessments")


@router.get("/outcome-events", response=responses(s.OutcomeEventsPage, READ))
def list_outcome_events(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    scope = allow(request, TokenScope.OUTCOMES_READ, Capability.VIEW_PERSONAL, Filters)
    qs = OutcomeEvent.objects.select_related("person__neighbourhood", "type")
    qs = filtered(
        personal(qs, scope).order_by("pk"),
        f,
        date_field="date",
        neighbourhood_field="person__neighbourhood",
    )
    return paged(qs, f, request=request, what="listed outcome events")
