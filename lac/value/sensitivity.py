"""Which assumptions the ratio depends on: one-at-a-time swings and break-even values.

Only included outcomes are analysed: an excluded outcome is not counted, so
changing it cannot move the ratio.

Break-even is solved for the continuous fields (quantity, proxy, deadweight,
displacement, attribution, drop-off). Duration and start year are whole
numbers of years, for which an exact 1:1 almost never exists, so they are
left out of break-even (they still appear in one-at-a-time when given a range).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from scipy.optimize import brentq

from lac.value.arithmetic import present_value
from lac.value.calculate import total_inputs
from lac.value.model import FRACTION_FIELDS, NUMERIC_FIELDS, ImpactMap, NumericField, Outcome, Range

#: Fields tested even without a range, with the spec's default spread.
DEFAULT_FIELDS: tuple[NumericField, ...] = (
    "quantity",
    "proxy",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
)
BREAK_EVEN_FIELDS = DEFAULT_FIELDS
#: Ratio is affine in these fields, so break-even has a closed form.
_AFFINE_FIELDS: tuple[NumericField, ...] = (
    "quantity",
    "proxy",
    "deadweight",
    "displacement",
    "attribution",
)
_TOLERANCE = 1e-12

_ValueAt = Callable[[float], float]


@dataclass(frozen=True)
class Swing:
    """The ratio with one field of one outcome at the low and at the high end of its range."""

    outcome: str
    field: NumericField
    low: float
    high: float
    ratio_low: float
    ratio_high: float

    @property
    def swing(self) -> float:
        return abs(self.ratio_high - self.ratio_low)


@dataclass(frozen=True)
class BreakEven:
    """The value of one field alone that makes the ratio 1:1; None when none in its domain does."""

    outcome: str
    field: NumericField
    value: float | None


def tested_range(outcome: Outcome, name: NumericField) -> Range:
    """The outcome's own range, or the spec's default: ±50% for amounts, ±0.2 for fractions."""
    if name in outcome.ranges:
        return outcome.ranges[name]
    value = outcome.get(name)
    if name in FRACTION_FIELDS:
        return Range(max(0.0, value - 0.2), min(1.0, value + 0.2))
    ends = sorted((value * 0.5, value * 1.5))
    return Range(ends[0], ends[1])


class _RatioWith:
    """The ratio after replacing one outcome, without recomputing the others."""

    def __init__(self, impact_map: ImpactMap) -> None:
        self.rate = impact_map.discount_rate
        self.inputs = total_inputs(impact_map)
        self.values = [
            present_value(o, self.rate) if o.include else 0.0 for o in impact_map.outcomes
        ]
        self.total = sum(self.values)

    def others(self, index: int) -> float:
        return self.total - self.values[index]

    def outcome_value(self, outcome: Outcome, name: NumericField, value: float) -> float:
        return present_value(outcome.with_value(name, value), self.rate)

    def __call__(self, index: int, outcome: Outcome, name: NumericField, value: float) -> float:
        return (self.others(index) + self.outcome_value(outcome, name, value)) / self.inputs


def one_at_a_time(impact_map: ImpactMap) -> list[Swing]:
    """Every included outcome's tested fields, largest swing first (a tornado's order)."""
    ratio = _RatioWith(impact_map)
    swings = []
    for index, outcome in enumerate(impact_map.outcomes):
        if not outcome.include:
            continue
        for name in NUMERIC_FIELDS:
            if name in DEFAULT_FIELDS or name in outcome.ranges:
                bounds = tested_range(outcome, name)
                swings.append(
                    Swing(
                        outcome=outcome.id,
                        field=name,
                        low=bounds.low,
                        high=bounds.high,
                        ratio_low=ratio(index, outcome, name, bounds.low),
                        ratio_high=ratio(index, outcome, name, bounds.high),
                    )
                )
    return sorted(swings, key=lambda s: s.swing, reverse=True)


def break_even(impact_map: ImpactMap) -> list[BreakEven]:
    """For each included outcome and continuous field, the value giving exactly 1:1."""
    ratio = _RatioWith(impact_map)
    results = []
    for index, outcome in enumerate(impact_map.outcomes):
        if not outcome.include:
            continue
        needed = ratio.inputs - ratio.others(index)
        for name in BREAK_EVEN_FIELDS:
            solve = _solve_affine if name in _AFFINE_FIELDS else _solve_bracketed
            value = solve(partial(ratio.outcome_value, outcome, name), needed, name)
            results.append(BreakEven(outcome.id, name, value))
    return results


def _domain(name: NumericField) -> tuple[float, float]:
    if name in FRACTION_FIELDS:
        return 0.0, 1.0
    if name == "quantity":
        return 0.0, float("inf")
    return float("-inf"), float("inf")


def _solve_affine(value_at: _ValueAt, needed: float, name: NumericField) -> float | None:
    """PV is a + (b - a)·x in these fields, so x = (needed - a) / (b - a)."""
    at_zero, at_one = value_at(0.0), value_at(1.0)
    slope = at_one - at_zero
    if slope == 0:
        return None  # the field does not move the ratio (e.g. quantity 0 or proxy 0)
    return _within(name, (needed - at_zero) / slope)


def _solve_bracketed(value_at: _ValueAt, needed: float, name: NumericField) -> float | None:
    """Drop-off enters as a polynomial; find the root between the ends of its domain."""
    low, high = _domain(name)
    gap_low, gap_high = value_at(low) - needed, value_at(high) - needed
    if gap_low == 0:
        return low
    if gap_high == 0:
        return high
    if gap_low * gap_high > 0:
        return None
    root = brentq(lambda x: value_at(x) - needed, low, high, xtol=1e-15, rtol=1e-15)
    return float(root)


def _within(name: NumericField, value: float) -> float | None:
    """The value if it lies in the field's domain (allowing float rounding at its ends)."""
    low, high = _domain(name)
    if low - _TOLERANCE <= value <= high + _TOLERANCE:
        return min(max(value, low), high)
    return None
