"""Reading a proxy table from the CSV or XLSX file a programme was given.

The file has a header row naming the columns ``code``, ``outcome`` and
``value`` (in any order, any case; other columns are ignored), then one row
per outcome: a short code unique in the file, the outcome in words, and its
value per person in pounds ("£1,234.50" is read as 1234.50). Every problem
is reported at once, naming the row and the column, and nothing is loaded
from a file with any.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

COLUMNS = ("code", "outcome", "value")
MAX_ROWS = 5_000


@dataclass(frozen=True)
class ProxyRow:
    code: str
    outcome: str
    value: Decimal


def _rows(name: str, content: bytes) -> list[list[Any]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise ValidationError(
                {"file": gettext("The file is not an XLSX workbook Excel can open")}
            ) from exc
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    if name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                {"file": gettext("Save the CSV file as UTF-8 and load it again")}
            ) from exc
        return list(csv.reader(io.StringIO(text)))
    raise ValidationError({"file": gettext("Choose a CSV or XLSX file")})


def _money(cell: Any) -> Decimal:
    text = str(cell if cell is not None else "").strip().replace("£", "").replace(",", "")
    value = Decimal(text)
    if not value.is_finite() or value < 0:
        raise InvalidOperation
    return value.quantize(Decimal("0.01"))


def read_proxy_rows(name: str, content: bytes) -> list[ProxyRow]:
    """The file's rows, or ValidationError listing every problem by row and column."""
    rows = [r for r in _rows(name, content) if any(str(c or "").strip() for c in r)]
    if not rows:
        raise ValidationError({"file": gettext("The file is empty")})
    header = [str(c or "").strip().lower() for c in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            {
                "file": gettext("The first row must name the columns: %(columns)s")
                % {"columns": ", ".join(missing)}
            }
        )
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationError(
            {"file": gettext("The file has more than %(most)s rows") % {"most": f"{MAX_ROWS:,}"}}
        )
    at = {column: header.index(column) for column in COLUMNS}
    problems, found, seen = [], [], set()
    for number, row in enumerate(rows[1:], start=2):
        cells = {c: (row[i] if i < len(row) else None) for c, i in at.items()}
        code, outcome = str(cells["code"] or "").strip(), str(cells["outcome"] or "").strip()
        if not code or not outcome:
            problems.append(
                gettext("Row %(row)s: enter both the code and the outcome") % {"row": number}
            )
            continue
        if len(code) > 40 or len(outcome) > 300:
            problems.append(
                gettext("Row %(row)s: a code is 40 characters at most, an outcome 300")
                % {"row": number}
            )
            continue
        if code in seen:
            problems.append(
                gettext("Row %(row)s, code: “%(code)s” is in the file twice")
                % {"row": number, "code": code}
            )
        seen.add(code)
        try:
            found.append(ProxyRow(code, outcome, _money(cells["value"])))
        except (InvalidOperation, ValueError):
            problems.append(
                gettext("Row %(row)s, value: “%(value)s” is not an amount of money of £0 or more")
                % {"row": number, "value": cells["value"]}
            )
    if problems:
        raise ValidationError({"file": problems})
    return found
