"""Unsaved recording forms kept against their author, so no note is lost.

A recording form marks itself with a hidden ``lac_draft`` field. What was typed
reaches the server two ways: the timeout warning's script sends it before the
inactivity sign-out, and a form posted after the sign-out is kept by the
inactivity middleware before it signs the person out. After signing in again
the form page asks :func:`draft_restored` for its initial values. Saving the
form (a successful post, answered with a redirect) deletes the draft.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext

from lac.accounts.models import FormDraft, User

MARKER = "lac_draft"
"""The hidden field a recording form carries so its posts can be kept as drafts."""

NOT_KEPT = {"csrfmiddlewaretoken", MARKER, "lac_draft_path"}
MAX_PATH = 300


def is_draftable(data: QueryDict) -> bool:
    return data.get(MARKER) == "1"


def _expiry() -> Any:
    return timezone.now() - timedelta(hours=settings.LAC_DRAFT_KEEP_HOURS)


def draft_save(*, user: User, path: str, data: QueryDict) -> None:
    """Keep what was typed on one form page, replacing any earlier draft of it."""
    if not path.startswith("/") or len(path) > MAX_PATH:
        return
    kept = {name: data.getlist(name) for name in data if name not in NOT_KEPT}
    if not any(value.strip() for values in kept.values() for value in values):
        return
    FormDraft.objects.update_or_create(user=user, path=path, defaults={"data": kept})
    # Everyone's expired drafts go here, so none outlives the keeping period by
    # more than the time to the next draft anyone saves.
    FormDraft.objects.filter(saved__lt=_expiry()).delete()


def draft_discard(*, user: User, path: str) -> None:
    FormDraft.objects.filter(user=user, path=path).delete()


def draft_restored(request: HttpRequest) -> dict[str, Any]:
    """Initial values from the signed-in user's draft of this page, if one is kept.

    Says so in a banner, so the person checks the text before saving it.
    """
    if request.method != "GET" or not request.user.is_authenticated:
        return {}
    draft = FormDraft.objects.filter(
        user=request.user, path=request.path, saved__gte=_expiry()
    ).first()
    if draft is None:
        return {}
    messages.info(
        request,
        gettext("We kept what you typed here before you were signed out. Check it, then save."),
    )
    return {name: values[0] if len(values) == 1 else values for name, values in draft.data.items()}
