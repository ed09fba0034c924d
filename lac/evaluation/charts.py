"""The four charts of a run's SROI report, drawn once when the run is made and kept with it.

Drawing takes about a second (matplotlib, and the histogram needs the
simulation's every ratio), so a run draws them from the same engine objects
its figures come from and stores the SVG text; the report page and the PDF
only read it. A run is frozen, so its charts never change either.

Charts are drawn in every language lac speaks (``settings.LANGUAGES``), so a
Welsh reader's page and PDF show Welsh charts of the very same figures; the
engine draws whatever words it is given (:class:`lac.value.ChartWords`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from lac.evaluation.fields import FIELD_WORDS
from lac.value import (
    ChartWords,
    histogram_chart,
    present_value_by_year_chart,
    tornado_chart,
    value_by_stakeholder_chart,
)
from lac.value.calculate import Result
from lac.value.montecarlo import Simulation
from lac.value.sensitivity import Swing

CHARTS = ("stakeholders", "by_year", "tornado", "histogram")
"""The charts every run keeps, in the order the report shows them."""


def chart_words() -> ChartWords:
    """The charts' words in the active language."""
    return ChartWords(
        present_value=gettext("Present value"),
        distribution=gettext("Social value distribution"),
        not_applicable=gettext("n/a"),
        year=lambda year: gettext("Year %(year)s") % {"year": year},
        forecast_year=gettext("Year of the forecast"),
        discounted=gettext("Present value (discounted)"),
        by_year=gettext("Present value by year"),
        field=lambda name: str(FIELD_WORDS.get(name, name)),
        low_end=gettext("field at low end"),
        high_end=gettext("field at high end"),
        base_ratio=lambda ratio: gettext("base ratio %(ratio)s") % {"ratio": ratio},
        break_even=gettext("break-even 1:1"),
        ratio_axis=gettext("SROI ratio (value per £1 invested)"),
        sensitivity=gettext("Sensitivity: one assumption at a time"),
        draws_axis=gettext("Number of draws"),
        draws_above=lambda draws, above: (
            ngettext(
                "Monte Carlo: %(draws)s draw, %(above)s above 1:1",
                "Monte Carlo: %(draws)s draws, %(above)s above 1:1",
                draws,
            )
            % {"draws": f"{draws:,}", "above": above}
        ),
    )


def run_charts(
    document: Mapping[str, Any], result: Result, swings: Sequence[Swing], simulation: Simulation
) -> dict[str, dict[str, str]]:
    """Language code → chart name → SVG text, for the run calculated from ``document``."""
    charts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            charts[language] = charts_in_language(document, result, swings, simulation)
    return charts


def charts_in_language(
    document: Mapping[str, Any], result: Result, swings: Sequence[Swing], simulation: Simulation
) -> dict[str, str]:
    """Chart name → SVG text, in the active language."""
    title, words = document["name"], chart_words()
    charts = {
        "stakeholders": value_by_stakeholder_chart(result, "svg", words),
        "by_year": present_value_by_year_chart(result, "svg", words),
        "tornado": tornado_chart(
            swings, result.sroi_ratio, title, "svg", names=outcome_names(document), words=words
        ),
        "histogram": histogram_chart(simulation, title, "svg", words),
    }
    return {name: svg.decode() for name, svg in charts.items()}


def outcome_names(document: Mapping[str, Any]) -> dict[str, str]:
    """Outcome id → its description, for every place a person reads an outcome.

    Two outcomes with the same words (the same change for Level 1 and Level 2
    people, say) are told apart by their stakeholder's name.
    """
    outcomes = document["outcomes"]
    stakeholders = {s["id"]: s["name"] for s in document["stakeholders"]}
    words = [o["description"] or o["id"] for o in outcomes]
    return {
        o["id"]: f"{text} ({stakeholders.get(o['stakeholder'], o['stakeholder'])})"
        if words.count(text) > 1
        else text
        for o, text in zip(outcomes, words, strict=True)
    }
