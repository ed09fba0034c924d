"""``{% record_url %}``: one record's address in a long list, without resolving it per row.

Django's ``{% url %}`` walks the URL patterns again for every row; on the
caseload (50 people, three addresses each) that cost more than reading the
people. This tag reverses a named address once, with a marker key no record
has, keeps the text either side of the marker, and puts each row's key between
them: the address ``{% url name pk %}`` gives. If the marker is not found
exactly once it reverses the address as ``{% url %}`` does.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()

#: A key no record will have, looked for in the reversed address.
MARKER = "987654321012345"


@lru_cache(maxsize=256)
def _around_key(name: str, urlconf: str | None, prefix: str, language: str | None) -> list[str]:
    """The address's text before and after the key, for one URL configuration, prefix
    and language (everything a reversed address depends on)."""
    return reverse(name, urlconf=urlconf, args=[MARKER]).split(MARKER)


@register.simple_tag
def record_url(name: str, pk: int) -> str:
    """The address ``name`` with the record key ``pk``, e.g. ``/people/12/``."""
    key = str(int(pk))  # only digits ever go into the address
    parts = _around_key(name, get_urlconf(), get_script_prefix(), get_language())
    if len(parts) != 2:
        return reverse(name, args=[key])
    return parts[0] + key + parts[1]
