"""Search finds everyone the user may see: closed people too, marked closed,
with "Introduce again"."""

from __future__ import annotations

import pytest

from lac.people.models import Status
from tests.people.factories import PersonFactory


@pytest.fixture
def people(world):
    return {
        "closed": PersonFactory(
            full_name="Carys Closed", neighbourhood=world.north, status=Status.CLOSED
        ),
        "active": PersonFactory(full_name="Carys Active", neighbourhood=world.north),
        "elsewhere": PersonFactory(
            full_name="Carys Elsewhere", neighbourhood=world.elsewhere, status=Status.CLOSED
        ),
    }


def test_a_search_finds_closed_people_marked_closed(client_for, client, people):
    client_for("alice")
    text = client.get("/casework/", {"q": "carys"}).text
    assert "Carys Closed" in text and "Carys Active" in text
    assert "No one matches" not in text
    closed_item = text.split(">Carys Closed</a>")[1].split("</li>")[0]
    assert "Closed" in closed_item
    assert f"/casework/people/{people['closed'].pk}/introductions/new/" in closed_item
    assert "again</a>" in closed_item


def test_a_search_never_reaches_people_outside_the_users_patch(client_for, client, people):
    client_for("alice")
    assert "Carys Elsewhere" not in client.get("/casework/", {"q": "carys"}).text


def test_browsing_without_a_search_shows_active_people(client_for, client, people):
    client_for("alice")
    text = client.get("/casework/").text
    assert "Carys Active" in text and "Carys Closed" not in text


def test_a_status_chosen_in_the_filters_still_applies_to_a_search(client_for, client, people):
    client_for("alice")
    text = client.get("/casework/", {"q": "carys", "status": "active"}).text
    assert "Carys Active" in text and "Carys Closed" not in text
