"""People: who the user may see, one page at a time, one person's details, and passing
people on to another coordinator (reassignment, ``lac.casework.reassignment``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Path, Query, Router

from lac.accounts.models import User
from lac.accounts.permissions import Capability, Scope
from lac.api import schemas as s
from lac.api.access import allow
from lac.api.listing import CHANGE, ONE, READ, WRITE, Filters, audited, filtered, paged, responses
from lac.api.models import Scope as TokenScope
from lac.audit.actor import Actor
from lac.casework import reassignment
from lac.casework.selectors import assignable_coordinators, caseload_holders
from lac.people import services as people
from lac.people.selectors import get_live_person, get_person, people_for
from lac.safety.selectors import with_flags

router = Router(tags=["people"])


@router.get("/people", response=responses(s.PeoplePage, READ))
def list_people(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    """People the user may see, by when they were added (``created``)."""
    scope = allow(request, TokenScope.PEOPLE_READ, Capability.VIEW_PERSONAL, Filters)
    qs = filtered(
        with_flags(people_for(scope).order_by("pk")),
        f,
        date_field="created__date",
        neighbourhood_field="neighbourhood",
    )
    return paged(qs, f, request=request, what="listed people")


@router.get("/people/{person_id}", response=responses(s.PersonOut, ONE))
def get_person_(request: HttpRequest, person_id: int = Path(..., ge=1, le=s.MAX_ID)) -> Any:
    scope = allow(request, TokenScope.PEOPLE_READ, Capability.VIEW_PERSONAL)
    person = get_person(scope, Actor.of(request), person_id)
    audited(request, [person], f"read {person.full_name}'s details")
    return person


@router.put("/people/{person_id}/equality", response=responses(s.PersonOut, CHANGE))
def answer_equality_questions(
    request: HttpRequest, payload: s.EqualityIn, person_id: int = Path(..., ge=1, le=s.MAX_ID)
) -> Any:
    """Record the person's answers to the equality questions (Census 2021 wording), all six
    at once; refused (422, naming the question) unless their consent to the equality
    questions stands. The audit trail records which questions were answered, not how."""
    scope = allow(request, TokenScope.CASEWORK_WRITE, Capability.EDIT_PERSONAL)
    actor = Actor.of(request)
    person = get_live_person(scope, actor, person_id, Capability.EDIT_PERSONAL)
    answers = {name: value or "" for name, value in payload.model_dump().items()}
    people.person_equality_set(person=person, answers=answers, actor=actor)
    return get_person(scope, actor, person_id, Capability.EDIT_PERSONAL)


@router.put("/people/{person_id}/language", response=responses(s.PersonOut, CHANGE))
def choose_language(
    request: HttpRequest, payload: s.LanguageIn, person_id: int = Path(..., ge=1, le=s.MAX_ID)
) -> Any:
    """Record the language the person wants their plan, one-time links and messages in."""
    scope = allow(request, TokenScope.CASEWORK_WRITE, Capability.EDIT_PERSONAL)
    actor = Actor.of(request)
    person = get_live_person(scope, actor, person_id, Capability.EDIT_PERSONAL)
    people.person_update(
        person=person,
        expected_version=person.version,
        actor=actor,
        preferred_language=payload.preferred_language,
    )
    return get_person(scope, actor, person_id, Capability.EDIT_PERSONAL)


def _to_coordinator(scope: Scope, user_id: int) -> User:
    """A coordinator of the user's programmes, or 422 naming no one outside them."""
    for choice in assignable_coordinators(scope):
        if choice.user.pk == user_id:
            return choice.user
    raise ValidationError(
        {"to_coordinator_id": gettext("There is no coordinator with this id in your programmes")}
    )


@router.post("/people/{person_id}/coordinator", response=responses(s.PersonOut, CHANGE))
def pass_person_on(
    request: HttpRequest, payload: s.CoordinatorIn, person_id: int = Path(..., ge=1, le=s.MAX_ID)
) -> Any:
    """Pass one person to another coordinator who works in their neighbourhood (a team
    manager's call); the receiving coordinator is told on their home page."""
    scope = allow(request, TokenScope.CASEWORK_WRITE, Capability.ASSIGN_CASEWORK)
    actor = Actor.of(request)
    person = get_live_person(scope, actor, person_id, Capability.ASSIGN_CASEWORK)
    reassignment.person_reassign(
        scope=scope,
        person=person,
        to_coordinator=_to_coordinator(scope, payload.to_coordinator_id),
        actor=actor,
        seen_coordinator_id=payload.seen_coordinator_id,
    )
    return get_person(scope, actor, person_id, Capability.ASSIGN_CASEWORK)


@router.post("/handovers", response=responses(s.HandoverOut, WRITE))
def pass_caseload_on(request: HttpRequest, payload: s.CaseloadIn) -> tuple[int, Any]:
    """Pass everyone one coordinator holds (a leaver's caseload), or only those in some
    neighbourhoods, to another coordinator who works there."""
    scope = allow(request, TokenScope.CASEWORK_WRITE, Capability.ASSIGN_CASEWORK)
    holders = {h.user.pk if h.user else None: h.user for h in caseload_holders(scope)}
    if payload.from_coordinator_id not in holders:
        raise ValidationError(
            {
                "from_coordinator_id": gettext(
                    "No one in your programmes is held by this coordinator"
                )
            }
        )
    source = holders[payload.from_coordinator_id]
    to = _to_coordinator(scope, payload.to_coordinator_id)
    handovers = reassignment.caseload_reassign(
        scope=scope,
        from_coordinator=source,
        to_coordinator=to,
        actor=Actor.of(request),
        neighbourhood_ids=payload.neighbourhood_ids,
    )
    return 201, {
        "moved": sum(h.people_count for h in handovers),
        "from_coordinator": s.username(source),
        "to_coordinator": to.get_username(),
    }
