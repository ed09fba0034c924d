"""Reads of the audit trail."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from lac.audit.models import Action, AuditEvent


def trail_for(person) -> QuerySet[AuditEvent]:
    """Everything seen or changed about a person, newest first, including records
    that were merged into theirs."""
    merged_ids = list(person.merged_from.values_list("pk", flat=True))
    return AuditEvent.objects.filter(person_id__in=[person.pk, *merged_ids]).select_related("user")


def list_views(programme_ids: Iterable[int], user_id: int | None = None) -> QuerySet[AuditEvent]:
    """Lists of people viewed in these programmes (by one user, if given), newest first."""
    events = AuditEvent.objects.filter(
        action=Action.LIST, programme_id__in=sorted(programme_ids)
    ).select_related("user")
    return events.filter(user_id=user_id) if user_id is not None else events
