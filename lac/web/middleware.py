"""Site-wide responses that belong to no one page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from lac.people.selectors import MergedRecord


class MergedRecordRedirectMiddleware:
    """A page of a merged person's record redirects to the same page of the kept record.

    Views ask for a live person (``get_live_person``); this turns its
    :class:`MergedRecord` into the redirect, so every page follows one rule.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        match = request.resolver_match
        if not isinstance(exception, MergedRecord) or match is None:
            return None
        kwargs = {
            name: exception.kept_id if value == exception.merged_id else value
            for name, value in match.kwargs.items()
        }
        return HttpResponseRedirect(reverse(match.view_name, args=match.args, kwargs=kwargs))
