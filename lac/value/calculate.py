"""The SROI result of an impact map: present values, ratios, payback, distribution."""

from __future__ import annotations

from dataclasses import dataclass

from lac.value import messages
from lac.value.arithmetic import (
    discount,
    impact,
    last_year,
    present_value,
    value_in_year,
    value_of_inputs,
)
from lac.value.errors import ImpactMapError
from lac.value.model import ImpactMap


@dataclass(frozen=True)
class OutcomeResult:
    """One outcome's figures.

    For an outcome with `include: false`, `impact` and `present_value` show
    what it would add if it were included, so a reader can judge its
    materiality; `included` is false and no total counts it.
    """

    id: str
    stakeholder: str
    impact: float
    present_value: float
    included: bool


@dataclass(frozen=True)
class StakeholderValue:
    """Present value of a stakeholder's outcomes; `share` is None when total PV is zero."""

    id: str
    name: str
    present_value: float
    share: float | None


@dataclass(frozen=True)
class Result:
    name: str
    currency: str
    discount_rate: float
    total_present_value: float
    total_inputs: float
    net_present_value: float
    sroi_ratio: float
    net_sroi_ratio: float
    payback_months: float | None
    present_value_by_year: tuple[float, ...]
    value_by_stakeholder: tuple[StakeholderValue, ...]
    outcomes: tuple[OutcomeResult, ...]
    #: The financial year every sum of money is stated in; None when the map names none.
    price_year: str | None = None
    #: The deflator series that restated other years to it ("" when nothing was restated).
    deflator_series: str = ""

    @property
    def horizon(self) -> int:
        """The last year in which any included outcome has value (0 when none)."""
        return len(self.present_value_by_year)


def total_inputs(impact_map: ImpactMap) -> float:
    """Present value of the inputs, refusing zero because every ratio divides by it."""
    total = value_of_inputs(impact_map.inputs, impact_map.discount_rate)
    if total == 0:
        raise ImpactMapError.single_of(("inputs",), messages.INPUTS_TOTAL_ZERO)
    return total


def calculate(impact_map: ImpactMap) -> Result:
    """Everything VALUE-SPEC.md's report needs; raises ImpactMapError when inputs are 0."""
    rate = impact_map.discount_rate
    inputs = total_inputs(impact_map)
    outcomes = tuple(
        OutcomeResult(o.id, o.stakeholder, impact(o), present_value(o, rate), o.include)
        for o in impact_map.outcomes
    )
    counted = [o for o in impact_map.outcomes if o.include]
    total = sum(r.present_value for r in outcomes if r.included)
    horizon = max((last_year(o) for o in counted), default=0)
    by_year = tuple(
        sum(discount(value_in_year(o, year), year, rate) for o in counted)
        for year in range(1, horizon + 1)
    )
    first_year_impact = sum(impact(o) for o in counted if o.start_year == 1)
    payback = inputs / first_year_impact * 12 if first_year_impact != 0 else None
    return Result(
        name=impact_map.name,
        currency=impact_map.currency,
        discount_rate=rate,
        total_present_value=total,
        total_inputs=inputs,
        net_present_value=total - inputs,
        sroi_ratio=total / inputs,
        net_sroi_ratio=(total - inputs) / inputs,
        payback_months=payback,
        present_value_by_year=by_year,
        value_by_stakeholder=_by_stakeholder(impact_map, outcomes, total),
        outcomes=outcomes,
        price_year=impact_map.price_year,
        deflator_series=impact_map.deflator_series,
    )


def _by_stakeholder(
    impact_map: ImpactMap, outcomes: tuple[OutcomeResult, ...], total: float
) -> tuple[StakeholderValue, ...]:
    values = []
    for stakeholder in impact_map.stakeholders:
        pv = sum(
            r.present_value for r in outcomes if r.included and r.stakeholder == stakeholder.id
        )
        share = pv / total if total != 0 else None
        values.append(StakeholderValue(stakeholder.id, stakeholder.name, pv, share))
    return tuple(values)
