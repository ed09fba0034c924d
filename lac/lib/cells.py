"""Spreadsheet cells that cannot run: every CSV and XLSX lac writes goes through here.

Text that begins with ``=``, ``+``, ``-`` or ``@`` is read as a formula by
Excel, LibreOffice and Google Sheets, and a tab or carriage return in front is
skipped before they look; a name typed as ``=cmd|' /C calc'!A0`` would run when
a manager opens the download. OWASP's advice on CSV injection is to put a
single quote in front, which makes the cell plain text in every one of them.
Numbers, dates and empty cells are left alone: only text a person typed can
carry a formula.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value: Any) -> Any:
    """The value, with a quote in front if it is text a spreadsheet would run.

    Labels marked for translation arrive as lazy text, which openpyxl refuses: they are
    made text here, in the reader's language, like any other label."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def unquoted_cell(value: Any) -> Any:
    """What :func:`safe_cell` was given, for reading back a workbook lac wrote."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
