"""The page numbers GOV.UK pagination shows: the first, the last and those beside this one."""

from __future__ import annotations

from collections.abc import Iterator

from django import template
from django.core.paginator import Page

register = template.Library()


@register.filter
def page_numbers(page: Page) -> Iterator[int | str]:
    """1 … 4 5 6 … 12: numbers near the current page, with ``…`` for the gaps."""
    return iter(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
