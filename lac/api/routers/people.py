"""People: who the user may see, one page at a time, and one person's details."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from lac.accounts.permissions import Capability
from lac.api import schemas as s
from lac.api.access import allow
from lac.api.listing import ONE, READ, Filters, audited, filtered, paged, responses
from lac.api.models import Scope as TokenScope
from lac.people.selectors import get_person, people_for

router = Router(tags=["people"])


@router.get("/people", response=responses(s.PeoplePage, READ))
def list_people(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    """People the user may see, by when they were added (``created``)."""
    scope = allow(request, TokenScope.PEOPLE_READ, Capability.VIEW_PERSONAL, Filters)
    qs = filtered(
        people_for(scope).order_by("pk"),
        f,
        date_field="created__date",
        neighbourhood_field="neighbourhood",
    )
    return paged(qs, f, request=request, what="listed people")


@router.get("/people/{person_id}", response=responses(s.PersonOut, ONE))
def get_person_(request: HttpRequest, person_id: int = Path(..., ge=1, le=s.MAX_ID)) -> Any:
    allow(request, TokenScope.PEOPLE_READ, Capability.VIEW_PERSONAL)
    person = get_person(request, person_id)
    audited(request, [person], f"read {person.full_name}'s details")
    return person
