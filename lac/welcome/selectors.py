"""Reads of incoming introductions: the queue to welcome, one for a coordinator to decide,
and an introducer's own introductions with the news that came back."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from lac.accounts.permissions import Capability, Scope
from lac.people.models import Person
from lac.people.selectors import possible_duplicates
from lac.welcome.models import Decision, IncomingIntroduction, NewsBack


def _welcomed_by(scope: Scope) -> Q:
    """Incoming introductions this user may welcome: those routed to a neighbourhood where
    they record people's details, and, for managers, those no postcode routed."""
    return Q(neighbourhood_id__in=sorted(scope.neighbourhood_ids(Capability.EDIT_PERSONAL))) | Q(
        neighbourhood__isnull=True,
        programme_id__in=sorted(scope.programme_ids(Capability.ASSIGN_CASEWORK)),
    )


def waiting_for(scope: Scope) -> list[IncomingIntroduction]:
    """The queue "New introductions to welcome", oldest first, in one query; one whose
    details were erased, never welcomed (``lac.welcome.retention``), is no one's to decide."""
    if not scope.can(Capability.EDIT_PERSONAL):
        return []
    return list(
        IncomingIntroduction.objects.filter(
            _welcomed_by(scope), decision=Decision.WAITING, erased__isnull=True
        )
        .select_related("neighbourhood")
        .order_by("arrived", "pk")
    )


def incoming_to_decide(scope: Scope, pk: int) -> IncomingIntroduction:
    """One incoming introduction the user may welcome or decline, or 404."""
    found = (
        IncomingIntroduction.objects.filter(_welcomed_by(scope), pk=pk, erased__isnull=True)
        .select_related("neighbourhood", "programme", "person", "introduced_by", "decided_by")
        .first()
    )
    if found is None:
        raise Http404("No such introduction to welcome")
    return found


def people_it_may_be(scope: Scope, incoming: IncomingIntroduction) -> list[Person]:
    """People already recorded who may be the one introduced: the casework matcher."""
    return possible_duplicates(scope, full_name=incoming.full_name, postcode=incoming.postcode)


def _with_news(queryset: QuerySet[IncomingIntroduction]) -> QuerySet[IncomingIntroduction]:
    news = NewsBack.objects.select_related("recorded_by").order_by("created", "pk")
    return queryset.select_related("decided_by", "neighbourhood").prefetch_related(
        Prefetch("news", queryset=news), "concepts"
    )


def introductions_made_by(scope: Scope) -> list[IncomingIntroduction]:
    """The introductions the scope's user made, newest first, with their news (two
    queries)."""
    mine = IncomingIntroduction.objects.filter(introduced_by_id=scope.user_id)
    return list(_with_news(mine.order_by("-arrived", "-pk")))


def introduction_made_by(scope: Scope, pk: int) -> IncomingIntroduction:
    """One of the introducer's own introductions, or 404: they see no one else's."""
    mine = IncomingIntroduction.objects.filter(introduced_by_id=scope.user_id, pk=pk)
    found = _with_news(mine).first()
    if found is None:
        raise Http404("No such introduction of yours")
    return found


def news_of(scope: Scope, pk: int) -> NewsBack:
    """One piece of news sent to the scope's user, as introducer, or 404."""
    found = (
        NewsBack.objects.filter(incoming__introduced_by_id=scope.user_id, pk=pk)
        .select_related("incoming", "recorded_by")
        .first()
    )
    if found is None:
        raise Http404("No such news for you")
    return found
