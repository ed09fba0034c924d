"""The connections and contributions section of a person's page: rendering only.

The person page's view gets the panel from ``community.selectors`` and says
whether the user may edit; this tag only renders what it is given.
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("community/_person_connections.html")
def person_connections(person: Any, panel: dict[str, Any], can_edit: bool) -> dict[str, Any]:
    return {"person": person, "can_edit": can_edit, **panel}
