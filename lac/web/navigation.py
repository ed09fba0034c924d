"""The service navigation: each section appears only to roles that may use it."""

from __future__ import annotations

from dataclasses import dataclass

from lac.accounts.permissions import Capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability | None
    """Shown to users holding this capability anywhere; None: every signed-in user."""


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "home", None),
    NavItem("People", "casework:caseload", Capability.VIEW_PERSONAL),
    NavItem("Team", "casework:team", Capability.VIEW_TEAM),
    NavItem("Community", "community:index", Capability.VIEW_DIRECTORY),
    NavItem("Outcomes", "outcomes:summary", Capability.VIEW_AGGREGATES),
    NavItem("Imports", "imports:index", Capability.VIEW_TEAM),
    NavItem("Dashboard", "reports:dashboard", Capability.VIEW_AGGREGATES),
    NavItem("Social value", "evaluation:map_list", Capability.VIEW_REPORTS),
    NavItem("Compare", "reports:network", Capability.COMPARE_PROGRAMMES),
    NavItem("Extract", "reports:extract", Capability.PSEUDONYMISED_EXTRACT),
)
