"""Reads through the API are audited like the web's: one event per person seen."""

from __future__ import annotations

from collections.abc import Iterable

from lac.audit.actor import Actor
from lac.audit.models import Action, AuditEvent
from lac.audit.services import mark_audited


def audit_api_read(
    actor: Actor, records: Iterable[tuple[int | None, int | None, str, int]], what: str
) -> None:
    """Record that the token's user read these records.

    ``records`` holds (person id, programme id, "app.model", record id) for each
    record returned (no person id for a record about someone not yet recorded as a
    person: an introduction waiting to be welcomed); one row each, in one query.
    """
    records = list(records)
    mark_audited(actor, [person_id for person_id, *_ in records])
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=actor.user,
            username=actor.username,
            action=Action.READ,
            what=f"API: {what}"[:300],
            person_id=person_id,
            programme_id=programme_id,
            object_type=object_type,
            object_id=str(object_id),
            ip_address=actor.ip_address,
            path=actor.path,
        )
        for person_id, programme_id, object_type, object_id in records
    )
