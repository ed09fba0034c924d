"""Lists in the API: the responses each kind of operation declares, paging,
the common filters, and the page envelope (auditing the people it shows)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from lac.accounts.permissions import Capability
from lac.api import schemas as s
from lac.api.access import allow, one, personal
from lac.api.audit import audit_api_read
from lac.audit.actor import Actor
from lac.people.models import Person

READ = {200: Any, 401: s.Error, 403: s.Error, 422: s.ValidationErrors}
ONE = {**READ, 404: s.Error}
CHANGE = {**ONE, 400: s.Error}
"""A change to one record: a body that cannot be read, or that a rule refuses, is a 400."""
WRITE = {201: Any, 400: s.Error, 401: s.Error, 403: s.Error, 404: s.Error, 422: s.ValidationErrors}


def responses(ok: Any, base: dict[int, Any]) -> dict[int, Any]:
    """``base`` with its success status (201 for a write, else 200) answering ``ok``."""
    status = 201 if 201 in base else 200
    return {**base, status: ok}


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
    qs: QuerySet[Any], p: Paging, *, request: HttpRequest | None = None, what: str = ""
) -> dict[str, Any]:
    """One page in the API's envelope, its items the records themselves (the page's
    schema says how each looks); records about people are audited as read."""
    items = list(qs[p.offset : p.offset + p.limit])
    if request is not None:
        audited(request, items, what)
    return {"count": qs.count(), "limit": p.limit, "offset": p.offset, "items": items}


def audited(request: HttpRequest, items: list[Model], what: str) -> None:
    """One audit event per record shown, under the person it is about."""
    rows = []
    for item in items:
        person = item if isinstance(item, Person) else item.person  # type: ignore[attr-defined]
        rows.append((person.pk, person.neighbourhood.programme_id, item._meta.label_lower, item.pk))
    audit_api_read(Actor.of(request), rows, what)


def personal_page(
    request: HttpRequest, token_scope: str, records: QuerySet[Any], f: Filters, *, what: str
) -> dict[str, Any]:
    """A page of dated records about people (introductions, conversations, assessments,
    outcome events): filtered by neighbourhood and date, each person's read audited."""
    scope = allow(request, token_scope, Capability.VIEW_PERSONAL, Filters)
    qs = filtered(
        personal(records, scope).order_by("pk"),
        f,
        date_field="date",
        neighbourhood_field="person__neighbourhood",
    )
    return paged(qs, f, request=request, what=what)


def personal_record(
    request: HttpRequest, token_scope: str, records: QuerySet[Any], pk: int, *, what: str
) -> Any:
    """One record about a person, or 404; its reading audited."""
    scope = allow(request, token_scope, Capability.VIEW_PERSONAL)
    record = one(personal(records, scope), pk)
    audited(request, [record], what)
    return record
