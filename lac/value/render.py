"""Results as the command line prints them: JSON for programs, text for people.

The JSON shapes are VALUE-SPEC.md's command-line contract, key for key, with
full floats; text rounds money to pennies only for display.
"""

from __future__ import annotations

from typing import Any

from lac.value.calculate import Result
from lac.value.formatting import money, percent, ratio, table
from lac.value.model import FRACTION_FIELDS, INTEGER_FIELDS, ImpactMap, NumericField
from lac.value.montecarlo import Simulation
from lac.value.ratecard import RateCard
from lac.value.sensitivity import BreakEven, Swing


def report_json(result: Result) -> dict[str, Any]:
    return {
        "name": result.name,
        "currency": result.currency,
        "discount_rate": result.discount_rate,
        "price_year": result.price_year,
        "total_present_value": result.total_present_value,
        "total_inputs": result.total_inputs,
        "net_present_value": result.net_present_value,
        "sroi_ratio": result.sroi_ratio,
        "net_sroi_ratio": result.net_sroi_ratio,
        "payback_months": result.payback_months,
        "present_value_by_year": list(result.present_value_by_year),
        "value_by_stakeholder": {
            s.id: {"present_value": s.present_value, "share": s.share}
            for s in result.value_by_stakeholder
        },
        "outcomes": [
            {
                "id": o.id,
                "impact": o.impact,
                "present_value": o.present_value,
                "included": o.included,
            }
            for o in result.outcomes
        ],
    }


def report_text(result: Result) -> str:
    cur = result.currency
    payback = "n/a (no impact in year 1)"
    if result.payback_months is not None:
        payback = f"{result.payback_months:.1f} months"
    per_pound = money(result.sroi_ratio, cur)
    one_unit = money(1, cur).removesuffix(".00")
    summary = table(
        ("Result", "Value"),
        [
            ("Total present value", money(result.total_present_value, cur)),
            ("Total inputs", money(result.total_inputs, cur)),
            ("Net present value", money(result.net_present_value, cur)),
            ("SROI ratio", ratio(result.sroi_ratio)),
            ("Net SROI ratio", ratio(result.net_sroi_ratio)),
            ("Payback period", payback),
        ],
        (False, True),
    )
    years = table(
        ("Year", "Present value"),
        [(str(y), money(v, cur)) for y, v in enumerate(result.present_value_by_year, 1)],
        (True, True),
    )
    stakeholders = table(
        ("Stakeholder", "Present value", "Share"),
        [
            (s.name, money(s.present_value, cur), "n/a" if s.share is None else percent(s.share))
            for s in result.value_by_stakeholder
        ],
        (False, True, True),
    )
    outcomes = table(
        ("Outcome", "Stakeholder", "Impact", "Present value", "Counted"),
        [
            (
                o.id,
                o.stakeholder,
                money(o.impact, cur),
                money(o.present_value, cur),
                "yes" if o.included else "no (not material)",
            )
            for o in result.outcomes
        ],
        (False, False, True, True, False),
    )
    return "\n".join(
        [
            result.name,
            f"Discount rate {percent(result.discount_rate, 2)}, horizon {result.horizon} years. "
            f"About {per_pound} of social value for every {one_unit} invested.",
            *price_basis_lines(result.price_year, result.deflator_series),
            "",
            summary,
            "",
            "Present value by year",
            years,
            "",
            "Value by stakeholder",
            stakeholders,
            "",
            "Outcomes (impact and present value of excluded outcomes are shown, not counted)",
            outcomes,
        ]
    )


def price_basis_lines(price_year: str | None, series: str) -> list[str]:
    """Which year's prices the money is in, and what restated it; nothing for a plain map."""
    if price_year is None:
        return []
    return [f"Money at {price_year} prices, restated with {series}."]


def sensitivity_json(swings: list[Swing], break_evens: list[BreakEven]) -> dict[str, Any]:
    return {
        "one_at_a_time": [
            {
                "outcome": s.outcome,
                "field": s.field,
                "low": s.low,
                "high": s.high,
                "ratio_low": s.ratio_low,
                "ratio_high": s.ratio_high,
            }
            for s in swings
        ],
        "break_even": [
            {"outcome": b.outcome, "field": b.field, "value": b.value} for b in break_evens
        ],
    }


def field_value(name: NumericField, value: float, currency: str) -> str:
    """A field's value in its own terms: money, a percentage, years or a count."""
    if name == "proxy":
        return money(value, currency)
    if name in FRACTION_FIELDS:
        return percent(value, 2)
    if name in INTEGER_FIELDS:
        return str(int(value))
    return f"{value:,.2f}".removesuffix(".00")


def sensitivity_text(
    impact_map: ImpactMap, swings: list[Swing], break_evens: list[BreakEven]
) -> str:
    cur = impact_map.currency
    current = {o.id: o for o in impact_map.outcomes}
    tornado = table(
        ("Outcome", "Field", "Low", "High", "Ratio at low", "Ratio at high", "Swing"),
        [
            (
                s.outcome,
                s.field,
                field_value(s.field, s.low, cur),
                field_value(s.field, s.high, cur),
                f"{s.ratio_low:.4f}",
                f"{s.ratio_high:.4f}",
                f"{s.swing:.4f}",
            )
            for s in swings
        ],
        (False, False, True, True, True, True, True),
    )
    even = table(
        ("Outcome", "Field", "Now", "Break-even"),
        [
            (
                b.outcome,
                b.field,
                field_value(b.field, current[b.outcome].get(b.field), cur),
                "none in range" if b.value is None else field_value(b.field, b.value, cur),
            )
            for b in break_evens
        ],
        (False, False, True, True),
    )
    own_years = (
        ["Proxy values are in each proxy's own price year, as typed in the map."]
        if impact_map.price_year
        else []
    )
    return "\n".join(
        [
            impact_map.name,
            *own_years,
            "",
            "One at a time, largest swing first (ranges given, else ±50% or ±0.2)",
            tornado,
            "",
            "Break-even: the value of one field alone that makes the ratio 1:1",
            even,
        ]
    )


def simulation_json(simulation: Simulation) -> dict[str, Any]:
    return {
        "draws": simulation.draws,
        "seed": simulation.seed,
        "p5": simulation.p5,
        "p50": simulation.p50,
        "p95": simulation.p95,
        "probability_above_1": simulation.probability_above_1,
    }


def simulation_text(impact_map: ImpactMap, simulation: Simulation) -> str:
    rows = [
        ("P5 ratio", ratio(simulation.p5)),
        ("P50 ratio (median)", ratio(simulation.p50)),
        ("P95 ratio", ratio(simulation.p95)),
        ("Probability the ratio is above 1:1", percent(simulation.probability_above_1)),
    ]
    return "\n".join(
        [
            impact_map.name,
            f"Monte Carlo: {simulation.draws:,} draws, seed {simulation.seed}",
            "",
            table(("Statistic", "Value"), rows, (False, True)),
        ]
    )


def rate_card_json(card: RateCard) -> list[dict[str, Any]]:
    return [
        {
            "item": c.item,
            "category": c.category,
            "agency": c.agency,
            "unit": c.unit,
            "amount": c.amount,
            "price_year": c.price_year,
            "price_year_assumed": c.price_year_assumed,
            "source": c.source,
            "as_printed": c.as_printed,
        }
        for c in card.items
    ]


def rate_card_text(card: RateCard) -> str:
    rows = [
        (c.item, c.agency, money(c.amount), c.unit, _price_year(c.price_year, c.price_year_assumed))
        for c in card.items
    ]
    sources = sorted({c.source for c in card.items})
    assumed = any(c.price_year_assumed for c in card.items)
    return "\n".join(
        [
            f"{card.name} (version {card.version})",
            "",
            table(
                ("Item", "Agency", "Amount", "Unit", "Price year"),
                rows,
                (False, False, True, False, False),
            ),
            "",
            *(f"Source: {s}" for s in sources),
            *(
                ["Assumed: the source prints no price year, so the year shown is our assumption."]
                if assumed
                else []
            ),
        ]
    )


def _price_year(year: str, assumed: bool) -> str:
    return f"{year} (assumed)" if assumed else year
