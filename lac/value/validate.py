"""Turning plain data (parsed YAML, JSON or a workbook) into a checked ImpactMap.

The rules are VALUE-SPEC.md's. Every problem is collected with the path of the
field it concerns, and nothing is returned unless the whole map is sound.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from lac.value import messages as m
from lac.value.deflators import DeflatorTable
from lac.value.errors import ImpactMapError, Path, Problem, describe_path
from lac.value.model import (
    FRACTION_FIELDS,
    NUMERIC_FIELDS,
    ImpactMap,
    Input,
    NumericField,
    Outcome,
    Proxy,
    Range,
    Stakeholder,
)
from lac.value.prices import PriceBasis, price_basis

MAP_KEYS = (
    "name",
    "currency",
    "discount_rate",
    "price_year",
    "deflators",
    "stakeholders",
    "inputs",
    "outcomes",
)
STAKEHOLDER_KEYS = ("id", "name")
INPUT_KEYS = ("stakeholder", "description", "value", "year", "price_year")
OUTCOME_KEYS = (
    "id",
    "stakeholder",
    "description",
    "indicator",
    "quantity",
    "proxy",
    "duration",
    "start_year",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
    "include",
    "ranges",
)
PROXY_KEYS = ("value", "description", "source", "price_year")
RANGE_KEYS = ("low", "high", "mode")

_MISSING = object()


#: The most characters of a bad value an error message quotes.
SHOWN_LIMIT = 60


def _shown(value: object) -> str:
    """A bad value as a message quotes it: text in quotes, and never unbounded.

    A file can hold a value of any size (a YAML alias can make one enormous),
    so only its start is echoed, with how much was left out.
    """
    if isinstance(value, str):
        if len(value) <= SHOWN_LIMIT:
            return repr(value)
        return f"{value[:SHOWN_LIMIT]!r}… ({len(value):,} characters)"
    if isinstance(value, int | float | bool) or value is None:
        return str(value)
    return _BOUNDED.repr(value)  # walks only the first few items of the first few levels


def _key(key: object) -> str:
    """A key as a field path shows it, cut short like any echoed value."""
    text = str(key) if isinstance(key, str) else _shown(key)
    return text if len(text) <= SHOWN_LIMIT else f"{text[:SHOWN_LIMIT]}…"


def _bounded_repr() -> reprlib.Repr:
    bounded = reprlib.Repr()
    bounded.maxlevel, bounded.maxother, bounded.maxstring = 2, SHOWN_LIMIT, SHOWN_LIMIT
    bounded.maxdict = bounded.maxlist = bounded.maxtuple = bounded.maxset = 4
    return bounded


_BOUNDED = _bounded_repr()


class _Checker:
    """Reads fields out of nested mappings, noting each broken rule instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: Path, template: str, **params: object) -> None:
        """Note a broken rule, worded by one of :mod:`lac.value.messages`."""
        self.problems.append(Problem.of(path, template, **params))

    def mapping(
        self, value: object, path: Path, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.fail(path, m.NOT_MAPPING, got=_shown(value))
            return None
        for key in value:
            if key not in allowed:
                self.fail(path + (_key(key),), m.UNKNOWN_KEY, allowed=", ".join(allowed))
        for key in required:
            if value.get(key) is None:
                self.fail(path + (key,), m.REQUIRED)
        return value

    def sequence(self, data: Mapping[str, Any], key: str, path: Path) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []  # a missing required list is reported by mapping()
        if not isinstance(value, list):
            self.fail(path + (key,), m.NOT_LIST, got=_shown(value))
            return []
        return value

    def text(self, data: Mapping[str, Any], key: str, path: Path, default: str = "") -> str:
        value = data.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            self.fail(path + (key,), m.NOT_TEXT, got=_shown(value))
            return default
        return value

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        path: Path,
        default: float | None = None,
        low: float | None = None,
        high: float | None = None,
        whole: bool = False,
    ) -> float:
        value = data.get(key)
        if value is None:
            return default if default is not None else math.nan
        return self.check_number(value, path + (key,), low, high, whole)

    def check_number(
        self, value: object, path: Path, low: float | None, high: float | None, whole: bool
    ) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, m.NOT_NUMBER, got=_shown(value))
            return math.nan
        if not math.isfinite(value):
            self.fail(path, m.NOT_FINITE, got=value)
            return math.nan
        if whole and value != int(value):
            self.fail(path, m.NOT_WHOLE, got=value)
        elif low is not None and high is not None and not low <= value <= high:
            self.fail(path, m.NOT_BETWEEN, low=f"{low:g}", high=f"{high:g}", got=value)
        elif low is not None and value < low:
            self.fail(path, m.TOO_LOW, low=f"{low:g}", got=value)
        return float(value)

    def boolean(self, data: Mapping[str, Any], key: str, path: Path, default: bool) -> bool:
        value = data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(path + (key,), m.NOT_BOOLEAN, got=_shown(value))
            return default
        return value

    def unique_ids(self, items: list[Any], path: Path) -> list[str]:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            ident = item.get("id") if isinstance(item, Mapping) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                earlier = describe_path(path + (seen[ident],))
                self.fail(path + (index, "id"), m.DUPLICATE_ID, id=_shown(ident), earlier=earlier)
            else:
                seen[ident] = index
        return list(seen)


#: Bounds per numeric field: (low, high, whole number?).
_BOUNDS: dict[NumericField, tuple[float | None, float | None, bool]] = {
    "quantity": (0.0, None, False),
    "proxy": (None, None, False),
    "duration": (1.0, None, True),
    "start_year": (1.0, None, True),
    **{name: (0.0, 1.0, False) for name in FRACTION_FIELDS},
}


def impact_map_from_dict(data: object, deflators: DeflatorTable | None = None) -> ImpactMap:
    """Check plain data against the impact-map rules and build the map.

    `deflators` is the series that restates price years when the map carries
    none of its own (default: the engine's shipped HM Treasury release).
    Raises ImpactMapError listing every problem (field path and rule) when any
    rule is broken; the map is returned only when all of it is sound.
    """
    check = _Checker()
    root = check.mapping(data, (), MAP_KEYS, ("name", "stakeholders", "inputs", "outcomes"))
    if root is None:
        raise ImpactMapError(check.problems)
    prices, found = price_basis(root, deflators)
    check.problems += found
    name = check.text(root, "name", ())
    currency = check.text(root, "currency", (), "GBP")
    rate = check.number(root, "discount_rate", (), 0.035, 0.0, 1.0)
    raw_stakeholders = check.sequence(root, "stakeholders", ())
    stakeholders = [
        _stakeholder(check, item, ("stakeholders", i)) for i, item in enumerate(raw_stakeholders)
    ]
    known = check.unique_ids(raw_stakeholders, ("stakeholders",))
    raw_inputs = check.sequence(root, "inputs", ())
    if "inputs" in root and root["inputs"] is not None and not raw_inputs:
        check.fail(("inputs",), m.NO_INPUTS)
    inputs = [_input(check, item, ("inputs", i), prices) for i, item in enumerate(raw_inputs)]
    raw_outcomes = check.sequence(root, "outcomes", ())
    outcomes = [
        _outcome(check, item, ("outcomes", i), known, prices) for i, item in enumerate(raw_outcomes)
    ]
    check.unique_ids(raw_outcomes, ("outcomes",))
    if check.problems:
        raise ImpactMapError(check.problems)
    return ImpactMap(
        name=name,
        currency=currency,
        discount_rate=rate,
        stakeholders=tuple(s for s in stakeholders if s is not None),
        inputs=tuple(i for i in inputs if i is not None),
        outcomes=tuple(o for o in outcomes if o is not None),
        price_year=prices.year,
        deflators=prices.own,
        deflator_series=prices.series if prices.year else "",
    )


def _stakeholder(check: _Checker, item: object, path: Path) -> Stakeholder | None:
    data = check.mapping(item, path, STAKEHOLDER_KEYS, ("id",))
    if data is None:
        return None
    ident = check.text(data, "id", path)
    return Stakeholder(id=ident, name=check.text(data, "name", path, ident))


def _input(check: _Checker, item: object, path: Path, prices: PriceBasis) -> Input | None:
    data = check.mapping(item, path, INPUT_KEYS, ("value",))
    if data is None:
        return None
    year, restate, found = prices.restate(data.get("price_year"), path + ("price_year",))
    check.problems += found
    return Input(
        price_year=year,
        restate=restate,
        value=check.number(data, "value", path, low=0.0),
        stakeholder=check.text(data, "stakeholder", path),
        description=check.text(data, "description", path),
        year=_whole(check.number(data, "year", path, 1.0, low=1.0, whole=True)),
    )


def _outcome(
    check: _Checker, item: object, path: Path, stakeholders: list[str], prices: PriceBasis
) -> Outcome | None:
    required = ("id", "stakeholder", "quantity", "proxy", "duration")
    data = check.mapping(item, path, OUTCOME_KEYS, required)
    if data is None:
        return None
    stakeholder = check.text(data, "stakeholder", path)
    if stakeholder and stakeholder not in stakeholders:
        where, got = path + ("stakeholder",), _shown(stakeholder)
        if stakeholders:
            check.fail(where, m.UNKNOWN_STAKEHOLDER, got=got, known=", ".join(stakeholders))
        else:
            check.fail(where, m.NO_STAKEHOLDERS, got=got)
    values = {name: _field(check, data, name, path) for name in NUMERIC_FIELDS if name != "proxy"}
    return Outcome(
        id=check.text(data, "id", path),
        stakeholder=stakeholder,
        description=check.text(data, "description", path),
        indicator=check.text(data, "indicator", path),
        proxy=_proxy(check, data.get("proxy"), path + ("proxy",), prices),
        quantity=values["quantity"],
        duration=_whole(values["duration"]),
        start_year=_whole(values["start_year"]),
        deadweight=values["deadweight"],
        displacement=values["displacement"],
        attribution=values["attribution"],
        drop_off=values["drop_off"],
        include=check.boolean(data, "include", path, True),
        ranges=_ranges(check, data.get("ranges"), path + ("ranges",)),
    )


def _whole(value: float) -> int:
    return int(value) if math.isfinite(value) else 0


def _field(check: _Checker, data: Mapping[str, Any], name: NumericField, path: Path) -> float:
    low, high, whole = _BOUNDS[name]
    defaults: dict[str, float] = {"start_year": 1.0, **{f: 0.0 for f in FRACTION_FIELDS}}
    return check.number(data, name, path, defaults.get(name), low, high, whole)


def _proxy(check: _Checker, item: object, path: Path, prices: PriceBasis) -> Proxy:
    if item is None:
        return Proxy(value=math.nan)  # reported as required by the outcome
    data = check.mapping(item, path, PROXY_KEYS, ("value",))
    if data is None:
        return Proxy(value=math.nan)
    year, restate, found = prices.restate(data.get("price_year"), path + ("price_year",))
    check.problems += found
    return Proxy(
        price_year=year,
        restate=restate,
        value=check.number(data, "value", path),
        description=check.text(data, "description", path),
        source=check.text(data, "source", path),
    )


def _ranges(check: _Checker, item: object, path: Path) -> Mapping[NumericField, Range]:
    if item is None:
        return MappingProxyType({})
    data = check.mapping(item, path, NUMERIC_FIELDS)
    ranges: dict[NumericField, Range] = {}
    for name in NUMERIC_FIELDS:
        if data is not None and data.get(name) is not None:
            checked = _range(check, data[name], path + (name,), name)
            if checked is not None:
                ranges[name] = checked
    return MappingProxyType(ranges)


def _range(check: _Checker, item: object, path: Path, name: NumericField) -> Range | None:
    data = check.mapping(item, path, RANGE_KEYS, ("low", "high"))
    if data is None:
        return None
    low_bound, high_bound, whole = _BOUNDS[name]
    low, high = (
        check.number(data, k, path, None, low_bound, high_bound, whole) for k in RANGE_KEYS[:2]
    )
    mode = None
    if data.get("mode") is not None:
        mode = check.number(data, "mode", path, None, low_bound, high_bound, whole)
    if low > high:
        check.fail(path, m.LOW_ABOVE_HIGH, low=low, high=high)
    elif mode is not None and not low <= mode <= high:
        check.fail(path + ("mode",), m.MODE_OUTSIDE, low=low, high=high, got=mode)
    return Range(low=low, high=high, mode=mode)
