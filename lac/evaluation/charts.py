"""The four charts of a run's SROI report, drawn once when the run is made and kept with it.

Drawing takes about a second (matplotlib, and the histogram needs the
simulation's every ratio), so a run draws them from the same engine objects
its figures come from and stores the SVG text; the report page and the PDF
only read it. A run is frozen, so its charts never change either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lac.value import (
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


def run_charts(
    document: Mapping[str, Any], result: Result, swings: Sequence[Swing], simulation: Simulation
) -> dict[str, str]:
    """Chart name → SVG text, for the run calculated from ``document``."""
    title = document["name"]
    charts = {
        "stakeholders": value_by_stakeholder_chart(result, "svg"),
        "by_year": present_value_by_year_chart(result, "svg"),
        "tornado": tornado_chart(
            swings, result.sroi_ratio, title, "svg", names=outcome_names(document)
        ),
        "histogram": histogram_chart(simulation, title, "svg"),
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
