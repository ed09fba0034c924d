"""Signing people out after a period without activity."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse

from lac.accounts.drafts import draft_discard, draft_save, is_draftable

LAST_SEEN_KEY = "lac_last_seen"


class InactivityTimeoutMiddleware:
    """End a signed-in session left idle longer than SESSION_INACTIVITY_SECONDS.

    A coordinator's phone left unlocked on a bus must not stay signed in to
    records about vulnerable people. A recording form posted after the
    sign-out is kept as a draft first, so the note comes back after signing in.
    Keeping a draft (the timeout warning's script does it in the background) is
    not activity: it must not keep an abandoned phone signed in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.SESSION_INACTIVITY_SECONDS:
                self._sign_out(request)
            elif request.path != reverse("draft_save"):
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request: HttpRequest) -> None:
        kept = (
            request.method == "POST"
            and is_draftable(request.POST)
            # Only the person's own form, not a post forged from another site.
            and CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, None, (), {})
            is None
        )
        if kept:
            path = request.path
            if path == reverse("draft_save"):
                path = request.POST.get("lac_draft_path", "")
            draft_save(user=request.user, path=path, data=request.POST)
        logout(request)
        messages.info(
            request,
            "You were signed out because you had been inactive."
            + (" What you typed has been kept: sign in to carry on." if kept else ""),
        )


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
