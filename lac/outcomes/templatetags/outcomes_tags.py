"""The person page's progress and services-avoided sections, and number formats.

The person page's view gets each panel from ``outcomes.presentation`` and says
whether the user may edit; these tags only render what they are given::

    {% load outcomes_tags %}{% person_progress person progress_panel can_edit %}
"""

from __future__ import annotations

from typing import Any

from django import template

from lac.lib.welsh import localised
from lac.outcomes.presentation import signed_rank_words
from lac.people.models import Person

register = template.Library()
register.filter("signed_rank_words", signed_rank_words)
# A programme's own wording in the page's language: {{ cost|localised:"item" }}.
register.filter("localised", localised)


@register.inclusion_tag("outcomes/tags/person_progress.html")
def person_progress(person: Person, panel: dict[str, Any], can_edit: bool) -> dict[str, Any]:
    """The flower of first vs latest scores, and the latest things that changed."""
    return {"person": person, "can_edit": can_edit, **panel}


@register.inclusion_tag("outcomes/tags/person_services_avoided.html")
def person_services_avoided(
    person: Person, panel: dict[str, Any], can_edit: bool
) -> dict[str, Any]:
    """Services and crises avoided, valued at the programme's price year."""
    return {"person": person, "can_edit": can_edit, **panel}


@register.filter
def signed(value: float | None, places: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:+.{places}f}"
    return "0" if float(text) == 0 else text.replace("-", "−")


@register.filter
def one_place(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@register.filter
def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


@register.filter
def p_value(value: float | None) -> str:
    if value is None:
        return "–"
    return "less than 0.001" if value < 0.001 else f"{value:.3f}"
