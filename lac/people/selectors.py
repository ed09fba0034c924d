"""Reads of people, always through the user's scope.

Other apps fetch a person with :func:`get_person` (404 outside the user's
neighbourhoods or programme) and list people with :func:`people_for`.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from lac.accounts.permissions import Capability, Scope, get_in_scope
from lac.people.models import Person


def people() -> QuerySet[Person]:
    """Every live person record (not merged away), with neighbourhood and programme."""
    return Person.objects.filter(merged_into__isnull=True).select_related(
        "neighbourhood__programme", "coordinator"
    )


def people_for(scope: Scope, capability: Capability = Capability.VIEW_PERSONAL) -> QuerySet[Person]:
    """The people this user may see (or change) with the capability."""
    return scope.filter(people(), capability, neighbourhood_field="neighbourhood")


def get_person(
    request: HttpRequest, pk: int, capability: Capability = Capability.VIEW_PERSONAL
) -> Person:
    """One person the user may see with the capability, or 404.

    Does not audit: the view that shows the record calls ``audit_read``.
    """
    return get_in_scope(request, people(), capability, neighbourhood_field="neighbourhood", pk=pk)
