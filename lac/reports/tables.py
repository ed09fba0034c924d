"""Tables of figures: what the dashboard shows, what the exports hold, and their suppression.

A :class:`Table` holds plain numbers. :func:`protect` returns a copy safe to
show outside the personal-data boundary: counts of people or records from 1
to 4 become "<5", and enough other cells are hidden ("[c]") that no total
gives them away. Money, hours and averages are hidden with the count they
come from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from django.utils.translation import gettext, gettext_lazy
from django_stubs_ext import StrOrPromise

from lac.lib.cells import safe_row
from lac.lib.disclosure import (
    Cell,
    label,
    suppress_column,
    suppress_grid,
    suppress_nested,
    suppress_value,
)

NOT_RECORDED = gettext_lazy("Not recorded")

Kind = Literal["count", "money", "hours", "number", "percent"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = "count"
    additive: bool = True
    """Whether the column's cells add up to a meaningful total (distinct people do not)."""
    depends_on: int | None = None
    """For money, hours or averages: the count column whose suppression hides this cell too."""
    row_total: bool = False
    """A crosstab's column of row totals (added by the table itself), whatever its name in
    the page's language."""


@dataclass
class Table:
    key: str
    title: str
    row_header: StrOrPromise
    columns: list[Column]
    rows: list[tuple[StrOrPromise, list[Cell]]]
    totals: bool = True
    """Show a totals row (additive columns only)."""
    crosstab: bool = False
    """The count columns split one total (like months × sources): add a row-total column."""
    note: str = ""
    suppressible: bool = True
    bar: int = 0
    """The column drawn as a bar."""
    total_row: list[Cell] = field(default_factory=list)
    suppressed: bool = False
    nested_in: str = ""
    """The key of a table of the same people by headings that this table details (ethnic
    groups under the census's five): the two are suppressed together (:func:`protect_all`)."""
    heading_rows: list[int] = field(default_factory=list)
    """For a nested table: each row's row in the table of headings."""

    def __post_init__(self) -> None:
        if self.crosstab and not any(c.row_total for c in self.columns):
            count_columns = [i for i, c in enumerate(self.columns) if c.kind == "count"]
            self.columns = [*self.columns, Column(gettext("Total"), row_total=True)]
            self.rows = [
                (name, [*values, sum(float(values[i]) for i in count_columns)])
                for name, values in self.rows
            ]
            self.bar = len(self.columns) - 1
        if self.totals and not self.total_row:
            self.total_row = [
                sum(float(v[i]) for _, v in self.rows) if c.additive and c.kind != "percent" else ""
                for i, c in enumerate(self.columns)
            ]

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def bars(self) -> list[tuple[StrOrPromise, list[Cell], float | None]]:
        """Each row with the width of its bar as a percentage of the largest (None: hidden)."""
        numbers = [v[self.bar] for _, v in self.rows if isinstance(v[self.bar], int | float)]
        top = max((float(n) for n in numbers), default=0) or 1
        return [
            (
                name,
                values,
                float(values[self.bar]) / top * 100
                if not isinstance(values[self.bar], str)
                else None,
            )
            for name, values in self.rows
        ]


def protect(table: Table) -> Table:
    """The table as evaluators, network viewers and their exports see it."""
    if not table.suppressible or not table.rows:
        return table
    counts = [i for i, c in enumerate(table.columns) if c.kind == "count" and c.depends_on is None]
    rows = [list(values) for _, values in table.rows]
    total_row = list(table.total_row)
    if table.crosstab:
        parts = [i for i in counts if not table.columns[i].row_total]
        grid = suppress_grid([[float(r[i]) for i in parts] for r in rows])
        total_index = len(table.columns) - 1
        for r, cells, row_total in zip(rows, grid.cells, grid.row_totals, strict=True):
            for i, cell in zip(parts, cells, strict=True):
                r[i] = cell
            r[total_index] = row_total
        if total_row:
            for i, cell in zip(parts, grid.column_totals, strict=True):
                total_row[i] = cell
            total_row[total_index] = grid.total
    else:
        for i in counts:
            values = [float(r[i]) for r in rows]
            if table.totals and table.columns[i].additive:
                cells, total = suppress_column(values)
                total_row[i] = total
            else:
                cells = [suppress_value(v) for v in values]
            for r, cell in zip(rows, cells, strict=True):
                r[i] = cell
    return _with_dependents(table, rows, total_row)


def _with_dependents(table: Table, rows: list[list[Cell]], total_row: list[Cell]) -> Table:
    """The protected copy: money, hours and averages hidden with the count they come from."""
    for i, column in enumerate(table.columns):
        if column.depends_on is not None:
            for r in rows:
                if isinstance(r[column.depends_on], str):
                    r[i] = r[column.depends_on]
            if total_row and isinstance(total_row[column.depends_on], str):
                total_row[i] = total_row[column.depends_on]
    return replace(
        table,
        rows=[(name, r) for (name, _), r in zip(table.rows, rows, strict=True)],
        total_row=total_row,
        suppressed=True,
    )


def protect_all(tables: Sequence[Table]) -> list[Table]:
    """Every table protected; a table nested in another one given is protected with it."""
    by_key = {t.key: t for t in tables}
    together: dict[str, Table] = {}
    for table in tables:
        headings = by_key.get(table.nested_in) if table.nested_in else None
        if headings is not None:
            together[table.key], together[headings.key] = protect_nested(table, headings)
    return [together.get(t.key) or protect(t) for t in tables]


def protect_nested(detail: Table, headings: Table) -> tuple[Table, Table]:
    """A table and the table of its headings, each count column suppressed over both."""
    detail_rows = [list(v) for _, v in detail.rows]
    heading_rows = [list(v) for _, v in headings.rows]
    detail_total, heading_total = list(detail.total_row), list(headings.total_row)
    for i, column in enumerate(detail.columns):
        if column.kind != "count" or column.depends_on is not None:
            continue
        groups: list[list[float]] = [[] for _ in heading_rows]
        places: list[tuple[int, int]] = []
        for row, h in zip(detail_rows, detail.heading_rows, strict=True):
            places.append((h, len(groups[h])))
            groups[h].append(float(row[i]))
        nested = suppress_nested(groups)
        for row, (h, k) in zip(detail_rows, places, strict=True):
            row[i] = nested.cells[h][k]
        for row, cell in zip(heading_rows, nested.headings, strict=True):
            row[i] = cell
        for totals in (detail_total, heading_total):
            if totals:
                totals[i] = nested.total
    return (
        _with_dependents(detail, detail_rows, detail_total),
        _with_dependents(headings, heading_rows, heading_total),
    )


def _plain(value: Cell, kind: Kind) -> Cell:
    if isinstance(value, str):
        return value
    if kind == "money":
        return round(float(value), 2)
    if float(value).is_integer():
        return int(value)
    return round(float(value), 2)


def table_rows(table: Table) -> list[list[Cell]]:
    """Header, rows and totals as plain cells, for CSV and XLSX."""
    header: list[Cell] = [str(table.row_header), *(c.name for c in table.columns)]
    body = [
        [str(name), *(_plain(v, c.kind) for v, c in zip(values, table.columns, strict=True))]
        for name, values in table.rows
    ]
    if table.totals and table.total_row:
        body.append(
            [
                gettext("Total"),
                *(
                    _plain(v, c.kind) if v != "" else ""
                    for v, c in zip(table.total_row, table.columns, strict=True)
                ),
            ]
        )
    return [header, *body]


def _key() -> str:
    return gettext(
        "%(shown)s: fewer than %(threshold)s; [c]: hidden so a small number cannot be worked out"
    ) % {"shown": label(), "threshold": label()[1:]}


About = Sequence[tuple[str, str]]
"""What the figures cover, (label, value) rows: programme, period, area, prices."""


def to_csv(table: Table, about: About = ()) -> bytes:
    """The table's title, then what it covers, then the table itself."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row([table.title]))
    writer.writerows(safe_row(list(row)) for row in about)
    if about:
        writer.writerow([])
    writer.writerows(map(safe_row, table_rows(table)))
    if table.suppressed:
        writer.writerow([_key()])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: Table, about: About = ()) -> bytes:
    """One table in a workbook of one sheet."""
    return to_workbook([table], about)


def to_workbook(tables: Sequence[Table], about: About = ()) -> bytes:
    """Every table on its own sheet, named by its key; each sheet starts with what it covers."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        _sheet(book.create_sheet(table.key[:31]), table, about)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(sheet: Any, table: Table, about: About) -> None:
    from openpyxl.styles import Font

    sheet.append(safe_row([table.title]))
    sheet["A1"].font = Font(bold=True, size=13)
    for label_and_value in about:
        sheet.append(safe_row(list(label_and_value)))
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    if about:
        sheet.append([])
    for i, row in enumerate(table_rows(table)):
        sheet.append(safe_row(row))
        if i == 0:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    if table.suppressed:
        sheet.append([])
        sheet.append([_key()])
    sheet.column_dimensions["A"].width = 40
