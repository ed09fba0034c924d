"""The service navigation: each section appears only to roles that may use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lac.accounts.permissions import Capability, Scope
from lac.imports.selectors import import_programme_ids


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability | None
    """Shown to users holding this capability anywhere; None: every signed-in user."""
    allowed: Callable[[Scope], bool] | None = None
    """The section's own rule where one capability is not enough, so the menu
    never offers a page that would refuse the user."""

    def shown_to(self, scope: Scope) -> bool:
        if self.capability is not None and not scope.can(self.capability):
            return False
        return self.allowed is None or self.allowed(scope)


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "home", None),
    NavItem("People", "casework:caseload", Capability.VIEW_PERSONAL),
    NavItem("Team", "casework:team", Capability.VIEW_TEAM),
    NavItem("Community", "community:index", Capability.VIEW_DIRECTORY),
    NavItem("Outcomes", "outcomes:summary", Capability.VIEW_AGGREGATES),
    NavItem(
        "Imports",
        "imports:index",
        Capability.VIEW_TEAM,
        allowed=lambda scope: bool(import_programme_ids(scope)),
    ),
    NavItem("Dashboard", "reports:dashboard", Capability.VIEW_AGGREGATES),
    NavItem("Social value", "evaluation:map_list", Capability.VIEW_REPORTS),
    NavItem("Compare", "reports:network", Capability.COMPARE_PROGRAMMES),
    NavItem("Extract", "reports:extract", Capability.PSEUDONYMISED_EXTRACT),
)
