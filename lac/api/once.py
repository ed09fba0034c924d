"""Writes through the API save once per ``Idempotency-Key``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja.errors import HttpError

from lac.audit.actor import Actor
from lac.submissions.services import save_once

M = TypeVar("M", bound=Model)


def idempotent(request: HttpRequest, save: Callable[[], M]) -> M:
    """Save once per ``Idempotency-Key`` header: a retried POST answers with the record the
    first one saved (201, the same body), never a second record. Without the header every
    POST saves."""
    key = request.headers.get("Idempotency-Key", "").strip()
    record, _ = save_once(actor=Actor.of(request), key=f"api:{key}" if key else "", save=save)
    if record is None:
        raise HttpError(
            409, gettext("The record this Idempotency-Key saved has since been deleted.")
        )
    return record
