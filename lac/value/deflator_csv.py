"""Reading HM Treasury's "GDP deflators at market prices, and money GDP" CSV as published.

The file has a title, notes on where the outturn and forecasts come from,
two rows of headings, then one row per year with financial years on the left
and calendar years on the right. The financial-year index column is the one
headed like "2024-25 = 100"; the year column is the nearest "Financial year"
to its left. Forecast years carry a footnote marker after the year
("2025-26 (1)"). Only the financial-year index is read; money GDP and the
calendar-year columns are left alone.

Every problem is reported with its row and column, and the whole file is
refused if any row is wrong, so a council never loads half a series.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from openpyxl.utils import get_column_letter

from lac.value import messages as m
from lac.value.deflators import DeflatorTable
from lac.value.errors import Place, Problem, RateCardError
from lac.value.safeyaml import too_large

_REFERENCE = re.compile(r"^\s*(\d{4}-\d{2})\s*=\s*100\s*$")
_YEAR = re.compile(r"^\s*(\d{4})-(\d{2})\s*(.*)$")
_NOTE = re.compile(r"^\s*(outturn|forecast)", re.IGNORECASE)
TITLE = "GDP deflators at market prices, and money GDP"


def read_hmt_csv(path: Path, *, release: str, published: str = "") -> DeflatorTable:
    """The financial-year series of an HM Treasury GDP deflator CSV, checked row by row."""
    try:
        problem = too_large(path.stat().st_size)
        if problem:
            raise RateCardError([problem])
        raw = path.read_bytes()
    except OSError as exc:
        raise RateCardError.single_of((), m.CANNOT_READ, file=path, reason=exc) from exc
    return parse_hmt_csv(_decode(raw), release=release, published=published)


def _decode(raw: bytes) -> str:
    """HM Treasury's files have come as UTF-8 and as Windows-1252 (for the £ sign)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_hmt_csv(text: str, *, release: str, published: str = "") -> DeflatorTable:
    rows = list(csv.reader(io.StringIO(text)))
    if not release.strip():
        raise RateCardError.single_of((), m.NO_RELEASE)
    header = _find_header(rows)
    if header is None:
        raise RateCardError.single_of((), m.NO_REFERENCE_COLUMN, title=TITLE)
    row_number, index_col, year_col, reference = header
    index, forecast_from, problems = _read_years(rows, row_number, year_col, index_col)
    if not index:
        problems.append(Problem.of((), m.NO_YEARS))
    elif reference not in index:
        problems.append(Problem.of((), m.NO_REFERENCE_ROW, year=reference))
    elif abs(index[reference] - 100) > 0.05:
        problems.append(
            Problem.of((), m.REFERENCE_NOT_100, year=reference, got=f"{index[reference]:g}")
        )
    if problems:
        raise RateCardError(problems)
    notes = [row[0].strip() for row in rows[:row_number] if row and _NOTE.match(row[0] or "")]
    return DeflatorTable(
        name="HM Treasury GDP deflators at market prices (financial years)",
        source=" ".join([f"HM Treasury, {TITLE}.", *notes])[:1000],
        release=release.strip(),
        reference_year=reference,
        index=index,
        published=published,
        forecast_from=forecast_from,
    )


def _find_header(rows: list[list[str]]) -> tuple[int, int, int, str] | None:
    """(row number, index column, year column, reference year) of the first "YYYY-YY = 100" cell."""
    for number, row in enumerate(rows, start=1):
        for col, cell in enumerate(row):
            match = _REFERENCE.match(cell or "")
            if match:
                left = [c for c in range(col) if (row[c] or "").strip().lower() == "financial year"]
                return number, col, left[-1] if left else max(col - 1, 0), match[1]
    return None


def _read_years(
    rows: list[list[str]], header_row: int, year_col: int, index_col: int
) -> tuple[dict[str, float], str, list[Problem]]:
    index: dict[str, float] = {}
    forecast_from = ""
    problems: list[Problem] = []
    for number, row in enumerate(rows[header_row:], start=header_row + 1):
        cell = row[year_col] if year_col < len(row) else ""
        match = _YEAR.match(cell or "")
        if match is None:
            if index:
                break  # the footnotes below the table
            continue
        row_place = Place.of(m.AT_ROW, row=number)
        start, end, marker = int(match[1]), int(match[2]), match[3].strip()
        year = f"{match[1]}-{match[2]}"
        if (start + 1) % 100 != end:
            problems.append(Problem.at(row_place, m.NOT_A_FINANCIAL_YEAR, year=repr(year)))
            continue
        if year in index:
            problems.append(Problem.at(row_place, m.YEAR_TWICE, year=year))
            continue
        if index and year <= max(index):
            problems.append(Problem.at(row_place, m.YEAR_OUT_OF_ORDER, year=year))
            continue
        value = _number(row[index_col] if index_col < len(row) else "")
        if value is None or not value > 0:
            shown = (row[index_col] if index_col < len(row) else "")[:30]
            place = Place.of(m.AT_ROW_COLUMN, row=number, column=get_column_letter(index_col + 1))
            problems.append(Problem.at(place, m.INDEX_NOT_ABOVE_ZERO, year=year, got=repr(shown)))
            continue
        index[year] = value
        if marker and not forecast_from:
            forecast_from = year
    return index, forecast_from, problems


def _number(text: str) -> float | None:
    try:
        value = float((text or "").replace(",", "").strip())
    except ValueError:
        return None
    return value if value == value and value != float("inf") else None
