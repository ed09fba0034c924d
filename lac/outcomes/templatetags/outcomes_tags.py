"""The person page's progress and services-avoided sections, and number formats.

On the casework person page::

    {% load outcomes_tags %}{% person_progress person %}
    {% load outcomes_tags %}{% person_services_avoided person %}
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from lac.accounts.permissions import Capability, get_scope
from lac.outcomes import selectors
from lac.outcomes.charts import flower_svg
from lac.outcomes.presentation import petals
from lac.people.models import Person

register = template.Library()

RECENT = 5


def _can_edit(context: template.Context, person: Person) -> bool:
    request = context.get("request")
    if request is None:
        return False
    return get_scope(request).can_in_neighbourhood(
        Capability.EDIT_PERSONAL, person.neighbourhood_id
    )


@register.inclusion_tag("outcomes/tags/person_progress.html", takes_context=True)
def person_progress(context: template.Context, person: Person) -> dict[str, Any]:
    """The flower of first vs latest scores, and the latest things that changed."""
    progress = selectors.person_progress(person.pk)
    events = list(selectors.person_outcome_events(person.pk)[: RECENT + 1])
    return {
        "person": person,
        "progress": progress,
        "chart": flower_svg(
            petals(progress), title=f"Progress of {person}", chart_id=f"flower-{person.pk}"
        ),
        "events": events[:RECENT],
        "more_events": len(events) > RECENT,
        "can_edit": _can_edit(context, person),
    }


@register.inclusion_tag("outcomes/tags/person_services_avoided.html", takes_context=True)
def person_services_avoided(context: template.Context, person: Person) -> dict[str, Any]:
    """Services and crises avoided, valued at the programme's price year."""
    price_year = selectors.price_year_for(person.neighbourhood.programme)
    avoided = selectors.person_avoided_services(person.pk, price_year)
    return {
        "person": person,
        "avoided": avoided[:RECENT],
        "more": len(avoided) > RECENT,
        "count": len(avoided),
        "total": sum((v.value for v in avoided), Decimal("0.00")),
        "price_year": price_year,
        "can_edit": _can_edit(context, person),
    }


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
