"""The request type of a view that answers htmx differently from a whole-page load.

django-htmx's middleware gives every request an ``htmx`` attribute that ``HttpRequest``
does not declare; a view that reads it says so by taking this type, as django-htmx's
documentation advises, and mypy checks the view instead of skipping it.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails
