"""The social value engine: SROI impact maps, sensitivity, Monte Carlo and rate cards.

Plain Python with numpy and scipy, no Django, so the same code serves the
command line, notebooks and the web app. The arithmetic follows
VALUE-SPEC.md (the Cabinet Office / Social Value UK Guide to SROI, 2012).

Typical use::

    from lac.value import load_impact_map, calculate, simulate
    impact_map = load_impact_map("forecast.yaml")
    result = calculate(impact_map)
    print(result.sroi_ratio, simulate(impact_map, draws=10_000, seed=1).p50)
"""

from lac.value.calculate import OutcomeResult, Result, StakeholderValue, calculate
from lac.value.charts import (
    ChartWords,
    histogram_chart,
    present_value_by_year_chart,
    tornado_chart,
    value_by_stakeholder_chart,
)
from lac.value.deflators import DeflatorTable, deflator_table_from_dict, load_deflators, uprate
from lac.value.errors import ImpactMapError, Problem, RateCardError, ValueDataError
from lac.value.files import load_impact_map, save_impact_map
from lac.value.model import ImpactMap, Input, Outcome, Proxy, Range, Stakeholder
from lac.value.montecarlo import Simulation, simulate
from lac.value.ratecard import RateCard, UnitCost, load_rate_card, rate_card_from_dict
from lac.value.sensitivity import BreakEven, Swing, break_even, one_at_a_time
from lac.value.serialise import impact_map_to_dict
from lac.value.validate import impact_map_from_dict

__all__ = [
    "ChartWords",
    "BreakEven",
    "DeflatorTable",
    "ImpactMap",
    "ImpactMapError",
    "Input",
    "Outcome",
    "OutcomeResult",
    "Problem",
    "Proxy",
    "Range",
    "RateCard",
    "RateCardError",
    "Result",
    "Simulation",
    "Stakeholder",
    "StakeholderValue",
    "Swing",
    "UnitCost",
    "ValueDataError",
    "break_even",
    "calculate",
    "deflator_table_from_dict",
    "histogram_chart",
    "impact_map_from_dict",
    "impact_map_to_dict",
    "load_deflators",
    "load_impact_map",
    "load_rate_card",
    "one_at_a_time",
    "present_value_by_year_chart",
    "rate_card_from_dict",
    "save_impact_map",
    "simulate",
    "tornado_chart",
    "uprate",
    "value_by_stakeholder_chart",
]
