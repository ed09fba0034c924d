"""Lone working: a coordinator starts, extends and ends their own visits, and reads them
back with whether each is overdue.

Each goes through the web pages' own services (``lac.safety.services``), so the same
rules hold and refuse in the same words: one visit under way, back later than now and
within 12 hours, only the coordinator out on a visit extends or ends it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Path, Query, Router

from lac.accounts.permissions import Capability, Scope
from lac.api import schemas as s
from lac.api.access import allow, one
from lac.api.audit import audit_api_read
from lac.api.listing import CHANGE, READ, WRITE, Paging, responses
from lac.api.models import Scope as TokenScope
from lac.audit.actor import Actor
from lac.people.selectors import get_live_person
from lac.safety import selectors, services
from lac.safety.models import Visit

router = Router(tags=["lone working"])

NO_PROGRAMME = gettext_lazy("You do not record visits in any programme")


def _audited(request: HttpRequest, visits: list[Visit], what: str) -> None:
    """One read event for each visit to a person (a visit to no one is about staff only)."""
    rows = [(v.person_id, v.programme_id, "safety.visit", v.pk) for v in visits if v.person_id]
    if rows:
        audit_api_read(Actor.of(request), rows, what)


@router.post("/visits", response=responses(s.VisitOut, WRITE))
def start_visit(request: HttpRequest, payload: s.VisitIn) -> tuple[int, Any]:
    """Start a visit: where, when you expect to be back, and who you are visiting, if
    anyone. Your managers are alerted if it is not ended by then."""
    scope = allow(request, TokenScope.VISITS_WRITE, Capability.EDIT_PERSONAL)
    person = None
    if payload.person_id is not None:
        person = get_live_person(
            scope, Actor.of(request), payload.person_id, Capability.EDIT_PERSONAL
        )
    programme = selectors.visit_programme(scope, person)
    if programme is None:
        raise ValidationError(NO_PROGRAMME)
    visit = services.visit_start(
        actor=Actor.of(request),
        programme=programme,
        person=person,
        place=payload.place,
        expected_back=payload.expected_back,
    )
    return 201, visit


def _own(scope: Scope, visit_id: int) -> Visit:
    """One of the user's own visits, or 404: another's visit is never shown."""
    found: Visit = one(selectors.own_visits(scope), visit_id)
    return found


@router.post("/visits/{visit_id}/end", response=responses(s.VisitOut, CHANGE))
def end_visit(request: HttpRequest, visit_id: int = Path(..., ge=1, le=s.MAX_ID)) -> Any:
    """End your visit: you are back, or safe."""
    scope = allow(request, TokenScope.VISITS_WRITE, Capability.EDIT_PERSONAL)
    return services.visit_end(visit=_own(scope, visit_id), actor=Actor.of(request))


@router.post("/visits/{visit_id}/extend", response=responses(s.VisitOut, CHANGE))
def extend_visit(
    request: HttpRequest, payload: s.VisitExtendIn, visit_id: int = Path(..., ge=1, le=s.MAX_ID)
) -> Any:
    """Ask for more time: the time to be back moves on by 15, 30 or 60 minutes."""
    scope = allow(request, TokenScope.VISITS_WRITE, Capability.EDIT_PERSONAL)
    return services.visit_extend(
        visit=_own(scope, visit_id), minutes=payload.minutes, actor=Actor.of(request)
    )


@router.get("/visits", response=responses(s.VisitsPage, READ))
def list_visits(request: HttpRequest, p: Query[Paging]) -> dict[str, Any]:
    """Your own visits, newest first, each saying whether it is overdue."""
    scope = allow(request, TokenScope.VISITS_READ, Capability.EDIT_PERSONAL, Paging)
    visits = selectors.own_visits(scope)
    shown = list(visits[p.offset : p.offset + p.limit])
    _audited(request, shown, "listed their own visits")
    return {"count": visits.count(), "limit": p.limit, "offset": p.offset, "items": shown}
