"""The site shell: home page, health check and error pages."""

from __future__ import annotations

import logging
import sys

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache

from lac.accounts.models import Role
from lac.accounts.permissions import Capability, get_scope
from lac.audit.actor import Actor
from lac.audit.services import audit_shown
from lac.web import selectors
from lac.web.failures import failure_for
from lac.welcome.selectors import waiting_for
from lac.welcome.views import partner_home

logger = logging.getLogger(__name__)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on what it needs first: a coordinator on their caseload."""
    scope = get_scope(request)
    if scope.roles == {Role.INTRODUCER}:
        return partner_home(request)  # an introducer's home is their own introductions
    if scope.can(Capability.EDIT_PERSONAL) and not scope.can(Capability.VIEW_TEAM):
        from lac.casework.views import caseload

        return caseload(request, home=True, to_welcome=waiting_for(scope))
    context = selectors.home_context(scope, timezone.localdate())
    if context["flags_due"] is not None:
        audit_shown(Actor.of(request), [flag.person for flag in context["flags_due"].first])
    return render(request, "web/home.html", context)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise: for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return HttpResponse("database unreachable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The page for a refusal: the general words, after the refusal's own when it gave some
    ("Only managers can import into the directory.", marked for translation where raised)."""
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The page for an unhandled error: its own 503 page when storage or the database failed.

    Rendered without the request: the database may be what failed.
    """
    failure = failure_for(sys.exc_info()[1])
    if failure is not None:
        context = {"title": failure.title, "advice": failure.advice}
        return HttpResponse(render_to_string("503.html", context), status=503)
    return HttpResponseServerError(render_to_string("500.html"))
