"""The SROI report of a frozen run: figures, charts, the impact map, and what was left out.

Figures come from the run's stored JSON. Charts need the value engine's
objects, so they are rebuilt from the run's frozen document with its draws and
seed, which (the evaluation tests prove) gives the same numbers.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.cache import cache

from lac.evaluation.models import Mode, Run
from lac.evaluation.selectors import latest_run, run_disclosed
from lac.lib.money import pounds
from lac.value import (
    calculate,
    histogram_chart,
    impact_map_from_dict,
    one_at_a_time,
    present_value_by_year_chart,
    simulate,
    tornado_chart,
    value_by_stakeholder_chart,
)

FIELD_LABELS = {
    "quantity": "Quantity",
    "proxy": "Financial proxy",
    "duration": "Duration (years)",
    "start_year": "Start year",
    "deadweight": "Deadweight",
    "displacement": "Displacement",
    "attribution": "Attribution",
    "drop_off": "Drop-off",
}
FRACTIONS = {"deadweight", "displacement", "attribution", "drop_off"}


@dataclass
class Charts:
    stakeholders: str
    by_year: str
    tornado: str
    histogram: str


@dataclass
class Excluded:
    what: str
    why: str


@dataclass
class Comparison:
    forecast: Run
    actual: Run
    rows: list[tuple[str, Any, Any, str]] = field(default_factory=list)
    """(label, forecast value, actual value, format) where format is pounds, ratio or share."""
    quantities: list[tuple[str, float, float]] = field(default_factory=list)
    """(outcome, planned quantity, counted quantity) for the evaluative run's bound outcomes."""


@dataclass
class SroiReport:
    run: Run
    result: dict[str, Any]
    outcomes: list[dict[str, Any]]
    stakeholders: list[dict[str, Any]]
    by_year: list[tuple[int, float]]
    swings: list[dict[str, Any]]
    break_even: list[dict[str, Any]]
    unbreakable: int
    break_even_tested: int
    """Assumptions tested for break-even that cannot, alone, bring the ratio to 1 : 1."""
    simulation: dict[str, Any]
    excluded: list[Excluded]
    charts: Charts
    comparison: Comparison | None


def _charts(run: Run, fmt: Literal["svg", "png"]) -> Charts:
    impact_map = impact_map_from_dict(run.document)
    result = calculate(impact_map)
    title = run.document["name"]
    return Charts(
        stakeholders=_text(value_by_stakeholder_chart(result, fmt), fmt),
        by_year=_text(present_value_by_year_chart(result, fmt), fmt),
        tornado=_text(tornado_chart(one_at_a_time(impact_map), result.sroi_ratio, title, fmt), fmt),
        histogram=_text(
            histogram_chart(simulate(impact_map, draws=run.draws, seed=run.seed), title, fmt), fmt
        ),
    )


def _text(data: bytes, fmt: str) -> str:
    """A data URI, for the PDF's <img> tags."""
    mime = "image/svg+xml" if fmt == "svg" else "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _field_value(name: str, value: float | None) -> str:
    if value is None:
        return "none in range"
    if name in FRACTIONS:
        return f"{value * 100:.1f}%"
    if name == "proxy":
        return pounds(value, 2)
    if name in {"duration", "start_year"} or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def excluded_items(run: Run) -> list[Excluded]:
    """What the ratio leaves out, and why: so nobody reads more into it than it claims."""
    items = []
    pv = {o["id"]: o for o in run.result["outcomes"]}
    for outcome in run.document["outcomes"]:
        if not outcome["include"]:
            would = pv.get(outcome["id"], {}).get("present_value", 0)
            items.append(
                Excluded(
                    outcome["description"] or outcome["id"],
                    f"Judged not material by the map’s authors, so not counted "
                    f"(it would add {pounds(would)} of present value).",
                )
            )
    for outcome_id, r in run.resolved.items():
        if r["quantity"] == 0:
            items.append(
                Excluded(
                    outcome_id,
                    f"Nothing was recorded in the period ({r['label']}), so it counts as 0, "
                    f"not the {r['planned']:,.0f} the map planned.",
                )
            )
    if run.mode == Mode.EVALUATIVE:
        typed = [
            o for o in run.document["outcomes"] if o["id"] not in run.resolved and o["include"]
        ]
        for outcome in typed:
            items.append(
                Excluded(
                    outcome["description"] or outcome["id"],
                    "Not counted from the records: "
                    "its quantity is an assumption typed into the map.",
                )
            )
    horizon = len(run.result["present_value_by_year"])
    items.append(
        Excluded(
            "Value after the map’s horizon",
            f"Nothing is counted beyond year {horizon}: "
            "outcomes last only as long as the map says.",
        )
    )
    items.append(
        Excluded(
            "Cash savings",
            "The ratio is social value per £1 invested, not money returned: most of the value is "
            "to people’s lives, and avoided costs are not cashable savings to any one budget.",
        )
    )
    items.append(
        Excluded(
            "Uncertainty outside the ranges",
            "The Monte Carlo interval varies only the assumptions given ranges; every other "
            "assumption is held at its stated value, so the true uncertainty is wider.",
        )
    )
    return items


def _comparison(run: Run, suppress: bool) -> Comparison | None:
    other_mode = Mode.FORECAST if run.mode == Mode.EVALUATIVE else Mode.EVALUATIVE
    other = latest_run(run.programme_id, other_mode)
    if other is None:
        return None
    forecast, actual = (other, run) if run.mode == Mode.EVALUATIVE else (run, other)
    f, a = forecast.result, actual.result
    rows: list[tuple[str, Any, Any, str]] = [
        ("SROI ratio", f["sroi_ratio"], a["sroi_ratio"], "ratio"),
        ("Total present value", f["total_present_value"], a["total_present_value"], "pounds"),
        ("Total inputs", f["total_inputs"], a["total_inputs"], "pounds"),
        ("Net present value", f["net_present_value"], a["net_present_value"], "pounds"),
        (
            "Monte Carlo 5th to 95th percentile",
            f"{forecast.simulation['p5']:.2f} to {forecast.simulation['p95']:.2f}",
            f"{actual.simulation['p5']:.2f} to {actual.simulation['p95']:.2f}",
            "text",
        ),
    ]
    names = {s["id"]: s["name"] for s in forecast.document["stakeholders"]}
    names.update({s["id"]: s["name"] for s in actual.document["stakeholders"]})
    for sid in dict.fromkeys([*f["value_by_stakeholder"], *a["value_by_stakeholder"]]):
        rows.append(
            (
                f"Share of value: {names.get(sid, sid)}",
                (f["value_by_stakeholder"].get(sid) or {}).get("share"),
                (a["value_by_stakeholder"].get(sid) or {}).get("share"),
                "share",
            )
        )
    quantities = [
        (outcome_id, r["planned"], r["quantity"])
        for outcome_id, r in run_disclosed(actual, suppress=suppress).resolved.items()
    ]
    return Comparison(forecast, actual, rows, quantities)


def sroi_report(run: Run, *, chart_format: str = "inline", suppress: bool = False) -> SroiReport:
    """Everything the page and the PDF show; charts inline SVG, or data URIs of svg/png."""
    result = run.result
    pv = {o["id"]: o for o in result["outcomes"]}
    names = {s["id"]: s["name"] for s in run.document["stakeholders"]}
    shown = {
        o["id"]: o["quantity"] for o in run_disclosed(run, suppress=suppress).document["outcomes"]
    }
    outcomes = []
    for outcome in run.document["outcomes"]:
        bound = run.resolved.get(outcome["id"])
        outcomes.append(
            {
                **outcome,
                "stakeholder_name": names.get(outcome["stakeholder"], outcome["stakeholder"]),
                "present_value": pv[outcome["id"]]["present_value"],
                "impact": pv[outcome["id"]]["impact"],
                "quantity_source": f"Counted: {bound['label']}" if bound else "Typed in",
                "quantity_shown": shown[outcome["id"]],
            }
        )
    stakeholders = [
        {"id": sid, "name": names.get(sid, sid), **values}
        for sid, values in result["value_by_stakeholder"].items()
    ]
    base = {o["id"]: o for o in run.document["outcomes"]}
    swings = [
        {
            **s,
            "label": FIELD_LABELS[s["field"]],
            "low_text": _field_value(s["field"], s["low"]),
            "high_text": _field_value(s["field"], s["high"]),
        }
        for s in run.sensitivity["one_at_a_time"][:15]
    ]
    break_evens = []
    for b in run.sensitivity["break_even"]:
        if b["value"] is None or (b["field"] in {"quantity", "proxy"} and b["value"] < 0):
            continue  # no value that field could really take brings the ratio to 1 : 1
        outcome = base[b["outcome"]]
        current = outcome["proxy"]["value"] if b["field"] == "proxy" else outcome[b["field"]]
        break_evens.append(
            {
                **b,
                "label": FIELD_LABELS[b["field"]],
                "current_text": _field_value(b["field"], current),
                "value_text": _field_value(b["field"], b["value"]),
            }
        )
    unbreakable = len(run.sensitivity["break_even"]) - len(break_evens)
    inline = chart_format == "inline"
    charts = _charts_inline(run) if inline else _charts(run, chart_format)  # type: ignore[arg-type]
    return SroiReport(
        run=run,
        result=result,
        outcomes=outcomes,
        stakeholders=stakeholders,
        by_year=list(enumerate(result["present_value_by_year"], start=1)),
        swings=swings,
        break_even=break_evens,
        unbreakable=unbreakable,
        break_even_tested=len(run.sensitivity["break_even"]),
        simulation=run.simulation,
        excluded=excluded_items(run),
        charts=charts,
        comparison=_comparison(run, suppress),
    )


def _charts_inline(run: Run) -> Charts:
    """The page's charts, drawn once per frozen run and process (about a second each time).

    Keyed on what they are drawn from (the map as calculated, draws, seed), so
    a different run never gets another's charts, even with a reused id.
    """
    document = json.dumps(run.document, sort_keys=True, default=str)
    key = f"lac:sroi-charts:{hashlib.sha256(document.encode()).hexdigest()}:{run.draws}:{run.seed}"
    return cache.get_or_set(key, lambda: _draw_charts_inline(run), timeout=24 * 60 * 60)


def _draw_charts_inline(run: Run) -> Charts:
    impact_map = impact_map_from_dict(run.document)
    result = calculate(impact_map)
    title = run.document["name"]
    return Charts(
        stakeholders=value_by_stakeholder_chart(result, "svg").decode(),
        by_year=present_value_by_year_chart(result, "svg").decode(),
        tornado=tornado_chart(one_at_a_time(impact_map), result.sroi_ratio, title, "svg").decode(),
        histogram=histogram_chart(
            simulate(impact_map, draws=run.draws, seed=run.seed), title, "svg"
        ).decode(),
    )
