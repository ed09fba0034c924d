"""Small helpers shared by the outcomes pages, and the person page's two outcomes panels."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from lac.outcomes import selectors
from lac.outcomes.charts import Petal, flower_svg
from lac.outcomes.selectors import PersonProgress
from lac.people.models import Person

RECENT = 5
"""How many of a person's latest changes and services avoided their page lists."""


def person_page_url(person: Person) -> str:
    return reverse("people:detail", args=[person.pk])


def petals(progress: PersonProgress) -> list[Petal]:
    return [Petal(d.name, d.scale_min, d.scale_max, d.first, d.latest) for d in progress.domains]


def person_progress_panel(person: Person) -> dict[str, Any]:
    """The flower of first vs latest scores, and the latest things that changed."""
    progress = selectors.person_progress(person.pk)
    events = list(selectors.person_outcome_events(person.pk)[: RECENT + 1])
    return {
        "progress": progress,
        "chart": flower_svg(
            petals(progress),
            title=gettext("Progress of %(person)s") % {"person": person},
            chart_id=f"flower-{person.pk}",
        ),
        "events": events[:RECENT],
        "more_events": len(events) > RECENT,
        "measures": selectors.person_measures(person.pk),
    }


def person_services_avoided_panel(person: Person) -> dict[str, Any]:
    """Services and crises avoided, valued at the programme's price year."""
    price_year = selectors.price_year_for(person.neighbourhood.programme)
    avoided = selectors.person_avoided_services(person.pk, price_year)
    return {
        "avoided": avoided[:RECENT],
        "more": len(avoided) > RECENT,
        "count": len(avoided),
        "total": sum((v.value for v in avoided), Decimal("0.00")),
        "price_year": price_year,
    }
