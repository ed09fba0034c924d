"""Retention for introductions never welcomed: their personal details do not wait for ever.

An introduction that arrived from a partner or the public page and was declined, or
was never decided, holds a person's name and contact details (and their introducer's)
without the person ever having become someone a coordinator walks alongside. After
``settings.LAC_UNWELCOMED_KEEP_DAYS`` days from its arrival (environment variable
``UNWELCOMED_INTRODUCTION_DAYS``; 365 by default, lac's own choice, not a published
figure: a council's data protection impact assessment sets its own), those details are
erased. What stays is what the figures need: the programme, neighbourhood, route,
introducer's organisation, dates, decision and any SNOMED CT concepts.

One function does it (:func:`unwelcomed_erase`), called by ``lac forget_introductions``
and by the background job :func:`lac.welcome.jobs.forget_introductions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.welcome.models import Decision, IncomingIntroduction

DEFAULT_KEEP_DAYS = 365
ERASED_NAME = "Erased introduction"
#: The personal details blanked; everything else on the introduction is about the work.
BLANKED = (
    "postcode",
    "phone",
    "email",
    "hopes",
    "introducer_name",
    "introducer_contact",
    "decline_reason",
)


def keep_days() -> int:
    return int(getattr(settings, "LAC_UNWELCOMED_KEEP_DAYS", DEFAULT_KEEP_DAYS))


def due_for_erasure(now: datetime, *, days: int | None = None) -> QuerySet[IncomingIntroduction]:
    """Introductions declined or never decided that arrived at least the period ago."""
    before = now - timedelta(days=keep_days() if days is None else days)
    return IncomingIntroduction.objects.filter(
        decision__in=[Decision.WAITING, Decision.DECLINED], arrived__lte=before, erased__isnull=True
    ).order_by("arrived", "pk")


@dataclass(frozen=True)
class Forgotten:
    erased: int
    days: int


def unwelcomed_erase(actor: Actor, *, now: datetime | None = None) -> Forgotten:
    """Erase the personal details of every introduction past the period, each audited by
    its number and decision only (the audit text carries no name or detail)."""
    now = now or timezone.now()
    days = keep_days()
    count = 0
    for incoming in due_for_erasure(now, days=days):
        with transaction.atomic():
            updated = IncomingIntroduction.objects.filter(pk=incoming.pk, erased__isnull=True)
            if not updated.update(full_name=ERASED_NAME, erased=now, **dict.fromkeys(BLANKED, "")):
                continue  # erased meanwhile by another run
            audit_write(
                obj=incoming,
                action=Action.DELETE,
                what=f"Erased the personal details of introduction {incoming.pk} "
                f"({Decision(incoming.decision).label.lower()}), {days} days after it arrived",
                actor=actor,
            )
        count += 1
    return Forgotten(erased=count, days=days)
