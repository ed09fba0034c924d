"""Reads of background report jobs: the one rule for whose they are."""

from __future__ import annotations

from django.db.models import QuerySet

from lac.accounts.permissions import Capability, Scope
from lac.reports.models import Job


def jobs_for(scope: Scope) -> QuerySet[Job]:
    """Only the person who asked for a job (the scope's user) may see it or its file, in
    programmes they still report on."""
    return scope.filter(
        Job.objects.filter(created_by_id=scope.user_id).select_related("programme"),
        Capability.VIEW_REPORTS,
        neighbourhood_field=None,
        programme_field="programme",
    )
