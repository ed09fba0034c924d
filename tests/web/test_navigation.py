"""The menu offers only what a role may open, and marks one section as current."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from lac.web.navigation import NAV_ITEMS

MENU_USERS = ("alice", "bob", "lena", "eve", "nina", "root")


def menu(text: str) -> list[str]:
    """The menu's links, in order: the addresses between the navigation list's tags."""
    block = text.split('id="navigation"')[1].split("</ul>")[0]
    return [part.split('"')[0] for part in block.split('href="')[1:]]


@pytest.mark.parametrize("name", MENU_USERS)
def test_every_menu_item_opens_for_its_user(client_for, client, name):
    client_for(name)
    for url in menu(client.get("/").text):
        response = client.get(url, follow=True)
        assert response.status_code == HTTPStatus.OK, (name, url)


def test_the_lead_is_not_offered_imports(client_for, client):
    client_for("lena")
    assert "/imports/" not in menu(client.get("/").text)
    client_for("bob")
    assert "/imports/" in menu(client.get("/").text)


def test_only_the_team_section_is_current_on_the_team_page(client_for, client):
    client_for("bob")
    text = client.get("/casework/team/").text
    assert text.count('aria-current="page"') == 1
    current = text.split('aria-current="page"')[0].rsplit('href="', 1)[1]
    assert current.startswith("/casework/team/")


def test_every_section_is_listed_once():
    assert len({item.url_name for item in NAV_ITEMS}) == len(NAV_ITEMS)
