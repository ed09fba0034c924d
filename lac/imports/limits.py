"""How big a spreadsheet lac will read, checked before and while it is read.

A small file can ask for a great deal: a 1.5 KB xlsx whose cells claim to
reach column XFD row 1,048,576 makes the reader allocate the whole grid, a
0.5 MB zip unpacks to hundreds of megabytes, a CSV line can hold 100,000
columns. So the upload's size, the zip's unpacked size (from its directory,
which the zip check then holds it to), each sheet's extent (from the sheet's
own XML, streamed), and every row's columns and cells are measured against
the settings below before the reader is asked to load anything, and each
refusal names the limit.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MB = 1024 * 1024
_REFERENCE = re.compile(
    rb"<(?:\w+:)?(c|row|dimension)\b[^>]*?\s(?:r|ref)=\"([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?\""
)


class TooLarge(Exception):
    """The file is beyond one of the limits; the message names it and says what to do."""


@dataclass(frozen=True)
class Limits:
    upload_bytes: int
    unzipped_bytes: int
    rows: int
    columns: int
    cell_chars: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            upload_bytes=settings.LAC_IMPORT_MAX_UPLOAD_MB * MB,
            unzipped_bytes=settings.LAC_IMPORT_MAX_UNZIPPED_MB * MB,
            rows=settings.LAC_IMPORT_MAX_ROWS,
            columns=settings.LAC_IMPORT_MAX_COLUMNS,
            cell_chars=settings.LAC_IMPORT_MAX_CELL_CHARACTERS,
        )


def column_letter(index: int) -> str:
    """0-based column index to Excel letters: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_number(letters: bytes | str) -> int:
    """Excel letters to a 1-based column number: A → 1, XFD → 16384."""
    number = 0
    for letter in letters if isinstance(letters, str) else letters.decode():
        number = number * 26 + ord(letter) - 64
    return number


def check_upload(size: int, limits: Limits) -> None:
    if size > limits.upload_bytes:
        raise TooLarge(
            _(
                "The spreadsheet is %(size)s MB; it must be at most %(limit)s MB. "
                "Split it into smaller files."
            )
            % {"size": f"{size / MB:.1f}", "limit": limits.upload_bytes // MB}
        )


def check_zip(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """The unpacked size the zip declares, before anything is unpacked."""
    unzipped = sum(member.file_size for member in archive.infolist())
    if unzipped > limits.unzipped_bytes:
        raise TooLarge(
            _(
                "%(name)s: the spreadsheet unpacks to %(size)s MB; lac reads at most "
                "%(limit)s MB. Save it again from Excel, or split it."
            )
            % {"name": name, "size": f"{unzipped / MB:,.0f}", "limit": limits.unzipped_bytes // MB}
        )


def check_sheet_extents(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Every worksheet's furthest row and column, read by streaming its XML.

    The reader allocates a grid from the first to the furthest cell, and takes
    a sheet's declared ``<dimension>`` at its word, so both are checked.
    """
    for member in archive.infolist():
        if member.filename.startswith("xl/") and member.filename.endswith(".xml"):
            rows, columns = _furthest(archive, member)
            _check_extent(rows, columns, f"{name}: {_sheet_label(member.filename)}", limits)


def _sheet_label(member: str) -> str:
    stem = member.rsplit("/", 1)[-1].removesuffix(".xml")
    if stem.startswith("sheet"):
        return _("sheet %(number)s") % {"number": stem.removeprefix("sheet")}
    return stem


def _furthest(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[int, int]:
    """A sheet's furthest row and column. A sheet has a reference for every cell, so the
    furthest are kept as the references write them and converted once, at the end: of two
    column letters (A-Z) or row numbers (leading zeros dropped), the longer is the further,
    and of two as long, the greater."""
    rows_seen = 0
    furthest_letters = furthest_number = b""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            for match in _REFERENCE.finditer(text):
                element, letters, number, end_letters, end_number = match.groups()
                if element == b"row":
                    rows_seen += 1
                letters, number = end_letters or letters, (end_number or number).lstrip(b"0")
                if (len(letters), letters) > (len(furthest_letters), furthest_letters):
                    furthest_letters = letters
                if (len(number), number) > (len(furthest_number), furthest_number):
                    furthest_number = number
            tail = text[-256:]  # a reference cut in two by the chunk boundary
    rows = int(furthest_number) if furthest_number else 0
    columns = column_number(furthest_letters) if furthest_letters else 0
    return max(rows, rows_seen), columns


def _check_extent(rows: int, columns: int, where: str, limits: Limits) -> None:
    if rows > limits.rows:
        raise TooLarge(
            ngettext(
                "%(where)s reaches row %(row)s; lac reads at most %(limit)s row. "
                "Delete the empty rows below your data, or split the file.",
                "%(where)s reaches row %(row)s; lac reads at most %(limit)s rows. "
                "Delete the empty rows below your data, or split the file.",
                limits.rows,
            )
            % {"where": where, "row": f"{rows:,}", "limit": f"{limits.rows:,}"}
        )
    if columns > limits.columns:
        raise TooLarge(
            ngettext(
                "%(where)s reaches column %(column)s; lac reads at most %(limit)s column. "
                "Delete the empty columns to the right of your data.",
                "%(where)s reaches column %(column)s; lac reads at most %(limit)s columns. "
                "Delete the empty columns to the right of your data.",
                limits.columns,
            )
            % {"where": where, "column": f"{columns:,}", "limit": f"{limits.columns:,}"}
        )


def check_row_count(rows: int, where: str, limits: Limits) -> None:
    """Rows counted cheaply before reading (a CSV's lines, a sheet's height)."""
    _check_extent(rows, 0, where, limits)


def bounded(
    rows: Iterator[tuple[int, list[Any]]], where: str, limits: Limits
) -> Iterator[tuple[int, list[Any]]]:
    """The rows, refused at the first beyond the limits on rows, columns or cell length."""
    for number, cells in rows:
        if number > limits.rows:
            check_row_count(number, where, limits)
        if len(cells) > limits.columns:
            raise TooLarge(
                _(
                    "%(where)s: row %(row)s has %(columns)s columns; lac reads at most "
                    "%(limit)s. Delete the empty columns to the right of your data."
                )
                % {
                    "where": where,
                    "row": number,
                    "columns": f"{len(cells):,}",
                    "limit": f"{limits.columns:,}",
                }
            )
        texts = [cell for cell in cells if isinstance(cell, str)]
        if texts and max(map(len, texts)) > limits.cell_chars:
            raise _cell_too_long(number, cells, where, limits)
        yield number, cells


def _cell_too_long(number: int, cells: list[Any], where: str, limits: Limits) -> TooLarge:
    """The refusal naming a row's first cell longer than the limit (it has one)."""
    index, cell = next(
        (index, cell)
        for index, cell in enumerate(cells)
        if isinstance(cell, str) and len(cell) > limits.cell_chars
    )
    return TooLarge(
        _(
            "%(where)s: cell %(cell)s holds %(length)s characters; "
            "lac reads at most %(limit)s in one cell."
        )
        % {
            "where": where,
            "cell": f"{column_letter(index)}{number}",
            "length": f"{len(cell):,}",
            "limit": f"{limits.cell_chars:,}",
        }
    )
