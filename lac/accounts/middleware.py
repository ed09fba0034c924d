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
