"""Reads of the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from lac.audit.models import AuditEvent


def trail_for(person) -> QuerySet[AuditEvent]:
    """Everything seen or changed about a person, newest first, including records
    that were merged into theirs."""
    merged_ids = list(person.merged_from.values_list("pk", flat=True))
    return AuditEvent.objects.filter(person_id__in=[person.pk, *merged_ids]).select_related("user")
