"""Outcomes: assessments (scores by life area) and outcome events."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router

from lac.api import schemas as s
from lac.api.listing import READ, Filters, personal_page, responses
from lac.api.models import Scope as TokenScope
from lac.outcomes.models import Assessment, OutcomeEvent

router = Router(tags=["outcomes"])


def assessments() -> QuerySet[Assessment]:
    return Assessment.objects.select_related(
        "person__neighbourhood", "version__framework"
    ).prefetch_related("scores__domain")


def outcome_events() -> QuerySet[OutcomeEvent]:
    return OutcomeEvent.objects.select_related("person__neighbourhood", "type")


@router.get("/assessments", response=responses(s.AssessmentsPage, READ))
def list_assessments(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    return personal_page(
        request, TokenScope.OUTCOMES_READ, assessments(), f, what="listed assessments"
    )


@router.get("/outcome-events", response=responses(s.OutcomeEventsPage, READ))
def list_outcome_events(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    return personal_page(
        request, TokenScope.OUTCOMES_READ, outcome_events(), f, what="listed outcome events"
    )
