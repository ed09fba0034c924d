"""Which column means what, and which spelling means which category.

Suggestions come from the header's words first, then from sample values
(a column of "L1"/"L2" is a level whatever its header says). A person can
override any of it; the result is a :class:`Mapping`, saved per coordinator's
layout or written as YAML for ``lac import --mapping``::

    columns:
      "Client": name
      "Favourite colour": ignore
    values:
      source:
        "Mrs Jones": family-friend-neighbour
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from lac.imports.fields import (
    CATEGORY_SYNONYMS,
    FIELDS,
    FIELDS_BY_NAME,
    IGNORE,
    list_key,
    normalise,
    parse_score_field,
    score_field,
    score_header,
)
from lac.imports.readers import Cell, as_text
from lac.imports.values import Problem, parse_date, parse_postcode

HEADER_INDEX = {normalise(header): f.name for f in FIELDS for header in f.headers}
# Words inside a longer header, tried in order when no header matches exactly.
HEADER_HINTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), name)
    for pattern, name in (
        (r"\b(dob|birth)\b", "date_of_birth"),
        (r"\bpost ?code\b", "postcode"),
        (r"\b(clos\w*|end\w*)\b.*\breason\b|\breason\b.*\bclos", "closure_reason"),
        (r"\b(clos\w*|end\w*)\b.*\bdate\b|\bdate\b.*\bclos", "closed_date"),
        (
            r"\b(referr\w*|introduc\w*|intro)\b.*\bdate\b|\bdate\b.*\b(referr|introduc|intro)",
            "introduction_date",
        ),
        (r"\b(referr\w*|introduc\w*)\b.*\b(by|source|from|agency)\b|\bsource\b", "source"),
        (r"\blevel\b", "level"),
        (r"\bstatus\b", "status"),
        (r"\b(ward|neighbou?rhood|area)\b", "neighbourhood"),
        (r"\bage\b", "age"),
        (r"\bsurname\b|\blast name\b", "surname"),
        (r"\b(first|fore|given)\s?names?\b", "first_name"),
        (r"\b(notes?|comments?)\b", "notes"),
        (r"\b(coordinator|co ordinator)\b", "coordinator"),
        (r"\bname\b", "name"),
    )
)


@dataclass
class Mapping:
    """Normalised header → field name (or ``ignore``); field → {normalised value → code}."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Any) -> Mapping:
        """Read a mapping from parsed YAML/JSON; raise ValueError naming what is wrong."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError("a mapping file needs 'columns:' and/or 'values:' sections")
        columns_in = data.get("columns") or {}
        values_in = data.get("values") or {}
        if not isinstance(columns_in, dict) or not isinstance(values_in, dict):
            raise ValueError("'columns' and 'values' must each map names to names")
        columns = {}
        for header, target in columns_in.items():
            target = str(target).strip() if target is not None else IGNORE
            if target not in FIELDS_BY_NAME and target != IGNORE and not parse_score_field(target):
                raise ValueError(f"column {header!r}: unknown field {target!r}")
            columns[normalise(header)] = target
        values: dict[str, dict[str, str]] = {}
        for field_name, table in values_in.items():
            if field_name not in CATEGORY_SYNONYMS:
                raise ValueError(f"values: {field_name!r} is not a category field")
            if not isinstance(table, dict):
                raise ValueError(f"values: {field_name!r} must map values to codes")
            values[field_name] = {normalise(k): str(v).strip() for k, v in table.items()}
        return cls(columns, values)

    @classmethod
    def from_yaml(cls, text: str) -> Mapping:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ValueError(f"not valid YAML ({str(exc).splitlines()[0]})") from exc
        return cls.from_data(data)

    def to_yaml(self) -> str:
        return yaml.safe_dump(
            {"columns": self.columns, "values": self.values}, sort_keys=True, allow_unicode=True
        )

    def category(self, field_name: str, raw: str) -> str | None:
        cache = self.__dict__.setdefault("_cache", {})
        try:
            return cache[field_name, raw]
        except KeyError:
            code = cache[field_name, raw] = self._category(field_name, raw)
            return code

    def _category(self, field_name: str, raw: str) -> str | None:
        """The code for a category value; None when neither mapping nor engine knows it."""
        key = normalise(raw)
        chosen = self.values.get(field_name, {}).get(key)
        if chosen is not None:
            return chosen
        return CATEGORY_SYNONYMS[field_name].get(key)


def suggest_score(header: str, areas: dict[str, str]) -> str | None:
    """A progress score column ("Life Control (first)"), given the programme's life areas
    (``list_key`` of name or key → domain key)."""
    found = score_header(header)
    if found is None:
        return None
    area, moment = found
    domain_key = areas.get(list_key(area))
    return score_field(domain_key, moment) if domain_key else None


def suggest_from_header(header: str, areas: dict[str, str] | None = None) -> str | None:
    key = normalise(header)
    if not key:
        return None
    if key in HEADER_INDEX:
        return HEADER_INDEX[key]
    if areas and (score := suggest_score(header, areas)):
        return score
    for pattern, name in HEADER_HINTS:
        if pattern.search(key):
            return name
    return None


def suggest_from_samples(samples: Sequence[Cell], neighbourhood_keys: set[str]) -> str | None:
    """A field guessed from what a column holds, when its header says nothing we know."""
    from lac.imports.values import neighbourhood_key

    texts = [as_text(v) for v in samples if as_text(v)]
    if len(texts) < 2:
        return None

    def share(test: Any) -> float:
        return sum(1 for t in texts if test(t)) / len(texts)

    if neighbourhood_keys and share(lambda t: neighbourhood_key(t) in neighbourhood_keys) >= 0.8:
        return "neighbourhood"
    if share(_is_postcode) >= 0.8:
        return "postcode"
    for name in ("level", "source", "closure_reason"):
        if share(lambda t, n=name: normalise(t) in CATEGORY_SYNONYMS[n]) >= 0.8:
            return name
    return None


def _is_postcode(text: str) -> bool:
    try:
        parse_postcode(text)
    except Problem:
        return False
    return True


def looks_like_dates(samples: Sequence[Cell]) -> bool:
    values = [v for v in samples if as_text(v)]
    if len(values) < 2:
        return False
    parsed = 0
    for value in values:
        try:
            parse_date(value)
            parsed += 1
        except Problem:
            pass
    return parsed / len(values) >= 0.8


def suggest(
    headers: Sequence[str],
    samples: Sequence[Sequence[Cell]],
    *,
    mapping: Mapping | None = None,
    neighbourhood_keys: set[str] | None = None,
    areas: dict[str, str] | None = None,
) -> list[str | None]:
    """One field name (or None) per column; each field is given to one column at most."""
    mapping = mapping or Mapping()
    chosen: list[str | None] = []
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = normalise(header)
        column_samples = [row[index] for row in samples if index < len(row)]
        if key in mapping.columns:
            name: str | None = mapping.columns[key]
        else:
            name = suggest_from_header(header, areas)
            if name is None and key:
                name = suggest_from_samples(column_samples, neighbourhood_keys or set())
            if name is None and key == "date" and looks_like_dates(column_samples):
                name = "introduction_date"
        if name is not None and name != IGNORE and name in taken:
            name = None
        if name is not None and name != IGNORE:
            taken.add(name)
        chosen.append(name)
    return chosen
