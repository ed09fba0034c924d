"""Recording a share: the one way a disclosure enters the log, whatever made it.

Every route that sends something about a person outside the programme's staff
(a subject access copy, a file about one person, news back to an introducer,
information a coordinator gives a service) calls :func:`disclosure_record`
in the same transaction as the share, so the log and the audit trail agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from lac.audit.actor import Actor
from lac.audit.services import create_audited
from lac.disclosures.models import Disclosure, Kind, LegalBasis

NO_RECIPIENT = gettext_lazy("Enter who it was shared with")
NO_BASIS = gettext_lazy("Choose the person’s consent or a legal basis it was shared on")
TWO_BASES = gettext_lazy("Choose the person’s consent or a legal basis, not both")
NOT_THEIR_CONSENT = gettext_lazy("The consent chosen is not this person’s")
CONSENT_WITHDRAWN = gettext_lazy(
    "The person has withdrawn that consent, so it cannot be shared on it"
)
NO_DESCRIPTION = gettext_lazy("Enter what was shared")
IN_THE_FUTURE = gettext_lazy("When it was shared must be now or in the past")


@transaction.atomic
def disclosure_record(
    actor: Actor,
    *,
    person: Any,
    kind: Kind | str,
    description: str,
    recipient: str = "",
    recipient_user: Any = None,
    consent: Any = None,
    legal_basis: LegalBasis | str = "",
    shared_at: datetime | None = None,
) -> Disclosure:
    """Log that ``description`` about ``person`` went to ``recipient`` (or ``recipient_user``)
    on the person's ``consent`` or a ``legal_basis``, and write it to their audit trail.

    A consent must be the person's own and not withdrawn: a share on consent the
    person took back is refused, not logged.
    """
    problems: dict[str, StrOrPromise] = {}
    if not description.strip():
        problems["description"] = NO_DESCRIPTION
    if not recipient.strip() and recipient_user is None:
        problems["recipient_name"] = NO_RECIPIENT
    if consent is None and not legal_basis:
        problems["legal_basis"] = NO_BASIS
    elif consent is not None and legal_basis:
        problems["legal_basis"] = TWO_BASES
    elif consent is not None and consent.person_id != person.pk:
        problems["consent"] = NOT_THEIR_CONSENT
    elif consent is not None and consent.withdrawn_on is not None:
        problems["consent"] = CONSENT_WITHDRAWN
    now = timezone.now()
    if shared_at is not None and shared_at > now:
        problems["shared_at"] = IN_THE_FUTURE
    if problems:
        raise ValidationError(problems)
    disclosure = Disclosure(
        person=person,
        programme_id=person.neighbourhood.programme_id,
        kind=kind,
        description=description.strip(),
        recipient_name=recipient.strip(),
        recipient_user=recipient_user,
        consent=consent,
        legal_basis=legal_basis,
        shared_at=shared_at or now,
        recorded_by=actor.user,
    )
    return create_audited(
        disclosure,
        what=f"Shared {person.full_name}'s information with {disclosure.recipient}: "
        f"{disclosure.get_kind_display().lower()}",
        actor=actor,
        person=person,
        changes={"basis": ["", disclosure.basis]},
    )
