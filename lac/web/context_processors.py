from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lac.accounts.models import Role
from lac.accounts.permissions import get_scope
from lac.safety.selectors import visit_under_way as visit_under_way_of
from lac.web.countdown import countdown_words
from lac.web.navigation import NAV_ITEMS


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Navigation items the signed-in user may follow, with the current one marked.

    An error page for a request refused before sign-in was read (a bad Host
    header) has no user at all: it gets no navigation, not a second error.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = get_scope(request)
    items: list[dict[str, Any]] = []
    for item in NAV_ITEMS:
        if not item.shown_to(scope):
            continue
        items.append({"label": item.label, "url": item.url, "active": False})
    # One section is current: the one whose address is the longest start of
    # this page's ("Team" at /casework/team/, not "People" at /casework/ too).
    matches = [
        i
        for i in items
        if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    role_labels = dict(Role.choices)
    return {
        "nav_items": items,
        "scope_roles": sorted(role_labels[r] for r in scope.roles),
    }


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    """When the timeout warning opens and the sign-out comes, and its countdown's words in
    the page's language, for the page's script.

    An error page for a request refused before authentication (a bad Host
    header) has no user at all.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_timeout": {
            "seconds": settings.SESSION_INACTIVITY_SECONDS,
            "warning": min(settings.SESSION_WARNING_SECONDS, settings.SESSION_INACTIVITY_SECONDS),
            "words": countdown_words(),
        }
    }


def visit_under_way(request: HttpRequest) -> dict[str, Any]:
    """A coordinator out on a visit sees it on every page, with its end one tap away."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Read only if the page shows it; a visit page passes the one it read itself.
    return {
        "visit_under_way": SimpleLazyObject(
            lambda: visit_under_way_of(get_scope(request), with_person=False)
        )
    }
