"""The SROI report of a frozen run: figures, charts, the impact map, and what was left out.

Figures and charts come from the run as stored: its charts were drawn in each
language when it was made (lac.evaluation.charts), and the report shows them in
the reader's. A run made before runs kept their charts in that language has
them drawn from its frozen document with its draws and seed, which (the
evaluation tests prove) gives the same numbers, once per document, language and
cache.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from lac.evaluation.charts import CHARTS, charts_in_language, outcome_names
from lac.evaluation.evidence import ValueSplit, value_split
from lac.evaluation.models import Mode, Run
from lac.evaluation.selectors import forecast_counterpart, run_disclosed
from lac.lib.money import pounds
from lac.outcomes.selectors import confidence_text
from lac.stories.selectors import Quote, programme_stories, quotes
from lac.value import calculate, impact_map_from_dict, one_at_a_time, simulate

FIELD_LABELS = {
    "quantity": gettext_lazy("Quantity"),
    "proxy": gettext_lazy("Financial proxy"),
    "duration": gettext_lazy("Duration (years)"),
    "start_year": gettext_lazy("Start year"),
    "deadweight": gettext_lazy("Deadweight"),
    "displacement": gettext_lazy("Displacement"),
    "attribution": gettext_lazy("Attribution"),
    "drop_off": gettext_lazy("Drop-off"),
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
    """An evaluative run beside the published forecast run it realises (None: there is none)."""

    actual: Run
    forecast: Run | None
    missing: str = ""
    """Why there is no forecast to set beside it, in words."""
    rows: list[tuple[str, Any, Any, str]] = field(default_factory=list)
    """(label, forecast value, actual value, format) where format is pounds, ratio or share."""
    quantities: list[tuple[str, float, float]] = field(default_factory=list)
    """(outcome, planned quantity, counted quantity) for the evaluative run's bound outcomes."""


@dataclass
class Principle:
    name: str
    shows: list[str]


def principles(run: Run, split: ValueSplit | None) -> list[Principle]:
    """The seven SROI principles, and what this run shows for each (the annex)."""
    version = run.version
    notes = version.annotations
    names = outcome_names(run.document)
    excluded = [
        f"{names[o['id']]}: "
        + (
            notes.get(o["id"], {}).get("excluded_reason")
            or gettext("no reason given yet (a draft)")
        )
        for o in run.document["outcomes"]
        if not o["include"]
    ]
    sources: list[str] = []
    unsourced: list[str] = []
    for o in run.document["outcomes"]:
        given = [
            f"{label} {o[field] * 100:.0f}% ({notes.get(o['id'], {}).get(f'{field}_source')})"
            for field, label in (
                ("deadweight", gettext("deadweight")),
                ("attribution", gettext("attribution")),
                ("drop_off", gettext("drop-off")),
            )
            if notes.get(o["id"], {}).get(f"{field}_source")
        ]
        if given:
            sources.append(f"{names[o['id']]}: " + "; ".join(given))
        else:
            unsourced.append(names[o["id"]])
    if unsourced:
        sources.append(
            ngettext(
                "No source is given for the deadweight, attribution or drop-off of "
                "%(count)s outcome: %(outcomes)s. They are the map authors’ judgement.",
                "No source is given for the deadweight, attribution or drop-off of "
                "%(count)s outcomes: %(outcomes)s. They are the map authors’ judgement.",
                len(unsourced),
            )
            % {"count": len(unsourced), "outcomes": "; ".join(unsourced)}
        )
    if split is None:
        measured = [gettext("A forecast: every quantity is the plan typed into the map.")]
    else:
        measured = [
            gettext(
                "Counted from records: %(counted)s of present value (%(counted_ratio)s); "
                "assumed in the map: %(assumed)s; together %(ratio)s."
            )
            % {
                "counted": f"£{split.counted:,.0f}",
                "counted_ratio": _ratio(split.counted_ratio),
                "assumed": f"£{split.assumed:,.0f}",
                "ratio": _ratio(split.ratio),
            }
        ]
    horizon = len(run.result["present_value_by_year"])
    counted = sum(o["include"] for o in run.document["outcomes"])
    lac_version = f"lac {run.lac_version}" + (
        f" (commit {run.git_commit[:12]})" if run.git_commit else ""
    )
    return [
        Principle(
            gettext("Involve stakeholders"),
            [version.engagement or gettext("The map does not say how stakeholders were involved.")],
        ),
        Principle(
            gettext("Understand what changes"),
            [
                gettext(
                    "%(outcomes)s counted for %(stakeholders)s, each with an indicator "
                    "and a quantity (see the impact map)."
                )
                % {
                    "outcomes": ngettext("%(count)s outcome", "%(count)s outcomes", counted)
                    % {"count": counted},
                    "stakeholders": ngettext(
                        "%(count)s stakeholder",
                        "%(count)s stakeholders",
                        len(run.document["stakeholders"]),
                    )
                    % {"count": len(run.document["stakeholders"])},
                }
            ],
        ),
        Principle(
            gettext("Value the things that matter"),
            [
                gettext(
                    "Each outcome has a financial proxy with its source (see the impact map); "
                    "values are discounted at %(rate)s a year."
                )
                % {"rate": f"{run.result['discount_rate'] * 100:.1f}%"}
            ],
        ),
        Principle(
            gettext("Only include what is material"),
            excluded or [gettext("Every outcome in the map is counted.")],
        ),
        Principle(
            gettext("Do not over-claim: sources of deadweight, attribution and drop-off"), sources
        ),
        Principle(
            gettext("Be transparent: what is measured and what is assumed"),
            [*measured, beyond_horizon(horizon)],
        ),
        Principle(
            gettext("Verify the result"),
            [
                gettext(
                    "Run %(number)s of “%(map)s”, version %(version)s, %(lac)s. Download the "
                    "map as calculated and run “lac value report” and “lac value simulate "
                    "--draws %(draws)s --seed %(seed)s” to get the same figures."
                )
                % {
                    "number": run.pk,
                    "map": version.impact_map.name,
                    "version": version.number,
                    "lac": lac_version,
                    "draws": run.draws,
                    "seed": run.seed,
                }
            ],
        ),
    ]


def beyond_horizon(horizon: int) -> str:
    return gettext("Nothing is counted beyond year %(year)s.") % {"year": horizon}


def _ratio(value: float | None) -> str:
    return "no ratio: no inputs" if value is None else f"{value:.2f} : 1"


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
    split: ValueSplit | None
    zero_counts: list[str]
    principles: list[Principle]
    stories: list[Quote]
    """What changed, in people's own words: only those whose consent stands today."""


def _data_uri(svg: str) -> str:
    """An SVG as a data URI, for the PDF's <img> tags."""
    return f"data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}"


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


def quantity_source(bound: dict[str, Any] | None) -> str:
    """Where an outcome's quantity came from, with what a reader must know to trust it."""
    if bound is None:
        return gettext("Typed into the map (an assumption)")
    text = gettext("Counted from the records: %(what)s") % {"what": bound["label"]}
    if bound.get("confidence"):
        text += gettext(", counting %(levels)s") % {"levels": confidence_text(bound["confidence"])}
        if bound.get("confidence_reason"):
            text += gettext(" (reported services counted because: %(why)s)") % {
                "why": bound["confidence_reason"]
            }
    if bound.get("output_reason"):
        text += gettext(". This is an output, valued because: %(why)s") % {
            "why": bound["output_reason"]
        }
    return text


def zero_counts(run: Run) -> list[str]:
    """Counted outcomes that found nothing in the period: the reader is told at the top."""
    names = outcome_names(run.document)
    return [names.get(k, k) for k, r in run.resolved.items() if r["quantity"] == 0]


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
                    gettext(
                        "Judged not material by the map’s authors, so not counted "
                        "(it would add %(value)s of present value)."
                    )
                    % {"value": pounds(would)},
                )
            )
    names = outcome_names(run.document)
    for outcome_id, r in run.resolved.items():
        if r["quantity"] == 0:
            items.append(
                Excluded(
                    names.get(outcome_id, outcome_id),
                    gettext(
                        "Nothing was recorded in the period (%(what)s), so it counts as 0, "
                        "not the %(planned)s the map planned."
                    )
                    % {"what": r["label"], "planned": f"{r['planned']:,.0f}"},
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
                    gettext(
                        "Not counted from the records: "
                        "its quantity is an assumption typed into the map."
                    ),
                )
            )
    horizon = len(run.result["present_value_by_year"])
    items.append(
        Excluded(
            gettext("Value after the map’s horizon"),
            gettext(
                "Nothing is counted beyond year %(year)s: outcomes last only as long as the "
                "map says."
            )
            % {"year": horizon},
        )
    )
    items.append(
        Excluded(
            gettext("Cash savings"),
            gettext(
                "The ratio is social value per £1 invested, not money returned: most of the "
                "value is to people’s lives, and avoided costs are not cashable savings to any "
                "one budget."
            ),
        )
    )
    items.append(
        Excluded(
            gettext("Uncertainty outside the ranges"),
            gettext(
                "The Monte Carlo interval varies only the assumptions given ranges; every other "
                "assumption is held at its stated value, so the true uncertainty is wider."
            ),
        )
    )
    return items


def _missing_forecast(run: Run) -> str:
    forecast_map = run.version.impact_map.forecast
    if run.status != "draft":
        return gettext("No published forecast run was named when this run was published.")
    if forecast_map is None:
        return gettext("This evaluative map does not name the forecast it realises.")
    return gettext("The forecast “%(name)s” has no published run.") % {"name": forecast_map.name}


def between(simulation: dict[str, Any]) -> str:
    """A run's Monte Carlo interval: its 5th to 95th percentile."""
    return gettext("%(low)s to %(high)s") % {
        "low": f"{simulation['p5']:.2f}",
        "high": f"{simulation['p95']:.2f}",
    }


def comparison(run: Run, suppress: bool) -> Comparison | None:
    """An evaluative run beside its forecast: the pair fixed when it was published.

    A forecast run's own report shows no actual figures: they would change it
    after publication. Each evaluation of it is set beside it instead.
    """
    if run.mode != Mode.EVALUATIVE:
        return None
    forecast = forecast_counterpart(run)
    names = outcome_names(run.document)
    quantities = [
        (names.get(outcome_id, outcome_id), r["planned"], r["quantity"])
        for outcome_id, r in run_disclosed(run, suppress=suppress).resolved.items()
    ]
    if forecast is None:
        return Comparison(run, None, _missing_forecast(run), quantities=quantities)
    f, a = forecast.result, run.result
    split = value_split(run)
    rows: list[tuple[str, Any, Any, str]] = [
        (
            gettext("SROI ratio with the map’s assumptions"),
            f["sroi_ratio"],
            a["sroi_ratio"],
            "ratio",
        ),
        (
            gettext("SROI ratio counted from records"),
            gettext("A forecast counts nothing"),
            split.counted_ratio if split else None,
            "ratio",
        ),
        (
            gettext("Total present value"),
            f["total_present_value"],
            a["total_present_value"],
            "pounds",
        ),
        (gettext("Total inputs"), f["total_inputs"], a["total_inputs"], "pounds"),
        (gettext("Net present value"), f["net_present_value"], a["net_present_value"], "pounds"),
        (
            gettext("Monte Carlo 5th to 95th percentile"),
            between(forecast.simulation),
            between(run.simulation),
            "text",
        ),
    ]
    names = {s["id"]: s["name"] for s in forecast.document["stakeholders"]}
    names.update({s["id"]: s["name"] for s in run.document["stakeholders"]})
    for sid in dict.fromkeys([*f["value_by_stakeholder"], *a["value_by_stakeholder"]]):
        rows.append(
            (
                gettext("Share of value: %(stakeholder)s") % {"stakeholder": names.get(sid, sid)},
                (f["value_by_stakeholder"].get(sid) or {}).get("share"),
                (a["value_by_stakeholder"].get(sid) or {}).get("share"),
                "share",
            )
        )
    return Comparison(run, forecast, "", rows, quantities)


def sroi_report(run: Run, *, for_pdf: bool = False, suppress: bool = False) -> SroiReport:
    """Everything the page and the PDF show; charts as SVG text, or as data URIs for the
    PDF's images."""
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
                "quantity_source": quantity_source(bound),
                "quantity_shown": shown[outcome["id"]],
            }
        )
    split = value_split(run)
    parts = {p.id: p for p in split.stakeholders} if split else {}
    stakeholders = [
        {
            "id": sid,
            "name": names.get(sid, sid),
            "counted": parts[sid].counted if sid in parts else None,
            "assumed": parts[sid].assumed if sid in parts else None,
            **values,
        }
        for sid, values in result["value_by_stakeholder"].items()
    ]
    base = {o["id"]: o for o in run.document["outcomes"]}
    names_by_id = outcome_names(run.document)
    swings = [
        {
            **s,
            "outcome_name": names_by_id.get(s["outcome"], s["outcome"]),
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
                "outcome_name": names_by_id.get(b["outcome"], b["outcome"]),
                "label": FIELD_LABELS[b["field"]],
                "current_text": _field_value(b["field"], current),
                "value_text": _field_value(b["field"], b["value"]),
            }
        )
    unbreakable = len(run.sensitivity["break_even"]) - len(break_evens)
    charts = _charts(run)
    if for_pdf:
        charts = Charts(**{name: _data_uri(getattr(charts, name)) for name in CHARTS})
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
        comparison=comparison(run, suppress),
        split=split,
        zero_counts=zero_counts(run),
        principles=principles(run, split),
        stories=quotes(
            programme_stories([run.programme_id], run.period_start, run.period_end),
            may_name=not suppress,
        ),
    )


def _charts(run: Run) -> Charts:
    """The run's charts in the reader's language as it keeps them; for a run made before
    runs kept them (in that language), drawn from what they show (the map as calculated,
    draws, seed), kept a day in the cache under that and the language, so a different run
    never gets another's charts, even with a reused id."""
    language = get_language() or settings.LANGUAGE_CODE
    if language in run.charts:
        return Charts(**run.charts[language])
    document = json.dumps(run.document, sort_keys=True, default=str)
    digest = hashlib.sha256(document.encode()).hexdigest()
    key = f"lac:sroi-charts:{digest}:{run.draws}:{run.seed}:{language}"
    charts = cache.get_or_set(key, lambda: _draw_charts(run), timeout=24 * 60 * 60)
    assert isinstance(charts, Charts)  # drawn above when the cache had none
    return charts


def _draw_charts(run: Run) -> Charts:
    impact_map = impact_map_from_dict(run.document)
    simulation = simulate(impact_map, draws=run.draws, seed=run.seed)
    return Charts(
        **charts_in_language(
            run.document, calculate(impact_map), one_at_a_time(impact_map), simulation
        )
    )
