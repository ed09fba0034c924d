"""Saving a record once per submission, however often the submission arrives.

A browser resubmits a form when a response was lost ("Confirm form
resubmission", a gunicorn worker killed just after committing), and an API
client retries a POST that timed out. Each form carries a one-time key (a
hidden field, :class:`OnceField`); each API client may send an
``Idempotency-Key`` header. :func:`save_once` records the key in the same
transaction as the record: the first submission saves both, and any repeat,
even one arriving while the first is still saving, gets the record already
saved instead of a second one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy

from lac.audit.actor import Actor
from lac.submissions.models import Submission

M = TypeVar("M", bound=models.Model)

ALREADY_SAVED = gettext_lazy("This was already saved, so it has not been saved again.")
"""What a person sees when their browser sent a form a second time."""

KEY_TOO_LONG = gettext_lazy("The Idempotency-Key header must be at most 200 characters.")
MAX_KEY = 200


def new_key() -> str:
    return secrets.token_urlsafe(24)


class OnceField(forms.CharField):
    """A form's one-time key: a hidden field, a new key each time the form is shown."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False, max_length=MAX_KEY, widget=forms.HiddenInput, initial=new_key, **kwargs
        )


def saved_before(*, actor: Actor, key: str) -> models.Model | None:
    """The record a submission of the actor's with this key saved, if one did: for a page
    that asks questions before saving (the new introduction's duplicate check) to skip them
    on a repeat."""
    if not key:
        return None
    earlier = Submission.objects.filter(user=actor.user, key=key).first()
    return earlier.record if earlier else None


def save_once(*, actor: Actor, key: str, save: Callable[[], M]) -> tuple[M | None, bool]:
    """Run ``save`` unless the actor has already submitted ``key``: the record and True, or
    the record saved the first time (None if it has since been deleted) and False.

    With no key (an API client that sends none) every call saves. A repeat arriving
    while the first is still saving waits for it (the key's unique index) and then
    finds its record; if the first failed, the repeat saves.
    """
    if not key:
        return save(), True
    if len(key) > MAX_KEY:
        raise ValidationError({"Idempotency-Key": KEY_TOO_LONG})
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = Submission.objects.create(user=actor.user, key=key)
        except IntegrityError:
            earlier = Submission.objects.get(user=actor.user, key=key)
            return earlier.record, False
        record = save()
        submission.content_type = ContentType.objects.get_for_model(record)
        submission.object_id = record.pk
        submission.save(update_fields=["content_type", "object_id"])
    return record, True
