"""Introductions from partners: an introducer's system sends them and follows what comes
back; coordinators and managers read the introductions waiting for them to welcome.

Each goes through the web pages' own service and selectors (``lac.welcome``), so the
same rules hold and refuse in the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Path, Query, Router

from lac.accounts.models import Neighbourhood
from lac.accounts.permissions import Capability
from lac.api import schemas as s
from lac.api.access import allow
from lac.api.audit import audit_api_read
from lac.api.listing import ONE, READ, WRITE, Paging, responses
from lac.api.models import Scope as TokenScope
from lac.api.once import idempotent
from lac.audit.actor import Actor
from lac.welcome import selectors, services
from lac.welcome.models import IncomingIntroduction, Route

router = Router(tags=["welcome"])


def _audited(request: HttpRequest, found: Iterable[IncomingIntroduction], what: str) -> None:
    """One read event for each introduction returned, under its person once welcomed."""
    rows = [(i.person_id, i.programme_id, "welcome.incomingintroduction", i.pk) for i in found]
    audit_api_read(Actor.of(request), rows, what)


def _page(request: HttpRequest, items: list[Any], p: Paging, what: str) -> dict[str, Any]:
    shown = items[p.offset : p.offset + p.limit]
    _audited(request, shown, what)
    return {"count": len(items), "limit": p.limit, "offset": p.offset, "items": shown}


@router.post("/welcome/introductions", response=responses(s.MadeOut, WRITE))
def send_introduction(request: HttpRequest, payload: s.IncomingIn) -> tuple[int, Any]:
    """Introduce someone from your partner organisation, as on the introducer's web form."""
    scope = allow(request, TokenScope.INTRODUCTIONS_SEND, Capability.INTRODUCE)
    details = payload.model_dump()
    programme = scope.programmes(Capability.INTRODUCE).filter(slug=details.pop("programme"))
    if not programme:
        raise ValidationError({"programme": services.NOT_YOUR_PROGRAMME})
    neighbourhood = None
    if (neighbourhood_id := details.pop("neighbourhood_id")) is not None:
        neighbourhood = Neighbourhood.objects.filter(pk=neighbourhood_id).first()
        if neighbourhood is None:
            raise ValidationError({"neighbourhood": services.NOT_IN_PROGRAMME})
    incoming = idempotent(
        request,
        lambda: services.incoming_submit(
            Actor.of(request),
            programme=programme[0],
            route=Route.PARTNER,
            neighbourhood=neighbourhood,
            **details,
        ),
    )
    return 201, selectors.introduction_made_by(scope, incoming.pk)


@router.get("/welcome/introductions", response=responses(s.MadePage, READ))
def list_introductions_made(request: HttpRequest, p: Query[Paging]) -> dict[str, Any]:
    """The introductions you made, newest first, with their status and the news back."""
    scope = allow(request, TokenScope.INTRODUCTIONS_SEND, Capability.INTRODUCE, Paging)
    made = selectors.introductions_made_by(scope)
    return _page(request, made, p, "listed the introductions they made")


@router.get("/welcome/introductions/{incoming_id}", response=responses(s.MadeOut, ONE))
def get_introduction_made(
    request: HttpRequest, incoming_id: int = Path(..., ge=1, le=s.MAX_ID)
) -> Any:
    scope = allow(request, TokenScope.INTRODUCTIONS_SEND, Capability.INTRODUCE)
    found = selectors.introduction_made_by(scope, incoming_id)
    _audited(request, [found], "read an introduction they made")
    return found


@router.get("/welcome/queue", response=responses(s.WaitingPage, READ))
def list_waiting(request: HttpRequest, p: Query[Paging]) -> dict[str, Any]:
    """Introductions waiting for you to welcome them, oldest first: those routed to your
    neighbourhoods and, for managers, those no postcode routed."""
    scope = allow(request, TokenScope.WELCOME_READ, Capability.EDIT_PERSONAL, Paging)
    return _page(request, selectors.waiting_for(scope), p, "listed introductions to welcome")
