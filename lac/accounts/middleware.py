"""Signing people out after a period without activity."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LAST_SEEN_KEY = "lac_last_seen"


class InactivityTimeoutMiddleware:
    """End a signed-in session left idle longer than SESSION_INACTIVITY_SECONDS.

    A coordinator's phone left unlocked on a bus must not stay signed in to
    records about vulnerable people.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.SESSION_INACTIVITY_SECONDS:
                logout(request)
                messages.info(request, "You were signed out because you had been inactive.")
            else:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


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
