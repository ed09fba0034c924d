"""Who may call an operation, and which records it may answer with.

Every operation starts with :func:`allow`; records about people are narrowed
by :func:`personal`, and one record is found (or 404) by :func:`one`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Schema
from ninja.errors import HttpError

from lac.accounts.models import User
from lac.accounts.permissions import Capability, Scope, get_scope
from lac.api.models import ApiToken


class UnknownParameters(Exception):
    """Query parameters the operation does not take (422, each one named)."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


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
        raise HttpError(
            403,
            gettext("This token does not have the %(scope)s scope") % {"scope": token_scope},
        )
    scope = get_scope(request)
    if not scope.can(capability):
        raise HttpError(
            403,
            gettext("Your role does not allow this (%(capability)s)")
            % {"capability": capability.value},
        )
    known_query(request, query)
    return scope


def acting_user(request: HttpRequest) -> User:
    """The token's user: who every write through the API is recorded as."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.user


def known_query(request: HttpRequest, schema: type[Schema] | None = None) -> None:
    """422 for a query parameter the operation does not take: a typo such as
    ``neighborhood`` must not quietly return every record."""
    allowed = set(schema.model_fields) if schema is not None else set()
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise UnknownParameters(unknown)


def personal(qs: QuerySet[Any], scope: Scope) -> QuerySet[Any]:
    """Records about people the user may see, leaving out merged-away duplicates."""
    qs = scope.filter(qs, Capability.VIEW_PERSONAL, neighbourhood_field="person__neighbourhood")
    return qs.filter(person__merged_into__isnull=True)


def one(qs: QuerySet[Any], pk: int) -> Any:
    """The record with this id among those the user may see, else 404 (as on the web)."""
    found = qs.filter(pk=pk).first()
    if found is None:
        raise HttpError(404, "Not Found")
    return found
