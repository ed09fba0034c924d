"""The person page: the one place it is composed, from each app's panel.

It lives in casework, above people, outcomes and community in the layers
(docs/architecture.md), so it may read all of them; its address stays
``people:detail`` (``lac/urls.py``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.audit.services import audit_read
from lac.casework.closure_follow_ups import follow_ups_of
from lac.casework.selectors import person_record
from lac.community.selectors import person_connections_panel
from lac.disclosures.selectors import disclosures_of
from lac.outcomes.presentation import person_progress_panel, person_services_avoided_panel
from lac.people import selectors
from lac.safety.selectors import flags_of, person_concerns
from lac.stories.selectors import stories_of


@require(Capability.VIEW_PERSONAL)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope, actor = get_scope(request), Actor.of(request)
    person = selectors.get_live_person(scope, actor, pk, Capability.VIEW_PERSONAL)
    audit_read(actor, person, what=f"Viewed {person.full_name}'s record")
    context = {
        "person": person,
        "can_edit": scope.can_in_neighbourhood(Capability.EDIT_PERSONAL, person.neighbourhood_id),
        "connections_panel": person_connections_panel(person),
        "progress_panel": person_progress_panel(person),
        "services_avoided_panel": person_services_avoided_panel(person),
        "stories": stories_of(person),
        "follow_ups": follow_ups_of(person),
        "can_reassign": scope.can_in_neighbourhood(
            Capability.ASSIGN_CASEWORK, person.neighbourhood_id
        ),
        "can_see_trail": scope.can(Capability.SUBJECT_ACCESS, person.neighbourhood.programme_id),
        "consents": (consents := list(person.consents.select_related("recorded_by"))),
        "equality": selectors.equality_summary(person, consents),
        "shares": disclosures_of(person),
        "household": selectors.household_of(person, scope),
        "flags": flags_of(person),
        "concerns": person_concerns(scope, actor, person),
        "can_include_concerns": scope.can_in_neighbourhood(
            Capability.SAFEGUARDING, person.neighbourhood_id
        ),
        **person_record(person),
    }
    return render(request, "people/person_detail.html", context)
