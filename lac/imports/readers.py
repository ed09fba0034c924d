"""Read spreadsheets row by row: xlsx, xlsm, xls and ods through calamine, csv by hand.

The file's contents decide how it is read, not its name, so a CSV saved as
``.xlsx`` still reads and a PDF renamed ``.xlsx`` fails with a plain message.
Rows are yielded one at a time with their spreadsheet row number (1-based,
as Excel shows it); nothing here holds a whole sheet as Python objects.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import python_calamine
from django.utils.translation import gettext as _

from lac.imports import limits
from lac.imports.limits import Limits, TooLarge
from lac.imports.limits import column_letter as column_letter  # where it was before

Cell = str | int | float | bool | date | datetime | time | timedelta | None
CSV_DELIMITERS = ",;\t|"


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet; the message says why, in one line."""


@dataclass
class Sheet:
    name: str
    _rows: Any
    first_column: int = 0
    """0-based index of the sheet's first column (calamine drops empty leading columns)."""
    _size: Any = None
    where: str = ""
    """How messages name the sheet: the file, and the sheet when a workbook has several."""

    def rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """(row number as Excel shows it, cell values) for every row, empty ones included.

        Refused (:class:`UnreadableFile`) before the first row when the sheet is
        longer than the limit, and at the first row with too many columns or
        too long a cell.
        """
        bounds = Limits.from_settings()
        try:
            limits.check_row_count(self.size(), self.where or self.name, bounds)
            yield from limits.bounded(self._rows(), self.where or self.name, bounds)
        except TooLarge as exc:
            raise UnreadableFile(str(exc)) from None

    def size(self) -> int:
        """How many rows :meth:`rows` will give (at most), for a progress bar's total."""
        return self._size() if self._size is not None else 0


@dataclass
class Workbook:
    name: str
    kind: str
    sheets: list[Sheet]


def sniff_kind(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if head.startswith(b"PK"):
        return "zip"
    for magic, what in (
        (b"%PDF", _("a PDF document")),
        (b"\x89PNG", _("a PNG image")),
        (b"\xff\xd8\xff", _("a JPEG image")),
        (b"GIF8", _("a GIF image")),
        (b"{\\rtf", _("a Rich Text document")),
    ):
        if head.startswith(magic):
            return what
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return _("a web page")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return "csv"
    if b"\x00" in head:
        return "binary"
    return "csv"


def open_workbook(path: Path | str, display_name: str | None = None) -> Workbook:
    """Open a spreadsheet by its contents; raise :class:`UnreadableFile` with a one-line reason."""
    path = Path(path)
    name = display_name or path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise UnreadableFile(
            _("%(name)s: cannot open the file (%(why)s)") % {"name": name, "why": exc.strerror}
        ) from exc
    if not head:
        raise UnreadableFile(_("%(name)s: the file is empty") % {"name": name})
    kind = sniff_kind(head)
    if kind == "csv":
        return Workbook(name, "csv", [csv_sheet(path, name)])
    if kind == "zip":
        return calamine_workbook(path, name, zipped=True)
    if kind == "xls":
        return calamine_workbook(path, name, zipped=False)
    if kind == "binary":
        raise UnreadableFile(not_a_spreadsheet(name))
    raise UnreadableFile(
        _("%(name)s: not a spreadsheet (it looks like %(kind)s)") % {"name": name, "kind": kind}
    )


def not_a_spreadsheet(name: str) -> str:
    return _("%(name)s: not a spreadsheet (the file is not xlsx, xls, ods or csv)") % {"name": name}


def calamine_workbook(path: Path, name: str, *, zipped: bool) -> Workbook:
    kind = "xls"
    if zipped:
        try:
            with zipfile.ZipFile(path) as archive:
                members = set(archive.namelist())
                limits.check_zip(archive, name, Limits.from_settings())
                bad = archive.testzip()  # unpacks each part, held to its declared size
                if bad is None:
                    limits.check_sheet_extents(archive, name, Limits.from_settings())
        except TooLarge as exc:
            raise UnreadableFile(str(exc)) from None
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise UnreadableFile(
                _("%(name)s: the file is damaged or incomplete (was it fully copied?)")
                % {"name": name}
            ) from exc
        if bad is not None:
            raise UnreadableFile(
                _("%(name)s: the file is damaged (part %(part)s cannot be read)")
                % {"name": name, "part": bad}
            )
        if not ({"xl/workbook.xml", "content.xml"} & members or "xl/workbook.bin" in members):
            raise UnreadableFile(
                _("%(name)s: not a spreadsheet (a zip file without a workbook inside)")
                % {"name": name}
            )
        kind = "ods" if "content.xml" in members else "xlsx"
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        metadata = list(book.sheets_metadata)
    except Exception as exc:  # calamine raises several error types for damaged files
        raise UnreadableFile(
            _("%(name)s: the spreadsheet cannot be read (%(why)s)")
            % {"name": name, "why": first_line(exc)}
        ) from exc
    sheets = []
    for meta in metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        sheets.append(calamine_sheet(book, meta.name, name))
    return Workbook(name, kind, sheets)


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else exc.__class__.__name__


def calamine_sheet(book: Any, sheet_name: str, file_name: str) -> Sheet:
    """A sheet whose rows are read lazily; vertically merged cells are filled down."""
    where = _("%(file)s: sheet “%(sheet)s”") % {"file": file_name, "sheet": sheet_name}
    sheet = Sheet(sheet_name, None, where=where)
    loaded: list[Any] = []  # the sheet read for size(), kept for rows() so it is read once

    def load() -> Any:
        if not loaded:
            try:
                loaded.append(book.get_sheet_by_name(sheet_name))
            except Exception as exc:
                raise UnreadableFile(
                    _("%(where)s cannot be read (%(why)s)")
                    % {"where": where, "why": first_line(exc)}
                ) from exc
        return loaded[0]

    def size() -> int:
        data = load()
        return (data.start[0] if data.start else 0) + data.height

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        data = load()
        loaded.clear()  # the rows below hold the only reference: freed when they are done
        start = data.start
        first_col = start[1] if start else 0
        sheet.first_column = first_col
        fills = merged_fills(data, first_col)
        active: dict[int, tuple[int, Cell]] = {}  # column → (last row, value to fill down)
        for index, raw in enumerate(data.iter_rows()):
            row: list[Cell] = list(raw)
            for column, last_row in fills.pop(index, ()):
                if 0 <= column < len(row):
                    active[column] = (last_row, row[column])
            for column, (last_row, value) in list(active.items()):
                if index > last_row:
                    del active[column]
                elif row[column] in ("", None):
                    row[column] = value
            yield index + 1, row

    sheet._rows, sheet._size = rows, size
    return sheet


def merged_fills(data: Any, first_col: int) -> dict[int, list[tuple[int, int]]]:
    """Merged ranges spanning several rows: first row → [(column in row list, last row)]."""
    try:
        ranges = data.merged_cell_ranges or []
    except Exception:  # not supported for this format
        return {}
    fills: dict[int, list[tuple[int, int]]] = {}
    for (row0, col0), (row1, _col1) in ranges:
        if row1 > row0:
            fills.setdefault(row0, []).append((col0 - first_col, row1))
    return fills


# --- CSV ----------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when every byte decodes as UTF-8, else Windows-1252."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def detect_delimiter(sample: str) -> str:
    """The delimiter used most consistently in the first lines (quotes respected)."""
    lines = [line for line in sample.splitlines() if line.strip()][:20]
    if not lines:
        return ","
    best, best_score = ",", 0.0
    for delimiter in CSV_DELIMITERS:
        counts = [len(row) - 1 for row in csv.reader(lines, delimiter=delimiter)]
        if not counts or counts[0] == 0:
            continue
        consistent = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = counts[0] * consistent
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_sheet(path: Path, name: str) -> Sheet:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(64 * 1024)
    if "\x00" in sample:
        raise UnreadableFile(not_a_spreadsheet(name))
    delimiter = detect_delimiter(sample)

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        with path.open(encoding=encoding, errors="replace", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            try:
                for number, row in enumerate(reader, start=1):
                    yield number, list(row)
            except csv.Error as exc:
                raise UnreadableFile(
                    _("%(name)s: the CSV file cannot be read (%(why)s)")
                    % {"name": name, "why": exc}
                ) from exc

    def size() -> int:
        """Lines, counted in bytes without decoding: at least the number of records."""
        lines, last = 0, b"\n"
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
        return lines + (last != b"\n")

    sheet_name = Path(name).stem or "CSV"
    return Sheet(sheet_name, rows, _size=size, where=name)


def as_text(value: Cell) -> str:
    """A cell as a person would read it in the spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()
