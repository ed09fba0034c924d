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
    english = str(getattr(record, field))
    if translation.get_language() != WELSH:
        return english
    return getattr(record, f"{field}_cy", "") or english
