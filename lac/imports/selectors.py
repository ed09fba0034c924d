"""Reads for imports: who may import where, their jobs, saved mappings, choices for values.

They take the user's :class:`~lac.accounts.permissions.Scope`, built once per request
(``get_scope``) or job (``scope_for_user``), never the request itself.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext

from lac.accounts.models import Membership, Programme, Role, User
from lac.accounts.permissions import Capability, Scope
from lac.casework.models import ConversationMode
from lac.casework.selectors import challenges_for, closure_reasons_for, sources_for
from lac.imports.fields import IGNORE
from lac.imports.models import ImportJob, ImportMapping
from lac.outcomes.models import Confidence, RateCard, UnitCost
from lac.outcomes.selectors import event_types_for, unit_costs_for
from lac.people.equality import QUESTIONS
from lac.people.models import HousingTenure, PrimaryCategory
from lac.people.selectors import people_for

IMPORT_CAPABILITIES = (Capability.VIEW_TEAM, Capability.EDIT_PERSONAL)
"""Importing is for team managers: it writes every coordinator's records (EDIT_PERSONAL)
across a whole programme (VIEW_TEAM). A programme lead reads but does not write; a
coordinator writes only in their own neighbourhood."""


def import_programme_ids(scope: Scope) -> frozenset[int]:
    """Programmes where the user holds both capabilities."""
    return scope.programme_ids(Capability.VIEW_TEAM) & scope.programme_ids(Capability.EDIT_PERSONAL)


def may_import(scope: Scope) -> bool:
    """The import pages' rule, for their views and the menu alike."""
    return bool(import_programme_ids(scope))


def importable_programmes(scope: Scope) -> QuerySet[Programme]:
    """The programmes the user may import into, or 403 when there are none."""
    ids = import_programme_ids(scope)
    if not ids:
        raise PermissionDenied(gettext("Importing needs a team manager's role in a programme."))
    return Programme.objects.filter(pk__in=sorted(ids))


def jobs_for(scope: Scope) -> QuerySet[ImportJob]:
    importable_programmes(scope)  # 403 for someone who may not import anywhere
    return jobs_in(scope)


def jobs_in(scope: Scope) -> QuerySet[ImportJob]:
    """The imports of every programme the user may import into."""
    return ImportJob.objects.filter(
        programme_id__in=sorted(import_programme_ids(scope))
    ).select_related("programme", "coordinator", "created_by")


def get_job(scope: Scope, pk: int) -> ImportJob:
    """One job in a programme the user may import into, or 404."""
    try:
        return jobs_for(scope).get(pk=pk)
    except ImportJob.DoesNotExist as exc:
        raise Http404("No such import in your programmes") from exc


def coordinators_in(programmes: QuerySet[Programme]) -> QuerySet[User]:
    ids = Membership.objects.filter(programme__in=programmes, role=Role.COORDINATOR).values_list(
        "user_id", flat=True
    )
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


def mappings_in(programmes: QuerySet[Programme]) -> QuerySet[ImportMapping]:
    return ImportMapping.objects.filter(programme__in=programmes).select_related(
        "programme", "coordinator"
    )


def get_mapping(scope: Scope, pk: int) -> ImportMapping:
    try:
        return mappings_in(importable_programmes(scope)).get(pk=pk)
    except ImportMapping.DoesNotExist as exc:
        raise Http404("No such mapping in your programmes") from exc


def rate_card_items(programme: Programme) -> list[UnitCost]:
    """The items services avoided are matched to; none when no rate card is set up."""
    try:
        return list(unit_costs_for(programme))
    except RateCard.DoesNotExist:
        return []


def value_choices(programme: Programme) -> dict[str, list[tuple[str, str | Promise]]]:
    """What each category's unrecognised values can be mapped to, with "leave blank"."""
    blank = (IGNORE, "Leave blank")
    return {
        "source": [*((s.code, s.label) for s in sources_for([programme.pk])), blank],
        "level": [("1", "Level 1"), ("2", "Level 2"), blank],
        "status": [("active", "Active"), ("paused", "Paused"), ("closed", "Closed"), blank],
        "closure_reason": [
            *((c.code, c.label) for c in closure_reasons_for([programme.pk])),
            blank,
        ],
        "primary_category": [*PrimaryCategory.choices, blank],
        "housing_tenure": [*HousingTenure.choices, blank],
        "challenges": [*((c.code, c.label) for c in challenges_for([programme.pk])), blank],
        "services_avoided": [*((u.item, u.item) for u in rate_card_items(programme)), blank],
        "outcomes": [*((t.code, t.name) for t in event_types_for(programme)), blank],
        "contact_mode": [*ConversationMode.choices, blank],
        "confidence": [*Confidence.choices, blank],
        **{q.field: [*q.choices.choices, blank] for q in QUESTIONS},
    }


def people_of_import(scope: Scope, report: dict[str, Any]) -> dict[str, Any]:
    """The people an import created and updated, and the person each duplicate row went
    to, as the user may see them: one query, whatever the size of the import."""
    listed = report.get("people") or {}
    review = report.get("review") or []
    ids = {*listed.get("created", ()), *listed.get("updated", ())}
    ids |= {d["person_id"] for d in review if d.get("person_id")}
    found = {p.pk: p for p in people_for(scope).filter(pk__in=sorted(ids))} if ids else {}
    return {
        "created": [found[pk] for pk in listed.get("created", ()) if pk in found],
        "updated": [found[pk] for pk in listed.get("updated", ()) if pk in found],
        "review": [{**d, "person": found.get(d.get("person_id"))} for d in review],
    }
