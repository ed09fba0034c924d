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

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.operation import Operation
from ninja.security import HttpBearer

from lac.api.access import UnknownParameters
from lac.api.models import ApiToken
from lac.api.routers import (
    casework,
    community,
    outcomes,
    people,
    runs,
    safety,
    stories,
    welcome,
)
from lac.api.tokens import token_for


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; the request then acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_for(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request._lac_scope = None  # type: ignore[attr-defined]  # get_scope computes it afresh
        return api_token


class LacAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The ids the API had when every operation lived in ``lac/api/api.py``: clients
        generated from the OpenAPI document name their methods after them."""
        return f"lac_api_api_{operation.view_func.__name__}"


api = LacAPI(
    title="Local Area Coordination API",
    version="1",
    description=__doc__,
    urls_namespace="api",
    openapi_url="/schema",
    docs_url="/docs",
    auth=TokenAuth(),
)
api.add_router("", people.router)
api.add_router("", casework.router)
api.add_router("", outcomes.router)
api.add_router("", community.router)
api.add_router("", runs.router)
api.add_router("", stories.router)
api.add_router("", welcome.router)
api.add_router("", safety.router)


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


@api.exception_handler(UnknownParameters)
def unknown_parameters(request: HttpRequest, exc: UnknownParameters) -> HttpResponse:
    problems = [
        {"loc": ["query", name], "msg": "unknown parameter", "type": "extra_forbidden"}
        for name in exc.names
    ]
    return api.create_response(request, {"detail": problems}, status=422)
