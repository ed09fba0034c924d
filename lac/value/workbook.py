"""The impact map as a Social Value UK-style value map workbook (.xlsx).

Four sheets, each a table with headers in row 1:
- "Settings": Setting | Value rows for name, currency, discount rate and
  (optionally) price year.
- "Stakeholders": Id | Name.
- "Inputs": Stakeholder | Description | Value | Year.
- "Impact map": one row per outcome with the Guide's columns (stakeholder,
  outcome, indicator, quantity, duration, proxy description, proxy value,
  source, deadweight, displacement, attribution, drop-off), then Start year,
  Include and optional range columns such as "Proxy low" and "Proxy high"
  (and "Proxy mode" for a triangular draw), and "Proxy price year".
- "Deflators" (optional): Year | Index, the map's own deflator series.

Rows become the same plain data as a YAML file and pass the same checks, so a
problem is reported with its sheet, row and column.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path as FilePath
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lac.lib.cells import safe_row, unquoted_cell
from lac.value import messages as m
from lac.value.deflators import DeflatorTable
from lac.value.errors import ImpactMapError, Path, Place, Problem, describe_path
from lac.value.model import FRACTION_FIELDS, NUMERIC_FIELDS, ImpactMap, NumericField
from lac.value.serialise import impact_map_to_dict
from lac.value.validate import impact_map_from_dict

SETTINGS, STAKEHOLDERS, INPUTS, OUTCOMES = "Settings", "Stakeholders", "Inputs", "Impact map"
DEFLATORS = "Deflators"

_FIELD_LABELS: dict[NumericField, str] = {
    "quantity": "Quantity",
    "proxy": "Proxy",
    "duration": "Duration",
    "start_year": "Start year",
    "deadweight": "Deadweight",
    "displacement": "Displacement",
    "attribution": "Attribution",
    "drop_off": "Drop-off",
}
_OUTCOME_COLUMNS: tuple[tuple[str, Path], ...] = (
    ("Outcome id", ("id",)),
    ("Stakeholder", ("stakeholder",)),
    ("Outcome", ("description",)),
    ("Indicator", ("indicator",)),
    ("Quantity", ("quantity",)),
    ("Duration", ("duration",)),
    ("Proxy description", ("proxy", "description")),
    ("Proxy value", ("proxy", "value")),
    ("Source", ("proxy", "source")),
    ("Deadweight", ("deadweight",)),
    ("Displacement", ("displacement",)),
    ("Attribution", ("attribution",)),
    ("Drop-off", ("drop_off",)),
    ("Start year", ("start_year",)),
    ("Include", ("include",)),
    ("Proxy price year", ("proxy", "price_year")),
)
_RANGE_COLUMNS: tuple[tuple[str, Path], ...] = tuple(
    (f"{_FIELD_LABELS[name]} {bound}", ("ranges", name, bound))
    for name in NUMERIC_FIELDS
    for bound in ("low", "high", "mode")
)
_TABLES: dict[str, tuple[tuple[str, Path], ...]] = {
    STAKEHOLDERS: (("Id", ("id",)), ("Name", ("name",))),
    INPUTS: (
        ("Stakeholder", ("stakeholder",)),
        ("Description", ("description",)),
        ("Value", ("value",)),
        ("Year", ("year",)),
        ("Price year", ("price_year",)),
    ),
    OUTCOMES: _OUTCOME_COLUMNS + _RANGE_COLUMNS,
}
_LIST_KEYS = {STAKEHOLDERS: "stakeholders", INPUTS: "inputs", OUTCOMES: "outcomes"}
_SETTINGS = (
    ("Name", "name"),
    ("Currency", "currency"),
    ("Discount rate", "discount_rate"),
    ("Price year", "price_year"),
)
#: Columns written only where some row has a value: ranges and price years.
_OPTIONAL = {"ranges", "price_year"}
_REQUIRED_HEADERS = {
    STAKEHOLDERS: ("Id",),
    INPUTS: ("Value",),
    OUTCOMES: ("Outcome id", "Stakeholder", "Quantity", "Duration", "Proxy value"),
}


def _normal(header: object) -> str:
    """Headers match ignoring case, spaces, hyphens and underscores."""
    return re.sub(r"[^a-z0-9]", "", str(header).lower())


def _cell(value: object) -> object:
    value = unquoted_cell(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def _flag(value: object) -> object:
    """People type yes/no or true/false into an Include column as often as a boolean."""
    words = {"true": True, "yes": True, "false": False, "no": False}
    return words.get(value.lower(), value) if isinstance(value, str) else value


class _Locations:
    """Where each field of the plain data came from, for error messages."""

    def __init__(self) -> None:
        self.places: dict[Path, Place] = {}

    def __call__(self, path: Path) -> Place | None:
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.places:
                return replace(self.places[path[:cut]], detail=describe_path(path[cut:]))
        return None


def read_workbook(path: FilePath, deflators: DeflatorTable | None = None) -> ImpactMap:
    """Load and check a value-map workbook; problems name sheet, row and column."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImpactMapError.single_of((), m.CANNOT_READ_WORKBOOK, file=path, reason=exc) from exc
    try:
        rows = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    finally:
        book.close()
    where = _Locations()
    data, problems = _plain_data(rows, where)
    if problems:
        raise ImpactMapError(problems)
    try:
        return impact_map_from_dict(data, deflators)
    except ImpactMapError as error:
        raise error.relocated(where) from None


def _plain_data(
    rows: dict[str, list[tuple[Any, ...]]], where: _Locations
) -> tuple[dict[str, Any], list[Problem]]:
    expected = (SETTINGS, STAKEHOLDERS, INPUTS, OUTCOMES)
    problems = [
        Problem.at(_sheet(title), m.UNKNOWN_SHEET, expected=", ".join(expected))
        for title in rows
        if title not in (*expected, DEFLATORS)
    ]
    problems += [Problem.at(_sheet(t), m.SHEET_MISSING) for t in expected if t not in rows]
    if problems:
        return {}, problems
    data: dict[str, Any] = {}
    problems += _read_settings(rows[SETTINGS], data, where)
    for title, key in _LIST_KEYS.items():
        where.places[(key,)] = _sheet(title)
        items, found = _read_table(title, rows[title], key, where)
        data[key] = items
        problems += found
    if DEFLATORS in rows:
        data["deflators"] = _read_deflators(rows[DEFLATORS], where)
    return data, problems


def _read_deflators(rows: list[tuple[Any, ...]], where: _Locations) -> dict[Any, Any]:
    """The optional "Deflators" sheet: Year | Index rows, as the map's own series."""
    index: dict[Any, Any] = {}
    for number, row in _numbered(rows[1:], first=2):
        year, value = (list(row) + [None, None])[:2]
        index[_cell(year)] = _cell(value)
        where.places[("deflators", str(_cell(year)))] = _row(DEFLATORS, number)
    return index


def _read_settings(
    rows: list[tuple[Any, ...]], data: dict[str, Any], where: _Locations
) -> list[Problem]:
    keys = {_normal(label): key for label, key in _SETTINGS}
    problems = []
    for number, row in _numbered(rows[1:], first=2):
        label, value = (list(row) + [None, None])[:2]
        if _normal(label) not in keys:
            allowed = ", ".join(label for label, _ in _SETTINGS)
            problems.append(
                Problem.at(
                    _row(SETTINGS, number), m.UNKNOWN_SETTING, label=repr(label), allowed=allowed
                )
            )
            continue
        key = keys[_normal(label)]
        data[key] = _cell(value)
        where.places[(key,)] = _cell_place(SETTINGS, number, 2, label)
    return problems


def _sheet(title: str) -> Place:
    return Place.of(m.IN_SHEET, sheet=repr(title))


def _row(title: str, number: int) -> Place:
    return Place.of(m.AT_SHEET_ROW, sheet=repr(title), row=number)


def _cell_place(title: str, number: int, column: int, header: object) -> Place:
    """A cell named by sheet, row, column letter and the column's header, as the sheet has it."""
    column_letter = get_column_letter(column)
    return Place.of(
        m.AT_SHEET_CELL, sheet=repr(title), row=number, column=column_letter, header=header
    )


def _numbered(rows: list[tuple[Any, ...]], first: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Rows with their sheet row numbers, skipping rows with no values at all."""
    for offset, row in enumerate(rows):
        if any(_cell(value) is not None for value in row):
            yield first + offset, row


def _read_table(
    title: str, rows: list[tuple[Any, ...]], key: str, where: _Locations
) -> tuple[list[dict[str, Any]], list[Problem]]:
    known = {_normal(header): (header, path) for header, path in _TABLES[title]}
    header_row = [_cell(h) for h in rows[0]] if rows else []
    columns: dict[int, tuple[str, Path]] = {}
    problems = []
    for index, header in enumerate(header_row):
        if header is None:
            continue
        if _normal(header) not in known:
            place = Place.of(
                m.AT_SHEET_ROW_COLUMN, sheet=repr(title), row=1, column=get_column_letter(index + 1)
            )
            problems.append(Problem.at(place, m.UNKNOWN_COLUMN, header=repr(header)))
        else:
            columns[index] = known[_normal(header)]
    present = {name for name, _ in columns.values()}
    for header in _REQUIRED_HEADERS[title]:
        if header not in present:
            problems.append(
                Problem.at(_sheet(title), m.REQUIRED_COLUMN_MISSING, header=repr(header))
            )
    if problems:
        return [], problems
    items: list[dict[str, Any]] = []
    for number, row in _numbered(rows[1:], first=2):
        item_path: Path = (key, len(items))
        where.places[item_path] = _row(title, number)
        item: dict[str, Any] = {}
        for index, (header, path) in columns.items():
            where.places[item_path + path] = _cell_place(title, number, index + 1, header)
            value = _cell(row[index]) if index < len(row) else None
            if value is not None:
                _put(item, path, _flag(value) if path == ("include",) else value)
        items.append(item)
    return items, []


def _put(item: dict[str, Any], path: Path, value: object) -> None:
    for part in path[:-1]:
        item = item.setdefault(str(part), {})
    item[str(path[-1])] = value


def _get(item: dict[str, Any], path: Path) -> object:
    value: Any = item
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def write_workbook(impact_map: ImpactMap, path: FilePath) -> None:
    """Save the map as a value-map workbook that read_workbook reads back equal."""
    data = impact_map_to_dict(impact_map)
    book = Workbook()
    settings = book.active
    settings.title = SETTINGS
    settings.append(["Setting", "Value"])
    for label, key in _SETTINGS:
        if key in data:
            settings.append(safe_row([label, data[key]]))
    settings["B4"].number_format = "0.0%"
    for title, key in _LIST_KEYS.items():
        columns = _columns_used(title, data[key])
        sheet = book.create_sheet(title)
        sheet.append([header for header, _ in columns])
        for item in data[key]:
            sheet.append(safe_row(_get(item, p) for _, p in columns))
        _style(sheet, columns)
    if "deflators" in data:
        sheet = book.create_sheet(DEFLATORS)
        sheet.append(["Year", "Index"])
        for year, value in data["deflators"].items():
            sheet.append([year, value])
    book.save(path)


def _columns_used(title: str, items: list[dict[str, Any]]) -> tuple[tuple[str, Path], ...]:
    """Every base column, but ranges and price years only where some row has one."""
    return tuple(
        (header, path)
        for header, path in _TABLES[title]
        if not _OPTIONAL & set(path) or any(_get(item, path) is not None for item in items)
    )


def _style(sheet: Any, columns: tuple[tuple[str, Path], ...]) -> None:
    for index, (header, path) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(header) + 2)
        sheet[f"{letter}1"].font = Font(bold=True)
        field = path[1] if path[0] == "ranges" else path[0]
        number_format = "0.0%" if field in FRACTION_FIELDS else None
        if path in (("proxy", "value"), ("value",)) or field == "proxy":
            number_format = "#,##0.00"
        if number_format:
            for row in range(2, sheet.max_row + 1):
                sheet[f"{letter}{row}"].number_format = number_format
    sheet.freeze_panes = "A2"
