"""Walk a table of pages against every role of the cast.

Each app's tests list their pages as :class:`Page` rows and parametrise over
``cases(PAGES)``; ``check`` then asserts the status each user gets. Personal
pages must answer 404 (not 403) to users outside their scope, so the existence
of a record is never revealed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tests.conftest import ROLE_USERS, World, force_login_verified


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    """Users who get 200."""
    hidden: frozenset[str] = frozenset()
    """Users who get 404 (the record exists but is outside their scope)."""
    method: str = "get"

    def expected_status(self, user: str) -> int:
        if user in self.allowed:
            return 200
        if user in self.hidden:
            return 404
        return 403


def cases(pages: Iterable[Page]) -> list[tuple[Page, str]]:
    return [(page, user) for page in pages for user in ROLE_USERS]


def case_id(value: object) -> str:
    return value.name if isinstance(value, Page) else str(value)


def check(client, world: World, page: Page, user: str) -> None:
    force_login_verified(client, world.user(user))
    response = getattr(client, page.method)(page.url(world))
    expected = page.expected_status(user)
    assert response.status_code == expected, (
        f"{user} on {page.name}: expected {expected}, got {response.status_code}"
    )
