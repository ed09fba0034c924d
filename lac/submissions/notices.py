"""What a page tells the person about a form they sent: for views, which hold the request.

Kept apart from :mod:`lac.submissions.services`, which saves and takes no request.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest

from lac.submissions.services import ALREADY_SAVED


def announce(request: HttpRequest, *, first: bool, saved: str) -> None:
    """One message about the submission: ``saved`` the first time, and that it was
    already saved when the person's browser sent the same form again."""
    if first:
        messages.success(request, saved)
    else:
        messages.info(request, ALREADY_SAVED)
