"""Reads of background report jobs: the one rule for whose they are."""

from __future__ import annotations

from django.db.models import QuerySet

from lac.accounts.models import User
from lac.accounts.permissions import Capability, Scope
from lac.reports.models import Job


def jobs_for(scope: Scope, user: User) -> QuerySet[Job]:
    """Only the person who asked for a job may see it or its file, in programmes they
    still report on."""
    return scope.filter(
        Job.objects.filter(created_by=user).select_related("programme"),
        Capability.VIEW_REPORTS,
        neighbourhood_field=None,
        programme_field="programme",
    )
