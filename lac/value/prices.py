"""Price years: restating every sum of money in a map to one financial year.

VALUE-SPEC.md's "Price years": a value with its own `price_year` p is worth
value × D[map.price_year] / D[p] in the map's year, D being a GDP deflator
index, taken from the map's own `deflators` or else from the series the
engine was given (by default the shipped HM Treasury release). The value
itself stays as typed, in its own year, so sensitivity and break-even speak
in the numbers a person wrote; only `restate` (the factor) carries it over.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from lac.value import messages as m
from lac.value.deflators import DeflatorTable, load_deflators
from lac.value.errors import Path, Problem

_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
_MAPS_OWN = "the map's deflators"


def checked_year(value: object) -> str | None:
    """The financial year if `value` is text of the form "2025-26", else None."""
    match = _YEAR.match(value) if isinstance(value, str) else None
    if match is None or (int(match[1]) + 1) % 100 != int(match[2]):
        return None
    return value if isinstance(value, str) else None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:40]}…"


@dataclass(frozen=True)
class PriceBasis:
    """The map's price year and the deflator index that restates other years to it."""

    year: str | None
    year_given: bool
    index: Mapping[str, float]
    series: str
    own: Mapping[str, float] | None

    def restate(self, raw: object, path: Path) -> tuple[str | None, float, list[Problem]]:
        """The price year at `path` (a proxy's or an input's), its factor, and any problems."""
        if raw is None:
            return None, 1.0, []
        year = checked_year(raw)
        if year is None:
            return None, 1.0, [Problem.of(path, m.NOT_FINANCIAL_YEAR, got=_shown(raw))]
        if not self.year_given:
            return year, 1.0, [Problem.of(path, m.NEEDS_PRICE_YEAR)]
        if year not in self.index:
            return year, 1.0, [self.missing(path, year)]
        if self.year is None or self.year not in self.index:
            return year, 1.0, []  # the map's own year is wrong, reported once at price_year
        return year, self.index[self.year] / self.index[year], []

    def missing(self, path: Path, year: str) -> Problem:
        """No deflator for ``year``: the map's own index, or the named series, lacks it."""
        own = self.series == _MAPS_OWN
        if not self.index:
            if own:
                return Problem.of(path, m.NO_DEFLATOR_IN_MAP_AT_ALL, year=year)
            return Problem.of(path, m.NO_DEFLATOR_IN_SERIES_AT_ALL, year=year, series=self.series)
        first, last = min(self.index), max(self.index)
        if own:
            return Problem.of(path, m.NO_DEFLATOR_IN_MAP, year=year, first=first, last=last)
        return Problem.of(
            path, m.NO_DEFLATOR_IN_SERIES, year=year, series=self.series, first=first, last=last
        )


def price_basis(
    root: Mapping[str, object], fallback: DeflatorTable | None
) -> tuple[PriceBasis, list[Problem]]:
    """Read the map's `price_year` and `deflators`, checking both."""
    problems: list[Problem] = []
    raw_year = root.get("price_year")
    year = checked_year(raw_year)
    if raw_year is not None and year is None:
        problems.append(Problem.of(("price_year",), m.NOT_FINANCIAL_YEAR, got=_shown(raw_year)))
    own = _own_index(root.get("deflators"), problems)
    if own is not None:
        index, series = own, _MAPS_OWN
    elif year is not None:
        table = fallback or load_deflators()
        index, series = table.index, table.label
    else:
        index, series = MappingProxyType({}), ""
    if year is not None and year not in index:
        basis = PriceBasis(year, True, index, series, own)
        problems.append(basis.missing(("price_year",), year))
    return PriceBasis(year, raw_year is not None, index, series, own), problems


def _own_index(raw: object, problems: list[Problem]) -> Mapping[str, float] | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        problems.append(Problem.of(("deflators",), m.DEFLATORS_NOT_MAPPING, got=_shown(raw)))
        return None
    index: dict[str, float] = {}
    for key, value in raw.items():
        year = checked_year(key)
        path: Path = ("deflators", year or _shown(key))
        if year is None:
            problems.append(Problem.of(path, m.NOT_FINANCIAL_YEAR, got=_shown(key)))
        elif isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(Problem.of(path, m.NOT_ABOVE_ZERO, got=_shown(value)))
        elif not value > 0 or value == float("inf"):
            problems.append(Problem.of(path, m.NOT_FINITE_ABOVE_ZERO, got=value))
        else:
            index[year] = float(value)
    return MappingProxyType(index)
