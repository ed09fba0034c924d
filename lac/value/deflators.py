"""Uprating money between price years with a GDP deflator index.

Years are financial years written "2014-15"; a plain int such as 2014 means the
financial year starting in it. The shipped table is HM Treasury's GDP deflator
(see data/gdp-deflators.yaml for its source and how current it is).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

from lac.value import messages as m
from lac.value.errors import PriceYearNotCovered, Problem, RateCardError
from lac.value.safeyaml import load_yaml, read_bounded

_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
DEFLATORS_FILE = "gdp-deflators.yaml"


def financial_year(year: str | int) -> str:
    """Normalise 2014 or "2014-15" to "2014-15"; RateCardError for anything else."""
    if isinstance(year, int) and not isinstance(year, bool):
        return f"{year}-{(year + 1) % 100:02d}"
    match = _YEAR.match(str(year))
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise RateCardError.single_of((), m.PRICE_YEAR_SHAPE, got=repr(year))
    return str(year)


@dataclass(frozen=True)
class DeflatorTable:
    """Index values by financial year; only ratios between years matter."""

    name: str
    source: str
    release: str
    reference_year: str
    index: Mapping[str, float]
    published: str = ""
    #: The first year that is a forecast rather than outturn ("" when all are outturn).
    forecast_from: str = ""

    @property
    def label(self) -> str:
        """How pages and reports name the series: what it is and which release."""
        release = f", {self.release}" if self.release else ""
        return f"{self.name or 'GDP deflators'}{release}"

    @property
    def latest_outturn(self) -> str:
        """The latest year measured rather than forecast: the default year to state money in."""
        measured = [y for y in self.index if not self.is_forecast(y)]
        return max(measured or self.index)

    def is_forecast(self, year: str) -> bool:
        return bool(self.forecast_from) and year >= self.forecast_from

    def factor(self, from_year: str | int, to_year: str | int) -> float:
        start, end = financial_year(from_year), financial_year(to_year)
        missing = [y for y in (start, end) if y not in self.index]
        if missing:
            problem = Problem.of(
                (),
                m.NO_GDP_DEFLATOR,
                years=", ".join(missing),
                first=min(self.index),
                last=max(self.index),
            )
            raise PriceYearNotCovered([problem], missing)
        return self.index[end] / self.index[start]


def deflator_table_from_dict(data: object) -> DeflatorTable:
    if not isinstance(data, Mapping) or not isinstance(data.get("index"), Mapping):
        raise RateCardError.single_of((), m.NO_DEFLATOR_INDEX)
    problems = []
    index: dict[str, float] = {}
    for year, value in data["index"].items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            problems.append(Problem.of(("index", str(year)), m.NOT_POSITIVE, got=repr(value)))
            continue
        try:
            index[financial_year(year)] = float(value)
        except RateCardError as error:
            problems += [replace(p, path=("index", str(year))) for p in error.problems]
    if problems:
        raise RateCardError(problems)
    return DeflatorTable(
        name=str(data.get("name", "")),
        source=str(data.get("source", "")),
        release=str(data.get("release", "")),
        reference_year=str(data.get("reference_year", "")),
        index=index,
        published=str(data.get("published", "")),
        forecast_from=str(data.get("forecast_from", "")),
    )


def load_deflators(path: str | Path | None = None) -> DeflatorTable:
    """The shipped HM Treasury table, or a newer one from `path`."""
    if path is None:
        return _shipped()
    return deflator_table_from_dict(
        load_yaml(read_bounded(Path(path), RateCardError), RateCardError)
    )


@cache
def _shipped() -> DeflatorTable:
    text = (resources.files("lac.value") / "data" / DEFLATORS_FILE).read_text("utf-8")
    return deflator_table_from_dict(load_yaml(text, RateCardError))


def uprate(
    amount: float,
    from_year: str | int,
    to_year: str | int,
    table: DeflatorTable | None = None,
) -> float:
    """`amount` at `from_year` prices expressed at `to_year` prices."""
    return amount * (table or load_deflators()).factor(from_year, to_year)
