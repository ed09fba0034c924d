"""Casework: introductions and conversations, read and recorded."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Path, Query, Router

from lac.accounts.permissions import Capability
from lac.api import schemas as s
from lac.api.access import acting_user, allow, one, personal
from lac.api.listing import (
    ONE,
    READ,
    WRITE,
    Filters,
    personal_page,
    personal_record,
    responses,
)
from lac.api.models import Scope as TokenScope
from lac.api.once import idempotent
from lac.audit.actor import Actor
from lac.casework import services as casework
from lac.casework.models import Conversation, Introduction
from lac.casework.selectors import challenges_for, sources_for
from lac.people.selectors import get_person

router = Router(tags=["casework"])


# --- Introductions -------------------------------------------------------------


def introductions() -> QuerySet[Introduction]:
    return Introduction.objects.select_related(
        "person__neighbourhood", "source", "recorded_by"
    ).prefetch_related("challenges")


@router.get("/introductions", response=responses(s.IntroductionsPage, READ))
def list_introductions(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    return personal_page(
        request, TokenScope.CASEWORK_READ, introductions(), f, what="listed introductions"
    )


@router.get("/introductions/{introduction_id}", response=responses(s.IntroductionOut, ONE))
def get_introduction(
    request: HttpRequest, introduction_id: int = Path(..., ge=1, le=s.MAX_ID)
) -> Any:
    return personal_record(
        request,
        TokenScope.CASEWORK_READ,
        introductions(),
        introduction_id,
        what="read an introduction",
    )


@router.post("/introductions", response=responses(s.IntroductionOut, WRITE))
def create_introduction(request: HttpRequest, payload: s.IntroductionIn) -> tuple[int, Any]:
    """Record an introduction: of someone known (``person_id``) or someone new (``person``)."""
    scope = allow(request, TokenScope.CASEWORK_WRITE, Capability.EDIT_PERSONAL)
    casework.check_known_or_new(payload.person_id, payload.person)
    known = new = None
    if payload.person_id is not None:
        known = get_person(scope, Actor.of(request), payload.person_id, Capability.EDIT_PERSONAL)
        neighbourhood = known.neighbourhood
    else:
        assert payload.person is not None
        details = payload.person.model_dump()
        neighbourhood = one(
            scope.neighbourhoods(Capability.EDIT_PERSONAL), details.pop("neighbourhood_id")
        )
        new = casework.NewPerson(neighbourhood=neighbourhood, **details)
    source, challenges = _list_items(neighbourhood.programme_id, payload)
    introduction = idempotent(
        request,
        lambda: casework.introduction_create(
            known=known,
            new=new,
            date=payload.date,
            actor=Actor.of(request),
            source=source,
            introducer=payload.introducer,
            hopes=payload.hopes,
            challenges=challenges,
        ),
    )
    return 201, one(personal(introductions(), scope), introduction.pk)


def _list_items(programme_id: int, payload: s.IntroductionIn) -> tuple[Any, list[Any]]:
    source = None
    if payload.source:
        source = sources_for([programme_id]).filter(code=payload.source).first()
        if source is None:
            raise DjangoValidationError(
                {"source": gettext("Unknown source code '%(code)s'") % {"code": payload.source}}
            )
    wanted = set(payload.challenges)
    challenges = list(challenges_for([programme_id]).filter(code__in=sorted(wanted)))
    unknown = wanted - {c.code for c in challenges}
    if unknown:
        raise DjangoValidationError(
            {
                "challenges": gettext("Unknown challenge codes: %(codes)s")
                % {"codes": ", ".join(sorted(unknown))}
            }
        )
    return source, challenges


# --- Conversations -------------------------------------------------------------


def conversations() -> QuerySet[Conversation]:
    return Conversation.objects.select_related("person__neighbourhood", "recorded_by")


@router.get("/conversations", response=responses(s.ConversationsPage, READ))
def list_conversations(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    return personal_page(
        request, TokenScope.CASEWORK_READ, conversations(), f, what="listed conversations"
    )


@router.get("/conversations/{conversation_id}", response=responses(s.ConversationOut, ONE))
def get_conversation(
    request: HttpRequest, conversation_id: int = Path(..., ge=1, le=s.MAX_ID)
) -> Any:
    return personal_record(
        request,
        TokenScope.CASEWORK_READ,
        conversations(),
        conversation_id,
        what="read a conversation",
    )


@router.post("/conversations", response=responses(s.ConversationOut, WRITE))
def create_conversation(request: HttpRequest, payload: s.ConversationIn) -> tuple[int, Any]:
    """Log a conversation with someone the user may record for."""
    scope = allow(request, TokenScope.CASEWORK_WRITE, Capability.EDIT_PERSONAL)
    person = get_person(scope, Actor.of(request), payload.person_id, Capability.EDIT_PERSONAL)
    conversation = idempotent(
        request,
        lambda: casework.conversation_log(
            person=person,
            date=payload.date,
            mode=payload.mode.value,
            actor=Actor.of(request),
            duration_minutes=payload.duration_minutes,
            who_was_there=payload.who_was_there,
            note=payload.note,
            next_contact_date=payload.next_contact_date,
        ),
    )
    conversation.recorded_by = acting_user(request)
    return 201, conversation
