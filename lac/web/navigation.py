"""The service navigation: each section appears only to users its page would let in.

An item names a page, nothing more: whether it is shown is asked of the page's
own view (:func:`lac.accounts.permissions.may_open`), so the menu and the page
cannot disagree about who may open it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lac.accounts.permissions import Scope, may_open


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def shown_to(self, scope: Scope) -> bool:
        return may_open(scope, resolve(self.url).func)


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Home"), "home"),
    NavItem(_("People"), "casework:caseload"),
    NavItem(_("Team"), "casework:team"),
    NavItem(_("Community"), "community:index"),
    NavItem(_("Outcomes"), "outcomes:summary"),
    NavItem(_("Imports"), "imports:index"),
    NavItem(_("Dashboard"), "reports:dashboard"),
    NavItem(_("Social value"), "evaluation:map_list"),
    NavItem(_("Compare"), "reports:network"),
    NavItem(_("Extract"), "reports:extract"),
)
