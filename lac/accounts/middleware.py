"""Sessions: time limits on being signed in, and a session save that cannot undo a saved record."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

LAST_SEEN_KEY = "lac_last_seen"
SIGNED_IN_KEY = "lac_signed_in"

logger = logging.getLogger(__name__)


class SessionTimeLimitsMiddleware:
    """Sign out a session left idle too long, and every session 12 hours after sign-in.

    A coordinator's phone left unlocked on a bus must not stay signed in to
    records about vulnerable people; nor may a session kept busy stay signed in
    for ever (``SESSION_COOKIE_AGE`` counts from sign-in, not from the last
    request). The last-seen time is written at most once every
    ``LAC_LAST_SEEN_RESOLUTION_SECONDS``, so reading a page is not a database
    write of the session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check_time_limits(request, int(time.time()))
        response = self.get_response(request)
        if request.user.is_authenticated and SIGNED_IN_KEY not in request.session:
            now = int(time.time())  # just signed in (or a session from before this rule)
            request.session[SIGNED_IN_KEY] = now
            request.session[LAST_SEEN_KEY] = now
        return response

    def _check_time_limits(self, request: HttpRequest, now: int) -> None:
        session = request.session
        last_seen = session.get(LAST_SEEN_KEY, now)
        if now - session.get(SIGNED_IN_KEY, now) > settings.SESSION_COOKIE_AGE:
            logout(request)
            hours = round(settings.SESSION_COOKIE_AGE / 3600)
            messages.info(
                request, f"You were signed out because you signed in over {hours} hours ago."
            )
        elif now - last_seen > settings.SESSION_INACTIVITY_SECONDS:
            logout(request)
            messages.info(request, "You were signed out because you had been inactive.")
        elif now - last_seen >= settings.LAC_LAST_SEEN_RESOLUTION_SECONDS:
            session[LAST_SEEN_KEY] = now


class CommittedSaveSessionMiddleware(SessionMiddleware):
    """Django's session middleware, except that a failed session save never replaces the answer.

    By the time the session is saved the view has done its work: a conversation
    may already be committed. If the database drops the connection just then,
    Django would answer 400 ("the request was wrong") or 500, and the
    coordinator would save the conversation again. The view's own answer
    stands; the session's changes (a flash message, a last-seen time) are what
    is lost, and a session deleted meanwhile (signed out everywhere) stays
    deleted.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        try:
            return super().process_response(request, response)
        except (SessionInterrupted, DatabaseError):
            logger.warning("The session could not be saved; the response stands", exc_info=True)
            return response


class PermissionsPolicyMiddleware:
    """Tell browsers the site never uses the camera, microphone, payments and the like.

    A page that could be made to run someone else's code still could not reach
    them. The policy is ``settings.PERMISSIONS_POLICY``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
