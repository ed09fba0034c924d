"""The impact map, as immutable typed values.

Frozen dataclasses so a loaded map cannot drift between the calculation and
the report; changing an assumption (as sensitivity analysis does) makes a new
map with `dataclasses.replace`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Literal

NumericField = Literal[
    "quantity",
    "proxy",
    "duration",
    "start_year",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
]

#: The outcome fields that may carry a range, in the order reports list them.
NUMERIC_FIELDS: tuple[NumericField, ...] = (
    "quantity",
    "proxy",
    "duration",
    "start_year",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
)
#: Fractions in [0, 1] that reduce the claimed impact.
FRACTION_FIELDS: tuple[NumericField, ...] = (
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
)
#: Whole numbers of years.
INTEGER_FIELDS: tuple[NumericField, ...] = ("duration", "start_year")


@dataclass(frozen=True)
class Range:
    """Plausible bounds for an assumption; `mode` makes a Monte Carlo draw triangular."""

    low: float
    high: float
    mode: float | None = None


@dataclass(frozen=True)
class Proxy:
    """The money value of one unit of an outcome, and where that value comes from.

    `value` (and the outcome's proxy range) stay in the proxy's own price year,
    the number a person typed; `restate` is D[map year] / D[price_year], 1.0
    when the proxy has no price year of its own.
    """

    value: float
    description: str = ""
    source: str = ""
    price_year: str | None = None
    restate: float = 1.0

    @property
    def restated(self) -> float:
        """The value in the map's price year, the one every total uses."""
        return self.value * self.restate


@dataclass(frozen=True)
class Stakeholder:
    id: str
    name: str


@dataclass(frozen=True)
class Input:
    """Money, time or in-kind support put in; `year` 1 is not discounted.

    As with a proxy, `value` is in the input's own price year and `restate`
    carries it to the map's.
    """

    value: float
    stakeholder: str = ""
    description: str = ""
    year: int = 1
    price_year: str | None = None
    restate: float = 1.0

    @property
    def restated(self) -> float:
        return self.value * self.restate


@dataclass(frozen=True)
class Outcome:
    id: str
    stakeholder: str
    quantity: float
    proxy: Proxy
    duration: int
    description: str = ""
    indicator: str = ""
    start_year: int = 1
    deadweight: float = 0.0
    displacement: float = 0.0
    attribution: float = 0.0
    drop_off: float = 0.0
    include: bool = True
    ranges: Mapping[NumericField, Range] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, name: NumericField) -> float:
        """The current value of a numeric field (`proxy` means the proxy's value)."""
        if name == "proxy":
            return self.proxy.value
        value: float = getattr(self, name)
        return value

    def with_value(self, name: NumericField, value: float) -> Outcome:
        """A copy with one numeric field changed; integer fields are rounded."""
        if name == "proxy":
            return replace(self, proxy=replace(self.proxy, value=value))
        changes: dict[str, Any] = {name: round(value) if name in INTEGER_FIELDS else value}
        return replace(self, **changes)


@dataclass(frozen=True)
class ImpactMap:
    name: str
    stakeholders: tuple[Stakeholder, ...]
    inputs: tuple[Input, ...]
    outcomes: tuple[Outcome, ...]
    currency: str = "GBP"
    discount_rate: float = 0.035
    #: The financial year whose prices the report uses; None: no restating at all.
    price_year: str | None = None
    #: The map's own deflator index by year; None: the series it was loaded with.
    deflators: Mapping[str, float] | None = None
    #: Which series restated the money (the map's own, or a named HM Treasury release).
    deflator_series: str = ""

    def with_outcome(self, index: int, outcome: Outcome) -> ImpactMap:
        outcomes = list(self.outcomes)
        outcomes[index] = outcome
        return replace(self, outcomes=tuple(outcomes))
