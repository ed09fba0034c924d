"""Formatting for reports: ratios, shares, table cells and charts (money: lac.lib.money)."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe

from lac.lib.money import pounds
from lac.reports.tables import Table

register = template.Library()


@register.filter
def ratio(value: Any) -> str:
    """An SROI ratio as £4.02 per £1 is read: '4.02 : 1'."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value  # a reason there is no ratio, already in words
    return f"{float(value):.2f} : 1"


@register.filter
def share(value: Any, places: int = 1) -> str:
    if value is None:
        return "–"
    return f"{float(value) * 100:.{int(places)}f}%"


@register.filter
def number(value: Any, places: int = 0) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        return value  # already suppressed, like "<5"
    if float(value).is_integer():
        places = 0
    return f"{float(value):,.{int(places)}f}"


@register.filter
def inline_svg(svg: bytes | str) -> str:
    """A chart's SVG for inline use (our own matplotlib output, never user input)."""
    text = svg.decode() if isinstance(svg, bytes) else svg
    start = text.find("<svg")
    text = text[start:] if start >= 0 else text
    # Scale to the column: drop the fixed size, keep the viewBox.
    head, _, rest = text.partition(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    text = f'{head} width="100%" role="img" aria-hidden="true">{rest}'
    return mark_safe(text)  # noqa: S308 - drawn by lac.value.charts, never user input


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def cell(value: Any, kind: str) -> str:
    """A table cell by its column's kind; suppressed cells ("<5", "[c]") as they are."""
    if isinstance(value, str):
        return value
    if kind == "money":
        return pounds(value)
    if kind == "percent":
        return f"{float(value):.1f}%"
    if kind in {"hours", "number"}:
        return number(value, 1)
    return number(value)


@register.filter
def shown_rows(table: Table) -> list[tuple[Any, list[str], str | None]]:
    """Each row's name, its cells as shown and its bar's width (None: no bar).

    Formatted here, not cell by cell in the template: the dashboard shows some
    1,500 cells, and a template's per-cell lookups and filters were half the
    time of its first view after a change."""
    return [
        (
            name,
            _cells(values, table),
            None if width is None else floatformat(width, 0),
        )
        for name, values, width in table.bars()
    ]


@register.filter
def shown_total(table: Table) -> list[str]:
    """The total row's cells as shown."""
    return _cells(table.total_row, table)


def _cells(values: list[Any], table: Table) -> list[str]:
    kinds = [column.kind for column in table.columns]
    return [cell(value, kinds[i] if i < len(kinds) else "") for i, value in enumerate(values)]
