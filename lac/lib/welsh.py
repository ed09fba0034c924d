"""Configurable lists in Welsh: each wording a programme sets may carry a Welsh one beside it.

Sources, challenges, closure reasons, frameworks and their life areas, outcome
events and rate-card items are rows a programme words itself, so Django's
catalogue cannot hold them. Each carries a ``<field>_cy`` column beside the
English; :func:`localised` is the one rule for which a reader sees: the Welsh
when the page is in Welsh and the Welsh is set, the English otherwise (a blank
Welsh wording never leaves a reader with nothing).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

WELSH = "cy"


def localised(record: Any, field: str = "name") -> str:
    """``record.<field>`` in the language of the page: its ``<field>_cy`` when in Welsh."""
    return in_page_language(str(getattr(record, field)), getattr(record, f"{field}_cy", ""))


def in_page_language(english: str, welsh: str | None) -> str:
    """The Welsh when the page is in Welsh and there is Welsh, the English otherwise: the
    same rule for a wording read from a query's values (a count by challenge, say)."""
    if translation.get_language() != WELSH:
        return english
    return welsh or english
