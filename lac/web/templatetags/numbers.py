"""Numbers on every page: money and counts, loaded into every template (settings.TEMPLATES).

The rules live in ``lac.lib``; these filters only render what a selector gave
them, so a suppressed count ("<5", "[c]") is shown as it is.
"""

from __future__ import annotations

from django import template

from lac.lib.disclosure import Cell
from lac.lib.money import NOTHING, pounds
from lac.lib.rules.health import nhs_number_shown

register = template.Library()
register.filter("pounds", pounds)
register.filter("nhs_number", nhs_number_shown)


@register.filter
def count(value: Cell | None) -> str:
    """1,234; a suppressed count as it is; nothing as "–"."""
    if value is None or value == "":
        return NOTHING
    if isinstance(value, str):
        return value
    return f"{value:,.0f}"
