"""Issue, open and spend one-time links: every rule about a link is here, once.

A link is refused for one of three reasons, and the person is told which in
plain words (:class:`Refusal`): nobody issued it (or it was mistyped), it was
already used, or its time ran out. Issuing and using are both audited against
the person, in the same transaction as the change.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.people.models import Person
from lac.selfservice.models import PersonalLink
from lac.selfservice.registry import label_of, purpose_of

#: The longest a link may last: long enough to hand over at one meeting and fill in
#: at home, short enough that a link found later in a message opens nothing.
LONGEST_LIFE = timedelta(days=30)

UNKNOWN_PURPOSE = gettext_lazy("Choose what the link is for")
WRONG_TARGET = gettext_lazy("The link must open a {expected}")
LIFE_NOT_POSITIVE = gettext_lazy("How long the link lasts must be more than zero")
LIFE_TOO_LONG = gettext_lazy("A link can last at most {days} days")


class Refusal(StrEnum):
    """Why a link does not open, each with what the person is told."""

    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


class LinkRefused(Exception):
    def __init__(self, reason: Refusal, person: Person | None = None) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.person = person
        """Whose link it was (a link used or run out), to refuse it in their language."""


@dataclass(frozen=True)
class IssuedLink:
    link: PersonalLink
    token: str
    """The only copy of the token: shown once to the coordinator, never stored."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check(purpose: str, target: models.Model | None, expires_in: timedelta) -> None:
    registered = purpose_of(purpose)
    if registered is None:
        raise ValidationError({"purpose": UNKNOWN_PURPOSE})
    expected = registered.target_model
    actual = target._meta.label_lower if target is not None else None
    if expected != actual:
        raise ValidationError({"target": WRONG_TARGET.format(expected=expected or "nothing")})
    if expires_in <= timedelta(0):
        raise ValidationError({"expires_in": LIFE_NOT_POSITIVE})
    if expires_in > LONGEST_LIFE:
        raise ValidationError({"expires_in": LIFE_TOO_LONG.format(days=LONGEST_LIFE.days)})


def personal_link_issue(
    actor: Actor,
    *,
    person: Person,
    purpose: str,
    target: models.Model | None = None,
    expires_in: timedelta,
) -> IssuedLink:
    """A new link for ``person`` to open ``purpose`` (on ``target``) once, within ``expires_in``."""
    _check(purpose, target, expires_in)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = PersonalLink.objects.create(
            person=person,
            purpose=purpose,
            token_hash=_hash(token),
            target_type=ContentType.objects.get_for_model(target) if target is not None else None,
            target_id=target.pk if target is not None else None,
            expires=timezone.now() + expires_in,
            issued_by=actor.user,
        )
        audit_write(
            obj=link,
            action=Action.CREATE,
            actor=actor,
            person=person,
            what=f"One-time link issued: {label_of(purpose)}",
        )
    return IssuedLink(link=link, token=token)


def personal_link_open(token: str) -> PersonalLink:
    """The link this token opens, or :class:`LinkRefused` saying why not."""
    link = (
        PersonalLink.objects.select_related("person", "target_type")
        .filter(token_hash=_hash(token), person__merged_into__isnull=True)
        .first()
    )
    if link is None or purpose_of(link.purpose) is None:
        raise LinkRefused(Refusal.UNKNOWN)
    if link.used is not None:
        raise LinkRefused(Refusal.USED, link.person)
    if link.expires <= timezone.now():
        raise LinkRefused(Refusal.EXPIRED, link.person)
    return link


def personal_link_use(link: PersonalLink, *, actor: Actor) -> None:
    """Spend the link, inside the caller's transaction that saves what the person did.

    The update only matches a link nobody has spent, so two submissions racing
    each other cannot both get through: the second is refused as used.
    """
    now = timezone.now()
    spent = PersonalLink.objects.filter(pk=link.pk, used__isnull=True, expires__gt=now).update(
        used=now
    )
    if not spent:
        raise LinkRefused(Refusal.USED if link.expires > now else Refusal.EXPIRED)
    link.used = now
    audit_write(
        obj=link,
        action=Action.UPDATE,
        actor=actor,
        person=link.person,
        what=f"One-time link used by the person: {label_of(link.purpose)}",
        changes={"used": ["", f"{now:%Y-%m-%d %H:%M}"]},
    )
