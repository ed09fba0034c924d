"""Small helpers shared by the outcomes pages, and the person page's two outcomes panels."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from lac.outcomes import selectors
from lac.outcomes.charts import Petal, flower_svg
from lac.outcomes.selectors import PersonProgress
from lac.outcomes.statistics import MIN_CHANGED_FOR_TEST, SignedRankTest, p_words
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


def signed_rank_words(test: SignedRankTest) -> str:
    """A signed-rank test's result in plain words, in the reader's language, or why there
    is none."""
    said = {"n": f"{test.n:,}", "changed": f"{test.n_changed:,}"}
    if test.n == 0:
        return gettext("Nobody has a first and a later score yet.")
    if test.n_changed == 0:
        return gettext("No score changed for any of the %(n)s people, so there is no test.") % said
    if test.n_changed < MIN_CHANGED_FOR_TEST:
        return gettext(
            "Only %(changed)s of %(n)s people’s scores changed: at least %(needed)s are "
            "needed before the test can show anything."
        ) % (said | {"needed": MIN_CHANGED_FOR_TEST})
    if test.p_value is None:
        return gettext("The test could not be computed.")
    said |= {
        "p": p_words(test.p_value),
        "method": gettext("exact") if test.method == "exact" else gettext("approximate"),
    }
    if test.significant:
        return (
            gettext(
                "Wilcoxon signed-rank test on %(changed)s of %(n)s people whose score changed: "
                "%(p)s (%(method)s), so the change is unlikely to be chance alone."
            )
            % said
        )
    return (
        gettext(
            "Wilcoxon signed-rank test on %(changed)s of %(n)s people whose score changed: "
            "%(p)s (%(method)s), so the change could be chance."
        )
        % said
    )
