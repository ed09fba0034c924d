"""The connections and contributions section of a person's page."""

from __future__ import annotations

from typing import Any

from django import template

from lac.accounts.permissions import Capability, get_scope
from lac.community.models import Connection, Contribution

register = template.Library()


@register.inclusion_tag("community/_person_connections.html", takes_context=True)
def person_connections(context: dict[str, Any], person: Any) -> dict[str, Any]:
    """Newest first, with the assets they point to, in two queries."""
    request = context.get("request")
    can_edit = request is not None and get_scope(request).can_in_neighbourhood(
        Capability.EDIT_PERSONAL, person.neighbourhood_id
    )
    return {
        "person": person,
        "can_edit": can_edit,
        "connections": Connection.objects.filter(person=person).select_related("asset"),
        "contributions": Contribution.objects.filter(person=person).select_related("asset"),
    }
