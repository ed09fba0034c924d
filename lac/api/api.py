"""The REST API: the same records and the same permission rules as the web.

Every call carries a token (``Authorization: Bearer lac_…``). The token acts
as its user, narrowed to its scopes: a scope the token lacks, or a
capability the user's roles do not hold anywhere, answers 403; a record
outside the user's neighbourhoods or programmes answers 404, as on the web.
Reads of personal data are written to the audit trail, one event per person.

The OpenAPI schema is at ``/api/schema`` and the interactive docs at
``/api/docs`` (served from our own static files, so they run under the CSP).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from lac.accounts.models import User
from lac.accounts.permissions import Capability, Scope, get_scope
from lac.api import schemas as s
from lac.api.audit import audit_api_read
from lac.api.models import ApiToken
from lac.api.models import Scope as TokenScope
from lac.api.tokens import token_for
from lac.casework import reassignment
from lac.casework import services as casework
from lac.casework.models import Conversation, Introduction
from lac.casework.selectors import (
    assignable_coordinators,
    caseload_holders,
    challenges_for,
    sources_for,
)
from lac.community.models import Asset
from lac.community.selectors import assets_for
from lac.evaluation.evidence import split_json, value_split
from lac.evaluation.models import Run
from lac.evaluation.selectors import run_disclosed, runs_for
from lac.outcomes.models import Assessment, OutcomeEvent
from lac.people.models import Person
from lac.people.selectors import get_live_person, get_person, people_for
from lac.submissions.services import save_once


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; the request then acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_for(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request._lac_scope = None  # computed afresh for this user by get_scope
        return api_token


api = NinjaAPI(
    title="Local Area Coordination API",
    version="1",
    description=__doc__,
    urls_namespace="api",
    openapi_url="/schema",
    docs_url="/docs",
    auth=TokenAuth(),
)

READ = {200: Any, 401: s.Error, 403: s.Error, 422: s.ValidationErrors}
ONE = {**READ, 404: s.Error}
M = TypeVar("M", bound=Model)

WRITE = {201: Any, 400: s.Error, 401: s.Error, 403: s.Error, 404: s.Error, 422: s.ValidationErrors}


def responses(ok: Any, base: dict[int, Any]) -> dict[int, Any]:
    status = 201 if 201 in base else 200
    return {**base, status: ok}


@api.exception_handler(DjangoValidationError)
def service_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A service refused the data: 422 naming each field, like the schema's own checks."""
    if hasattr(exc, "error_dict"):
        problems = [
            {"loc": ["body", field], "msg": message, "type": "value_error"}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        problems = [{"loc": ["body"], "msg": m, "type": "value_error"} for m in exc.messages]
    return api.create_response(request, {"detail": problems}, status=422)


def allow(
    request: HttpRequest,
    token_scope: str,
    capability: Capability,
    query: type[Schema] | None = None,
) -> Scope:
    """403 unless the token has the scope and the user's roles hold the capability somewhere;
    then 422 for query parameters the operation does not take (``query`` lists them)."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if not token.has_scope(token_scope):
        raise HttpError(403, f"This token does not have the {token_scope} scope")
    scope = get_scope(request)
    if not scope.can(capability):
        raise HttpError(403, f"Your role does not allow this ({capability.value})")
    known_query(request, query)
    return scope


class UnknownParameters(Exception):
    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


@api.exception_handler(UnknownParameters)
def unknown_parameters(request: HttpRequest, exc: UnknownParameters) -> HttpResponse:
    problems = [
        {"loc": ["query", name], "msg": "unknown parameter", "type": "extra_forbidden"}
        for name in exc.names
    ]
    return api.create_response(request, {"detail": problems}, status=422)


def known_query(request: HttpRequest, schema: type[Schema] | None = None) -> None:
    """422 for a query parameter the operation does not take: a typo such as
    ``neighborhood`` must not quietly return every record."""
    allowed = set(schema.model_fields) if schema is not None else set()
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise UnknownParameters(unknown)


class Paging(Schema):
    limit: int = Field(50, ge=1, le=200, description="Records per page (at most 200)")
    offset: int = Field(0, ge=0, le=10**9, description="Records to skip")


class Filters(Paging):
    neighbourhood: int | None = Field(
        None, ge=1, le=s.MAX_ID, description="Only this neighbourhood (its id)"
    )
    date_from: s.IsoDate | None = Field(None, description="On or after this date")
    date_to: s.IsoDate | None = Field(None, description="On or before this date")


def filtered(
    qs: QuerySet[Any], f: Filters, *, date_field: str, neighbourhood_field: str | None
) -> QuerySet[Any]:
    if f.neighbourhood is not None and neighbourhood_field is not None:
        qs = qs.filter(**{neighbourhood_field: f.neighbourhood})
    if f.date_from is not None:
        qs = qs.filter(**{f"{date_field}__gte": f.date_from})
    if f.date_to is not None:
        qs = qs.filter(**{f"{date_field}__lte": f.date_to})
    return qs


def paged(
    qs: QuerySet[Any],
    p: Paging,
    to_out: Callable[[Any], dict[str, Any]],
    *,
    request: HttpRequest | None = None,
    what: str = "",
) -> dict[str, Any]:
    """One page in the API's envelope; records about people are audited as read."""
    items = list(qs[p.offset : p.offset + p.limit])
    if request is not None:
        audited(request, items, what)
    return {
        "count": qs.count(),
        "limit": p.limit,
        "offset": p.offset,
        "items": [to_out(item) for item in items],
    }


def username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def personal(qs: QuerySet[Any], scope: Scope) -> QuerySet[Any]:
    """Records about people the user may see, leaving out merged-away duplicates."""
    qs = scope.filter(qs, Capability.VIEW_PERSONAL, neighbourhood_field="person__neighbourhood")
    return qs.filter(person__merged_into__isnull=True)


def audited(request: HttpRequest, items: list[Model], what: str) -> None:
    rows = []
    for item in items:
        person = item if isinstance(item, Person) else item.person  # type: ignore[attr-defined]
        rows.append((person.pk, person.neighbourhood.programme_id, item._meta.label_lower, item.pk))
    audit_api_read(request, rows, what)


# --- People --------------------------------------------------------------------


def person_out(p: Person) -> dict[str, Any]:
    data = {f: getattr(p, f) for f in s.PersonOut.model_fields if hasattr(p, f)}
    data.update(
        neighbourhood=p.neighbourhood.name,
        programme_id=p.neighbourhood.programme_id,
        coordinator=username(p.coordinator),
    )
    return data


@api.get("/people", response=responses(s.PeoplePage, READ), tags=["people"])
def list_people(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    """People the user may see, by when they were added (``created``)."""
    scope = allow(request, TokenScope.PEOPLE_READ, Capability.VIEW_PERSONAL, Filters)
    qs = filtered(
        people_for(scope).order_by("pk"),
        f,
        date_field="created__date",
        neighbourhood_field="neighbourhood",
    )
    return paged(qs, f, person_out, request=request, what="listed people")


@api.get("/people/{person_id}", response=responses(s.PersonOut, ONE), tags=["people"])
def get_person_(request: HttpRequest, person_id: int = Path(..., ge=1, le=s.MAX_ID)) -> Any:
    allow(request, TokenScope.PEOPLE_READ, Capability.VIEW_PERSONAL)
    person = get_person(request, person_id)
    audited(request, [person], f"read {person.full_name}'s details")
    return person_out(person)


def _to_coordinator(scope: Scope, user_id: int) -> User:
    """A coordinator of the user's programmes, or 422 naming no one outside them."""
    for choice in assignable_coordinators(scope):
        if choice.user.pk == user_id:
            return choice.user
    raise DjangoValidationError(
        {"to_coordinator_id": "There is no coordinator with this id in your programmes"}
    )


@api.post("/people/{person_id}/coordinator", response=responses(s.PersonOut, ONE), tags=["people"])
def pass_person_on(
    request: HttpRequest, payload: s.CoordinatorIn, person_id: int = Path(..., ge=1, le=s.MAX_ID)
) -> Any:
    """Pass one person to another coordinator who works in their neighbourhood (a team
    manager's call); the receiving coordinator is told on their home page."""
    scope = allow(request, TokenScope.CASEWORK_WRITE, Capability.ASSIGN_CASEWORK)
    person = get_live_person(request, person_id, Capability.ASSIGN_CASEWORK)
    reassignment.person_reassign(
        scope=scope,
        person=person,
        to_coordinator=_to_coordinator(scope, payload.to_coordinator_id),
        user=request.user,
        request=request,
        seen_coordinator_id=payload.seen_coordinator_id,
    )
    return person_out(get_person(request, person_id, Capability.ASSIGN_CASEWORK))


@api.post("/handovers", response=responses(s.HandoverOut, WRITE), tags=["people"])
def pass_caseload_on(request: HttpRequest, payload: s.CaseloadIn) -> tuple[int, Any]:
    """Pass everyone one coordinator holds (a leaver's caseload), or only those in some
    neighbourhoods, to another coordinator who works there."""
    scope = allow(request, TokenScope.CASEWORK_WRITE, Capability.ASSIGN_CASEWORK)
    holders = {h.user.pk if h.user else None: h.user for h in caseload_holders(scope)}
    if payload.from_coordinator_id not in holders:
        raise DjangoValidationError(
            {"from_coordinator_id": "No one in your programmes is held by this coordinator"}
        )
    source = holders[payload.from_coordinator_id]
    to = _to_coordinator(scope, payload.to_coordinator_id)
    handovers = reassignment.caseload_reassign(
        scope=scope,
        from_coordinator=source,
        to_coordinator=to,
        user=request.user,
        request=request,
        neighbourhood_ids=payload.neighbourhood_ids,
    )
    return 201, {
        "moved": sum(h.people_count for h in handovers),
        "from_coordinator": username(source),
        "to_coordinator": to.get_username(),
    }


# --- Introductions -------------------------------------------------------------


def introduction_out(i: Introduction) -> dict[str, Any]:
    return {
        "id": i.pk,
        "person_id": i.person_id,
        "programme_id": i.programme_id,
        "neighbourhood_id": i.neighbourhood_id,
        "date": i.date,
        "source": i.source.code if i.source else None,
        "introducer": i.introducer,
        "hopes": i.hopes,
        "challenges": sorted(c.code for c in i.challenges.all()),
        "recorded_by": username(i.recorded_by),
        "created": i.created,
    }


def introductions(scope: Scope) -> QuerySet[Introduction]:
    qs = Introduction.objects.select_related(
        "person__neighbourhood", "source", "recorded_by"
    ).prefetch_related("challenges")
    return personal(qs, scope).order_by("pk")


@api.get("/introductions", response=responses(s.IntroductionsPage, READ), tags=["casework"])
def list_introductions(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    scope = allow(request, TokenScope.CASEWORK_READ, Capability.VIEW_PERSONAL, Filters)
    qs = filtered(
        introductions(scope), f, date_field="date", neighbourhood_field="person__neighbourhood"
    )
    return paged(qs, f, introduction_out, request=request, what="listed introductions")


@api.get(
    "/introductions/{introduction_id}",
    response=responses(s.IntroductionOut, ONE),
    tags=["casework"],
)
def get_introduction(
    request: HttpRequest, introduction_id: int = Path(..., ge=1, le=s.MAX_ID)
) -> Any:
    scope = allow(request, TokenScope.CASEWORK_READ, Capability.VIEW_PERSONAL)
    introduction = one(introductions(scope), introduction_id)
    audited(request, [introduction], "read an introduction")
    return introduction_out(introduction)


def one(qs: QuerySet[Any], pk: int) -> Any:
    found = qs.filter(pk=pk).first()
    if found is None:
        raise HttpError(404, "Not Found")
    return found


def _person_to_introduce(request: HttpRequest, payload: s.IntroductionIn) -> Person | None:
    if (payload.person_id is None) == (payload.person is None):
        raise DjangoValidationError(
            {"person_id": "Give person_id for someone already known, or person for someone new"}
        )
    if payload.person_id is not None:
        return get_person(request, payload.person_id, Capability.EDIT_PERSONAL)
    return None


@api.post("/introductions", response=responses(s.IntroductionOut, WRITE), tags=["casework"])
def create_introduction(request: HttpRequest, payload: s.IntroductionIn) -> tuple[int, Any]:
    """Record an introduction: of someone known (``person_id``) or someone new (``person``)."""
    scope = allow(request, TokenScope.CASEWORK_WRITE, Capability.EDIT_PERSONAL)
    person = _person_to_introduce(request, payload)
    if person is not None:
        programme_id = person.neighbourhood.programme_id
    else:
        assert payload.person is not None
        neighbourhood = one(
            scope.neighbourhoods(Capability.EDIT_PERSONAL), payload.person.neighbourhood_id
        )
        programme_id = neighbourhood.programme_id
    source, challenges = _list_items(programme_id, payload)
    common = {
        "date": payload.date,
        "user": request.user,
        "request": request,
        "source": source,
        "introducer": payload.introducer,
        "hopes": payload.hopes,
        "challenges": challenges,
    }

    def save() -> Introduction:
        if person is not None:
            return casework.introduction_record(person=person, **common)
        new = payload.person
        assert new is not None
        return casework.person_introduce(
            full_name=new.full_name,
            neighbourhood=neighbourhood,
            preferred_name=new.preferred_name,
            date_of_birth=new.date_of_birth,
            phone=new.phone,
            postcode=new.postcode,
            **common,
        )

    introduction = idempotent(request, save)
    return 201, introduction_out(one(introductions(get_scope(request)), introduction.pk))


def idempotent(request: HttpRequest, save: Callable[[], M]) -> M:
    """Save once per ``Idempotency-Key`` header: a retried POST answers with the record the
    first one saved (201, the same body), never a second record. Without the header every
    POST saves."""
    key = request.headers.get("Idempotency-Key", "").strip()
    record, _ = save_once(user=request.user, key=f"api:{key}" if key else "", save=save)
    if record is None:
        raise HttpError(409, "The record this Idempotency-Key saved has since been deleted.")
    return record


def _list_items(programme_id: int, payload: s.IntroductionIn) -> tuple[Any, list[Any]]:
    source = None
    if payload.source:
        source = sources_for([programme_id]).filter(code=payload.source).first()
        if source is None:
            raise DjangoValidationError({"source": f"Unknown source code {payload.source!r}"})
    wanted = set(payload.challenges)
    challenges = list(challenges_for([programme_id]).filter(code__in=sorted(wanted)))
    unknown = wanted - {c.code for c in challenges}
    if unknown:
        raise DjangoValidationError(
            {"challenges": f"Unknown challenge codes: {', '.join(sorted(unknown))}"}
        )
    return source, challenges


# --- Conversations -------------------------------------------------------------


def conversation_out(c: Conversation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "person_id": c.person_id,
        "date": c.date,
        "mode": c.mode,
        "duration_minutes": c.duration_minutes,
        "who_was_there": c.who_was_there,
        "note": c.note,
        "next_contact_date": c.next_contact_date,
        "recorded_by": username(c.recorded_by),
        "created": c.created,
    }


def conversations(scope: Scope) -> QuerySet[Conversation]:
    qs = Conversation.objects.select_related("person__neighbourhood", "recorded_by")
    return personal(qs, scope).order_by("pk")


@api.get("/conversations", response=responses(s.ConversationsPage, READ), tags=["casework"])
def list_conversations(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    scope = allow(request, TokenScope.CASEWORK_READ, Capability.VIEW_PERSONAL, Filters)
    qs = filtered(
        conversations(scope), f, date_field="date", neighbourhood_field="person__neighbourhood"
    )
    return paged(qs, f, conversation_out, request=request, what="listed conversations")


@api.get(
    "/conversations/{conversation_id}",
    response=responses(s.ConversationOut, ONE),
    tags=["casework"],
)
def get_conversation(
    request: HttpRequest, conversation_id: int = Path(..., ge=1, le=s.MAX_ID)
) -> Any:
    scope = allow(request, TokenScope.CASEWORK_READ, Capability.VIEW_PERSONAL)
    conversation = one(conversations(scope), conversation_id)
    audited(request, [conversation], "read a conversation")
    return conversation_out(conversation)


@api.post("/conversations", response=responses(s.ConversationOut, WRITE), tags=["casework"])
def create_conversation(request: HttpRequest, payload: s.ConversationIn) -> tuple[int, Any]:
    """Log a conversation with someone the user may record for."""
    allow(request, TokenScope.CASEWORK_WRITE, Capability.EDIT_PERSONAL)
    person = get_person(request, payload.person_id, Capability.EDIT_PERSONAL)
    conversation = idempotent(
        request,
        lambda: casework.conversation_log(
            person=person,
            date=payload.date,
            mode=payload.mode.value,
            user=request.user,
            request=request,
            duration_minutes=payload.duration_minutes,
            who_was_there=payload.who_was_there,
            note=payload.note,
            next_contact_date=payload.next_contact_date,
        ),
    )
    conversation.recorded_by = request.user
    return 201, conversation_out(conversation)


# --- Outcomes ------------------------------------------------------------------


def assessment_out(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "person_id": a.person_id,
        "date": a.date,
        "kind": a.kind,
        "framework": a.version.framework.slug,
        "framework_version": a.version.number,
        "scores": {score.domain.key: score.score for score in a.scores.all()},
        "note": a.note,
    }


@api.get("/assessments", response=responses(s.AssessmentsPage, READ), tags=["outcomes"])
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
    return paged(qs, f, assessment_out, request=request, what="listed assessments")


def outcome_event_out(e: OutcomeEvent) -> dict[str, Any]:
    return {
        "id": e.pk,
        "person_id": e.person_id,
        "date": e.date,
        "type": e.type.code,
        "type_name": e.type.name,
        "note": e.note,
    }


@api.get("/outcome-events", response=responses(s.OutcomeEventsPage, READ), tags=["outcomes"])
def list_outcome_events(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    scope = allow(request, TokenScope.OUTCOMES_READ, Capability.VIEW_PERSONAL, Filters)
    qs = OutcomeEvent.objects.select_related("person__neighbourhood", "type")
    qs = filtered(
        personal(qs, scope).order_by("pk"),
        f,
        date_field="date",
        neighbourhood_field="person__neighbourhood",
    )
    return paged(qs, f, outcome_event_out, request=request, what="listed outcome events")


# --- Community -----------------------------------------------------------------


def asset_out(a: Asset) -> dict[str, Any]:
    data = {f: getattr(a, f) for f in s.AssetOut.model_fields if hasattr(a, f)}
    data.update(uuid=str(a.uuid), neighbourhood_ids=sorted(n.pk for n in a.neighbourhoods.all()))
    return data


class AssetFilters(Filters):
    programme: str | None = Field(None, max_length=80, description="Only this programme (slug)")


@api.get("/assets", response=responses(s.AssetsPage, READ), tags=["community"])
def list_assets(request: HttpRequest, f: Query[AssetFilters]) -> dict[str, Any]:
    """The community directory, by when an entry was last changed (``modified``)."""
    scope = allow(request, TokenScope.COMMUNITY_READ, Capability.VIEW_DIRECTORY, AssetFilters)
    qs = assets_for(scope).prefetch_related("neighbourhoods").order_by("pk")
    if f.programme:
        qs = qs.filter(programme__slug=f.programme)
    if f.neighbourhood is not None:
        qs = qs.filter(neighbourhoods=f.neighbourhood).distinct()
    qs = filtered(qs, f, date_field="modified__date", neighbourhood_field=None)
    return paged(qs, f, asset_out)


# --- Social value runs ---------------------------------------------------------


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def run_out(r: Run, *, detail: bool = False, suppress: bool = True) -> dict[str, Any]:
    """A run; an evaluative one with its ratio counted from records beside the full one."""
    split = value_split(r)
    data = {
        "id": r.pk,
        "programme_id": r.programme_id,
        "impact_map": r.version.impact_map.name,
        "impact_map_version": r.version.number,
        "mode": r.mode,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "sroi_ratio": _finite((r.result or {}).get("sroi_ratio")),
        "counted_sroi_ratio": _finite(split.counted_ratio) if split else None,
        "status": r.status,
        "published_at": r.published_at,
        "draws": r.draws,
        "seed": r.seed,
        "lac_version": r.lac_version,
        "created": r.created,
    }
    if detail:
        data.update(
            result=r.result,
            resolved=run_disclosed(r, suppress=suppress).resolved,
            counted_and_assumed=split_json(r),
        )
    return data


class RunFilters(Paging):
    programme: str | None = Field(None, max_length=80, description="Only this programme (slug)")
    date_from: s.IsoDate | None = Field(None, description="Run on or after this date")
    date_to: s.IsoDate | None = Field(None, description="Run on or before this date")


def runs(scope: Scope) -> QuerySet[Run]:
    return runs_for(scope).defer("sensitivity", "simulation").order_by("pk")


@api.get("/runs", response=responses(s.RunsPage, READ), tags=["social value"])
def list_runs(request: HttpRequest, f: Query[RunFilters]) -> dict[str, Any]:
    """Frozen runs of programmes' impact maps (social value, SROI)."""
    qs = runs(allow(request, TokenScope.REPORTS_READ, Capability.VIEW_REPORTS, RunFilters))
    if f.programme:
        qs = qs.filter(programme__slug=f.programme)
    if f.date_from is not None:
        qs = qs.filter(created__date__gte=f.date_from)
    if f.date_to is not None:
        qs = qs.filter(created__date__lte=f.date_to)
    return paged(qs, f, run_out)


@api.get("/runs/{run_id}", response=responses(s.RunDetailOut, ONE), tags=["social value"])
def get_run(request: HttpRequest, run_id: int = Path(..., ge=1, le=s.MAX_ID)) -> Any:
    scope = allow(request, TokenScope.REPORTS_READ, Capability.VIEW_REPORTS)
    run = one(runs(scope), run_id)
    return run_out(run, detail=True, suppress=scope.sees_aggregates_only(run.programme_id))
