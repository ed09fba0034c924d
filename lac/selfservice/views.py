"""The one address every one-time link opens; the purpose's own view does the rest.

No sign-in: the token is the permission, checked by
:func:`lac.selfservice.services.personal_link_open`. Nothing here is cached
by the browser or a proxy, and the page never sends the address (with its
token) on to another site ("same-origin" rather than "no-referrer", under
which the browser sends its answers with a null Origin that CSRF refuses).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from lac.people.language import page_language_for
from lac.selfservice.registry import purpose_of
from lac.selfservice.services import LinkRefused, Refusal, personal_link_open

#: The address (with its token) goes to no other site. Not "no-referrer": with it a browser
#: sends "Origin: null" on the person's form, and Django's CSRF check refuses the answers.
REFERRER_POLICY = "same-origin"

#: 404 for a link nobody issued; 410 Gone for one that worked once and no longer does.
REFUSAL_STATUS = {Refusal.UNKNOWN: 404, Refusal.USED: 410, Refusal.EXPIRED: 410}


def refused(request: HttpRequest, reason: Refusal) -> HttpResponse:
    """The plain page saying why a link does not open, and what to do instead."""
    response = render(
        request, "selfservice/refused.html", {"reason": reason.value}, status=REFUSAL_STATUS[reason]
    )
    response["Referrer-Policy"] = REFERRER_POLICY
    return response


@never_cache
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = personal_link_open(token)
    except LinkRefused as refusal:
        if refusal.person is not None:
            page_language_for(request, refusal.person)
        return refused(request, refusal.reason)
    purpose = purpose_of(link.purpose)
    assert purpose is not None  # personal_link_open refuses a purpose no app registers
    page_language_for(request, link.person)
    try:
        response = purpose.view(request, link)
    except LinkRefused as refusal:  # spent by another submission while this one was open
        return refused(request, refusal.reason)
    response["Referrer-Policy"] = REFERRER_POLICY
    return response
