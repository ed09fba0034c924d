"""The menu offers exactly what a role may open, and marks one section as current.

Role × menu item is checked against role × page: :data:`MENU_PAGES` says who may
open each section's page (walked like every permission matrix), and the menu each
role is shown must be exactly the pages that table lets them open.
"""

from __future__ import annotations

from http import HTTPStatus

import pytest

from lac.web.navigation import NAV_ITEMS
from tests.conftest import ROLE_USERS, force_login_verified
from tests.permission_matrix import Page, case_id, cases

EVERYONE = frozenset(ROLE_USERS)
CASEWORKERS = frozenset({"alice", "amir", "bob", "lena", "charlie"})
AGGREGATES = frozenset({"bob", "lena", "eve", "nina", "root"})

MENU_PAGES = [
    Page("Home", lambda w: "/", allowed=EVERYONE),
    Page("People", lambda w: "/casework/", allowed=CASEWORKERS),
    Page("Team", lambda w: "/casework/team/", allowed=frozenset({"bob", "lena"})),
    Page("Community", lambda w: "/community/", allowed=EVERYONE - {"nina", "ivy"}),
    Page("Outcomes", lambda w: "/outcomes/summary/", allowed=AGGREGATES),
    Page("Imports", lambda w: "/imports/", allowed=frozenset({"bob"})),
    Page("Dashboard", lambda w: "/reports/dashboard/", allowed=AGGREGATES),
    Page("Social value", lambda w: "/evaluation/", allowed=AGGREGATES - {"root"}),
    Page("Compare", lambda w: "/reports/network/", allowed=frozenset({"nina"})),
    Page("Extract", lambda w: "/reports/extract/", allowed=frozenset({"eve"})),
    Page("Your introductions", lambda w: "/welcome/partners/", allowed=frozenset({"ivy"})),
]


def menu(text: str) -> list[str]:
    """The menu's links, in order: the addresses between the navigation list's tags."""
    block = text.split('id="navigation"')[1].split("</ul>")[0]
    return [part.split('"')[0] for part in block.split('href="')[1:]]


def test_the_table_has_a_row_for_each_menu_item_at_its_address(world):
    assert [(p.name, p.url(world)) for p in MENU_PAGES] == [(i.label, i.url) for i in NAV_ITEMS]


@pytest.mark.parametrize(("page", "user"), cases(MENU_PAGES), ids=case_id)
def test_each_role_opens_the_menus_pages_its_role_allows(client, world, page, user):
    """Where a section sends the user on (one programme's directory), the page they land on."""
    force_login_verified(client, world.user(user))
    response = client.get(page.url(world), follow=True)
    assert response.status_code == page.expected_status(user), (user, page.name)


@pytest.mark.parametrize("name", ROLE_USERS)
def test_the_menu_shows_exactly_the_pages_the_role_may_open(client_for, client, world, name):
    client_for(name)
    shown = menu(client.get("/", follow=True).text)  # an introducer's home is their list
    assert shown == [p.url(world) for p in MENU_PAGES if name in p.allowed]


@pytest.mark.parametrize("name", ROLE_USERS)
def test_every_menu_item_opens_for_its_user(client_for, client, name):
    client_for(name)
    for url in menu(client.get("/", follow=True).text):
        response = client.get(url, follow=True)
        assert response.status_code == HTTPStatus.OK, (name, url)


def test_the_lead_is_not_offered_imports(client_for, client):
    client_for("lena")
    assert "/imports/" not in menu(client.get("/").text)
    assert client.get("/imports/").status_code == HTTPStatus.FORBIDDEN


def test_only_the_team_section_is_current_on_the_team_page(client_for, client):
    client_for("bob")
    text = client.get("/casework/team/").text
    assert text.count('aria-current="page"') == 1
    current = text.split('aria-current="page"')[0].rsplit('href="', 1)[1]
    assert current.startswith("/casework/team/")


def test_only_people_is_current_on_the_caseload(client_for, client):
    client_for("bob")
    text = client.get("/casework/?status=").text
    assert text.count('aria-current="page"') == 1
    assert text.split('aria-current="page"')[0].rsplit('href="', 1)[1].startswith("/casework/")


def test_every_section_is_listed_once():
    assert len({item.url_name for item in NAV_ITEMS}) == len(NAV_ITEMS)
