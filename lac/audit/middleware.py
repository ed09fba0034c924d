"""Write the read events for the people a page showed, once the page is ready to send."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lac.audit.actor import Actor
from lac.audit.services import audit_shown_people


class AuditShownMiddleware:
    """After a page (status 200) that showed people, audit each read in one insert.

    Pages that redirect or fail showed nobody's details, so they write nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 200:
            match = request.resolver_match
            page = (match.url_name or "").replace("_", " ") if match else ""
            audit_shown_people(Actor.of(request), page=page)
        return response
