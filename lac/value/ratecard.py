"""Rate cards: versioned tables of unit costs used to value services avoided.

The engine ships one card (data/ratecard-neweconomy.yaml, the 18 costs printed
in the LAC Network report); programmes can load their own from the same YAML
layout or build one from a dict. An item may carry its name and its unit in Welsh
(`item_cy`, `unit_cy`), which lac's Welsh pages show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from lac.value import messages as m
from lac.value.deflators import DeflatorTable, financial_year, load_deflators
from lac.value.errors import Path as FieldPath
from lac.value.errors import Problem, RateCardError
from lac.value.safeyaml import load_yaml, read_bounded

SHIPPED_CARD = "ratecard-neweconomy.yaml"
CARD_KEYS = ("name", "version", "source", "price_year", "price_year_assumed", "items")
ITEM_KEYS = (
    "item",
    "item_cy",
    "category",
    "agency",
    "unit",
    "unit_cy",
    "amount",
    "price_year",
    "price_year_assumed",
    "source",
    "as_printed",
)


@dataclass(frozen=True)
class UnitCost:
    """What one unit of a service costs the agency that bears it, at a price year."""

    item: str
    agency: str
    unit: str
    amount: float
    price_year: str
    source: str
    category: str = ""
    as_printed: str = ""
    #: True where the source prints no price year and `price_year` is our assumption.
    price_year_assumed: bool = False
    #: The item's name in Welsh, for Welsh pages ("" where the card gives none).
    item_cy: str = ""
    #: Its unit in Welsh ("yr awr"), likewise.
    unit_cy: str = ""


@dataclass(frozen=True)
class RateCard:
    name: str
    version: str
    source: str
    items: tuple[UnitCost, ...]

    def uprated(self, to_year: str | int, table: DeflatorTable | None = None) -> RateCard:
        """The same card with every amount expressed at `to_year` prices."""
        table = table or load_deflators()
        year = financial_year(to_year)
        items = tuple(
            replace(c, amount=c.amount * table.factor(c.price_year, year), price_year=year)
            for c in self.items
        )
        return replace(self, items=items)


def rate_card_from_dict(data: object) -> RateCard:
    """Check and build a card; items inherit the card's price_year (and whether it is
    assumed) and source."""
    if not isinstance(data, Mapping):
        raise RateCardError.single_of((), m.RATE_CARD_NOT_MAPPING)
    problems = [
        Problem.of((str(k),), m.UNKNOWN_KEY, allowed=", ".join(CARD_KEYS))
        for k in data
        if k not in CARD_KEYS
    ]
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        problems.append(Problem.of(("items",), m.NO_UNIT_COSTS))
        raw_items = []
    items = [_item(data, raw, ("items", i), problems) for i, raw in enumerate(raw_items)]
    if problems:
        raise RateCardError(problems)
    return RateCard(
        name=str(data.get("name", "")),
        version=str(data.get("version", "")),
        source=str(data.get("source", "")),
        items=tuple(i for i in items if i is not None),
    )


def _item(
    card: Mapping[str, Any], raw: object, path: FieldPath, problems: list[Problem]
) -> UnitCost | None:
    if not isinstance(raw, Mapping):
        problems.append(Problem.of(path, m.NOT_A_MAPPING))
        return None
    found = [
        Problem.of(path + (str(k),), m.UNKNOWN_KEY, allowed=", ".join(ITEM_KEYS))
        for k in raw
        if k not in ITEM_KEYS
    ]
    inherited = ("price_year", "source", "price_year_assumed")
    values = {**{k: card.get(k) for k in inherited}, **raw}
    for key in ("item", "agency", "unit", "price_year", "source"):
        if values.get(key) in (None, ""):
            found.append(Problem.of(path + (key,), m.REQUIRED))
    if not isinstance(values.get("price_year_assumed") or False, bool):
        found.append(Problem.of(path + ("price_year_assumed",), m.TRUE_OR_FALSE))
    amount = values.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0:
        found.append(Problem.of(path + ("amount",), m.NOT_AMOUNT, got=repr(amount)))
    if values.get("price_year") not in (None, ""):
        try:
            values["price_year"] = financial_year(values["price_year"])
        except RateCardError as error:
            found += [replace(p, path=path + ("price_year",)) for p in error.problems]
    problems += found
    if found:
        return None
    return UnitCost(
        item=str(values["item"]),
        agency=str(values["agency"]),
        unit=str(values["unit"]),
        amount=float(values["amount"]),
        price_year=str(values["price_year"]),
        source=str(values["source"]),
        category=str(values.get("category") or ""),
        as_printed=str(values.get("as_printed") or ""),
        price_year_assumed=bool(values.get("price_year_assumed") or False),
        item_cy=str(values.get("item_cy") or ""),
        unit_cy=str(values.get("unit_cy") or ""),
    )


def load_rate_card(path: str | Path | None = None) -> RateCard:
    """The shipped New Economy card, or a programme's own card from a YAML file."""
    if path is None:
        text = (resources.files("lac.value") / "data" / SHIPPED_CARD).read_text("utf-8")
    else:
        text = read_bounded(Path(path), RateCardError)
    return rate_card_from_dict(load_yaml(text, RateCardError))
