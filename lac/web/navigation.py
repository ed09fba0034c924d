"""The service navigation: each section appears only to users its page would let in.

An item names a page, nothing more: whether it is shown is asked of the page's
own view (:func:`lac.accounts.permissions.may_open`), so the menu and the page
cannot disagree about who may open it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import resolve, reverse

from lac.accounts.permissions import Scope, may_open


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def shown_to(self, scope: Scope) -> bool:
        return may_open(scope, resolve(self.url).func)


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "home"),
    NavItem("People", "casework:caseload"),
    NavItem("Team", "casework:team"),
    NavItem("Community", "community:index"),
    NavItem("Outcomes", "outcomes:summary"),
    NavItem("Imports", "imports:index"),
    NavItem("Dashboard", "reports:dashboard"),
    NavItem("Social value", "evaluation:map_list"),
    NavItem("Compare", "reports:network"),
    NavItem("Your introductions", "welcome:partner_home"),
    NavItem("Extract", "reports:extract"),
)
