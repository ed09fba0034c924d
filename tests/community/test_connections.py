"""Connections and contributions, recorded from a person's page and counted on assets."""

from __future__ import annotations

from datetime import date

import pytest

from lac.audit.models import AuditEvent
from lac.community.models import Connection, Contribution
from lac.community.selectors import most_used_assets, people_welcomed
from tests.community.factories import AssetFactory, connect, make_person
from tests.permission_matrix import Page, case_id, cases, check


@pytest.fixture
def setting(world):
    person = make_person(world.north, "Dora Demo")
    cafe = AssetFactory(programme=world.programme, name="Brook Café", neighbourhoods=[world.north])
    theirs = AssetFactory(programme=world.other_programme, name="Elsewhere Club")
    return {"person": person, "cafe": cafe, "theirs": theirs}


def test_a_connection_to_an_asset_is_recorded_and_audited(client_for, world, setting):
    person, cafe = setting["person"], setting["cafe"]
    response = client_for("alice").post(
        f"/community/people/{person.pk}/connections/add/",
        {"kind": "asset", "date": "2026-03-03", "asset": cafe.pk, "note": "Went with her"},
    )
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    connection = Connection.objects.get()
    assert (connection.asset, connection.made_by) == (cafe, world.alice)
    audit = AuditEvent.objects.get(object_type="community.connection")
    assert (audit.action, audit.person_id, audit.user) == ("create", person.pk, world.alice)


def test_a_connection_to_a_neighbour_is_described_without_making_a_record(client_for, setting):
    person = setting["person"]
    client_for("alice").post(
        f"/community/people/{person.pk}/connections/add/",
        {
            "kind": "person",
            "date": "2026-03-03",
            "relationship": "neighbour",
            "described": "Jean at number 12",
        },
    )
    connection = Connection.objects.get()
    assert connection.what == "Jean at number 12, Neighbour"
    assert connection.asset is None


def test_a_connection_needs_the_asset_it_names(client_for, setting):
    response = client_for("alice").post(
        f"/community/people/{setting['person'].pk}/connections/add/",
        {"kind": "asset", "date": "2026-03-03"},
    )
    assert "Choose the group, place or organisation" in response.content.decode()
    assert not Connection.objects.exists()


def test_another_programmes_asset_cannot_be_chosen(client_for, setting):
    response = client_for("alice").post(
        f"/community/people/{setting['person'].pk}/connections/add/",
        {"kind": "asset", "date": "2026-03-03", "asset": setting["theirs"].pk},
    )
    assert response.status_code == 200
    assert not Connection.objects.exists()


def test_volunteering_hours_are_recorded_as_a_contribution(client_for, world, setting):
    person, cafe = setting["person"], setting["cafe"]
    client_for("alice").post(
        f"/community/people/{person.pk}/contributions/add/",
        {"kind": "volunteering", "asset": cafe.pk, "hours": "12.5", "started": "2026-01-10"},
    )
    contribution = Contribution.objects.get()
    assert (contribution.kind, str(contribution.hours)) == ("volunteering", "12.5")
    assert AuditEvent.objects.filter(object_type="community.contribution").count() == 1


def test_starting_a_group_needs_the_group(client_for, setting):
    response = client_for("alice").post(
        f"/community/people/{setting['person'].pk}/contributions/add/",
        {"kind": "started_group", "started": "2026-01-10"},
    )
    assert "Choose the group they started" in response.content.decode()


def test_the_person_page_lists_connections_with_links_to_record_more(client_for, setting):
    connect(setting["person"], setting["cafe"], on=date(2026, 3, 3))
    html = client_for("alice").get(f"/people/{setting['person'].pk}/").content.decode()
    assert "3 March 2026" in html and "Brook Café" in html
    assert "Record a connection" in html


def test_an_asset_counts_the_different_people_it_has_welcomed(world, setting):
    cafe = setting["cafe"]
    other = make_person(world.south, "Eric Example")
    connect(setting["person"], cafe, on=date(2025, 1, 1))
    connect(setting["person"], cafe, on=date(2026, 3, 1))
    connect(other, cafe, on=date(2026, 3, 2))
    welcomed = people_welcomed(cafe, today=date(2026, 3, 3))
    assert (welcomed.people, welcomed.this_year) == (2, 2)
    assert people_welcomed(cafe, today=date(2027, 3, 3)).this_year == 0


def test_most_used_assets_are_ranked_per_neighbourhood(world, setting):
    hall = AssetFactory(programme=world.programme, name="Church Hall")
    for n in range(3):
        connect(make_person(world.north, f"North {n}"), hall)
    connect(setting["person"], setting["cafe"])
    ranked = dict(most_used_assets(world.programme))
    assert [(u.name, u.people) for u in ranked[world.north]] == [
        ("Church Hall", 3),
        ("Brook Café", 1),
    ]
    assert ranked[world.south] == []


EDITORS_OF_NORTH = frozenset({"alice", "bob"})


PAGES = [
    Page(
        "connection add",
        lambda w: f"/community/people/{w._person.pk}/connections/add/",
        allowed=EDITORS_OF_NORTH,
        hidden=frozenset({"amir", "charlie"}),
    ),
    Page(
        "contribution add",
        lambda w: f"/community/people/{w._person.pk}/contributions/add/",
        allowed=EDITORS_OF_NORTH,
        hidden=frozenset({"amir", "charlie"}),
    ),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, page, user):
    world._person = make_person(world.north)
    check(client, world, page, user)


def test_an_evaluator_sees_small_counts_of_people_suppressed(client_for, world, setting):
    cafe = setting["cafe"]
    connect(setting["person"], cafe)
    as_evaluator = client_for("eve").get(f"/community/assets/{cafe.pk}/").content.decode()
    assert "&lt;5 connected by coordinators" in as_evaluator
    as_coordinator = client_for("alice").get(f"/community/assets/{cafe.pk}/").content.decode()
    assert "1 connected by coordinators" in as_coordinator
    gaps = client_for("eve").get("/community/a/gaps/").content.decode()
    assert "Brook Café</a>: &lt;5" in gaps
