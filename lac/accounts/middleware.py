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
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse

from lac.accounts.drafts import draft_discard, draft_save, is_draftable
from lac.accounts.models import User

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
    write of the session. A recording form posted after the sign-out is kept
    as a draft first, so the note comes back after signing in. Keeping a draft
    (the timeout warning's script does it in the background) is not activity:
    it must not keep an abandoned phone signed in.
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
            request.session.setdefault(LAST_SEEN_KEY, now)
        return response

    def _check_time_limits(self, request: HttpRequest, now: int) -> None:
        if request.path == reverse("timed_out"):
            return  # the timeout warning's own sign-out: the view signs out and says why, once
        session = request.session
        last_seen = session.get(LAST_SEEN_KEY, now)
        if now - session.get(SIGNED_IN_KEY, now) > settings.SESSION_COOKIE_AGE:
            hours = round(settings.SESSION_COOKIE_AGE / 3600)
            self._sign_out(
                request, f"You were signed out because you signed in over {hours} hours ago."
            )
        elif now - last_seen > settings.SESSION_INACTIVITY_SECONDS:
            self._sign_out(request, "You were signed out because you had been inactive.")
        elif (
            now - last_seen >= settings.LAC_LAST_SEEN_RESOLUTION_SECONDS
            and request.path != reverse("draft_save")
        ):
            session[LAST_SEEN_KEY] = now

    @staticmethod
    def _sign_out(request: HttpRequest, reason: str) -> None:
        kept = (
            request.method == "POST"
            and is_draftable(request.POST)
            # Only the person's own form, not a post forged from another site.
            and CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
                request, lambda r: HttpResponse(), (), {}
            )
            is None
        )
        if kept and isinstance(request.user, User):
            path = request.path
            if path == reverse("draft_save"):
                path = request.POST.get("lac_draft_path", "")
            draft_save(user=request.user, path=path, data=request.POST)
        logout(request)
        messages.info(
            request,
            reason + (" What you typed has been kept: sign in to carry on." if kept else ""),
        )


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


class DraftDiscardMiddleware:
    """A recording form saved (posted and answered with a redirect) needs no draft."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "POST"
            and response.status_code == 302
            and request.user.is_authenticated
            and is_draftable(request.POST)
        ):
            draft_discard(user=request.user, path=request.path)
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
