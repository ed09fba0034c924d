"""News for someone who introduced themselves: they have no account, so their coordinator
gives them a one-time link (``lac.selfservice``) and they read the news on their phone."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.selfservice.models import PersonalLink
from lac.selfservice.presentation import shown_link
from lac.selfservice.services import LinkRefused, Refusal, personal_link_use
from lac.welcome import selectors, services
from lac.welcome.models import NewsBack
from lac.welcome.presentation import sections


def link_page(request: HttpRequest, news: NewsBack) -> HttpResponse:
    """Issue a link to ``news`` and show it once, to copy or scan."""
    issued = services.news_link_issue(Actor.of(request), news)
    person = news.incoming.person
    context = {"person": person, "shown": shown_link(request, issued), "news": news}
    return render(request, "welcome/news_link.html", context)


@require(Capability.EDIT_PERSONAL)
@require_POST
def news_link(request: HttpRequest, pk: int, news_pk: int) -> HttpResponse:
    """A new link to news already sent (the first was lost, or ran out)."""
    incoming = selectors.incoming_to_decide(get_scope(request), pk)
    return link_page(request, get_object_or_404(incoming.news, pk=news_pk))


@require_http_methods(["GET", "POST"])
def news_by_link(request: HttpRequest, link: PersonalLink) -> HttpResponse:
    """The news through the person's link (lac.selfservice checked it already).

    Opening the address only shows a button, so a messaging app fetching it for a
    preview does not spend the link; pressing it spends the link and shows the news.
    """
    news = link.target
    if not isinstance(news, NewsBack):
        raise LinkRefused(Refusal.UNKNOWN)  # the news was erased with its introduction
    if request.method == "GET":
        return render(request, "welcome/news_open.html")
    with transaction.atomic():
        personal_link_use(link, actor=Actor.of(request))
    context = {"news": news, "sections": sections(news)}
    return render(request, "welcome/news_person.html", context)
