"""The asset picker of connections and contributions: grouped by neighbourhood, folded search."""

from __future__ import annotations

import re

import pytest

from lac.community.models import AssetKind
from tests.community.factories import AssetFactory, make_person


@pytest.fixture
def picker(world):
    person = make_person(world.south, "Dora Demo")
    north_cafe = AssetFactory(
        programme=world.programme,
        name="Café Connect",
        neighbourhoods=[world.north],
        address_1="1 Mill Road",
        postcode="DM1 1AA",
    )
    south_cafe = AssetFactory(
        programme=world.programme,
        name="Café Connect",
        neighbourhoods=[world.south],
        address_1="9 Quay Street",
        postcode="DM2 1WJ",
    )
    both = AssetFactory(
        programme=world.programme,
        kind=AssetKind.PLACE,
        name="Library",
        neighbourhoods=[world.north, world.south],
        address_1="",
        postcode="",
    )
    helpline = AssetFactory(
        programme=world.programme,
        kind=AssetKind.SERVICE,
        name="Money Helpline",
        address_1="",
        postcode="",
    )
    AssetFactory(programme=world.programme, name="Closed Club", status="closed")
    AssetFactory(programme=world.other_programme, name="Café Elsewhere")
    return {
        "person": person,
        "north_cafe": north_cafe,
        "south_cafe": south_cafe,
        "both": both,
        "helpline": helpline,
    }


def optgroups(html: str) -> list[tuple[str, list[str]]]:
    select = html.split('name="asset"', 1)[1].split("</select>", 1)[0]
    return [
        (label, re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", body))
        for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    ]


@pytest.mark.parametrize("form", ["connections", "contributions"])
def test_without_javascript_the_picker_is_a_select_grouped_by_neighbourhood(
    client_for, picker, form
):
    person = picker["person"]
    html = client_for("bob").get(f"/community/people/{person.pk}/{form}/add/").content.decode()
    assert optgroups(html) == [
        (
            "South",
            [
                "Café Connect – Community group · 9 Quay Street, DM2 1WJ",
                "Library – Place or venue · also North",
            ],
        ),
        ("North", ["Café Connect – Community group · 1 Mill Road, DM1 1AA"]),
        ("Whole area", ["Money Helpline – Service"]),
    ]
    assert "data-lac-asset-picker=" in html and "near=" in html
    assert "Closed Club" not in html and "Café Elsewhere" not in html


def test_the_picker_still_saves_a_choice_without_javascript(client_for, picker):
    person = picker["person"]
    response = client_for("bob").post(
        f"/community/people/{person.pk}/connections/add/",
        {"kind": "asset", "date": "2026-03-03", "asset": picker["south_cafe"].pk},
    )
    assert response.status_code == 302
    assert person.connections.get().asset == picker["south_cafe"]


def test_an_asset_of_another_programme_is_refused_by_name(client_for, world, picker):
    theirs = AssetFactory(programme=world.other_programme, name="Not ours")
    response = client_for("bob").post(
        f"/community/people/{picker['person'].pk}/connections/add/",
        {"kind": "asset", "date": "2026-03-03", "asset": theirs.pk},
    )
    page = response.content.decode()
    assert "Select one of the options for group, place, organisation or service" in page
    assert "Choose the group, place or organisation" not in page  # one problem, said once


def search(client, world, text, near=None):
    params = {"q": text, **({"near": near.pk} if near else {})}
    response = client.get("/community/a/asset-choices/", params)
    assert response.status_code == 200
    return [(r["name"], r["place"], r["detail"]) for r in response.json()["results"]]


def test_typing_cafe_finds_cafe_in_the_persons_neighbourhood_first(client_for, world, picker):
    client = client_for("alice")
    assert search(client, world, "cafe", near=world.south) == [
        ("Café Connect", "South", "Community group · 9 Quay Street, DM2 1WJ"),
        ("Café Connect", "North", "Community group · 1 Mill Road, DM1 1AA"),
    ]
    assert [r[1] for r in search(client, world, "CAFÉ", near=world.north)] == ["North", "South"]


def test_the_search_matches_what_the_picker_shows(client_for, world, picker):
    client = client_for("alice")
    assert [r[1] for r in search(client, world, "dm21wj")] == ["South"]
    assert [r[1] for r in search(client, world, "quay st")] == ["South"]
    assert [r[0] for r in search(client, world, "north")] == ["Café Connect", "Library"]
    assert [r[0] for r in search(client, world, "service")] == ["Money Helpline"]
    assert search(client, world, "closed") == []
    assert search(client, world, "elsewhere") == []


def test_people_with_a_gift_are_found_only_by_those_who_may_see_people(client_for, world):
    AssetFactory(programme=world.programme, kind=AssetKind.INDIVIDUAL, name="Pat", public=False)
    assert [r[0] for r in search(client_for("alice"), world, "pat")] == ["Pat"]
    assert search(client_for("eve"), world, "pat") == []


def test_a_neighbourhood_of_another_programme_orders_nothing(client_for, world, picker):
    client = client_for("alice")
    results = search(client, world, "cafe", near=world.elsewhere)
    assert [r[1] for r in results] == ["North", "South"]
    response = client.get("/community/a/asset-choices/", {"q": "cafe", "near": "x"})
    assert response.status_code == 200
