"""The Guide's arithmetic for one outcome, written as VALUE-SPEC.md states it.

Kept scalar and literal so each line can be checked against the spec; the
Monte Carlo module has a vectorised equivalent, tested to agree with this one.
"""

from __future__ import annotations

from collections.abc import Iterable

from lac.value.model import Input, Outcome


def impact(outcome: Outcome) -> float:
    """Quantity × proxy (in the map's price year), less deadweight, displacement and attribution."""
    return (
        outcome.quantity
        * outcome.proxy.restated
        * (1 - outcome.deadweight)
        * (1 - outcome.displacement)
        * (1 - outcome.attribution)
    )


def last_year(outcome: Outcome) -> int:
    return outcome.start_year + outcome.duration - 1


def value_in_year(outcome: Outcome, year: int) -> float:
    """Undiscounted value in a year; drop-off applies from the second year it lasts."""
    if not outcome.start_year <= year <= last_year(outcome):
        return 0.0
    return impact(outcome) * (1 - outcome.drop_off) ** (year - outcome.start_year)


def discount(value: float, year: int, rate: float) -> float:
    """Year 1 is discounted too, as Excel's NPV does in the Guide's template."""
    return value / (1 + rate) ** year


def present_value(outcome: Outcome, rate: float) -> float:
    years = range(outcome.start_year, last_year(outcome) + 1)
    return sum(discount(value_in_year(outcome, t), t, rate) for t in years)


def value_of_inputs(inputs: Iterable[Input], rate: float) -> float:
    """Inputs in year 1 are not discounted; later years are, one year less than outcomes."""
    return sum(i.restated / (1 + rate) ** (i.year - 1) for i in inputs)
