"""Risk flags are seen first wherever the person is: beside their name on the caseload,
above the forms about them, and in the API's person; a page of people reads every
person's flags in one query, however many people and flags there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.audit.actor import Actor
from lac.safety import services
from lac.safety.models import Visit
from tests.api.data import bearer, token
from tests.people.factories import PersonFactory

PAGE_FORM = '<form method="post" novalidate'


def _flag(person, kind, world, details=""):
    return services.flag_add(
        person=person, kind=kind, details=details, review_by=None, actor=Actor(user=world.alice)
    )


@pytest.fixture
def flagged(world):
    person = PersonFactory(full_name="Ada Flagged", neighbourhood=world.north, coordinator=None)
    _flag(person, "not_alone", world)
    _flag(person, "animal", world, details="A large dog")
    return person


def test_the_caseload_shows_each_flag_beside_the_persons_name(client_for, world, flagged):
    PersonFactory(full_name="Una Unflagged", neighbourhood=world.north)
    page = client_for("alice").get("/casework/").content.decode()
    row = page[
        page.index("Ada Flagged") : page.index("lac-caseload__meta", page.index("Ada Flagged"))
    ]
    assert "Do not visit alone</strong>" in row
    assert "An animal at the home</strong>" in row
    other = page[page.index("Una Unflagged") :]
    assert "Do not visit alone" not in other[: other.index("</li>")]


def test_the_flags_are_above_the_form_for_a_new_conversation(client_for, flagged):
    page = client_for("alice").get(f"/casework/people/{flagged.pk}/conversations/new/")
    html = page.content.decode()
    assert html.index("Know before you meet") < html.index(PAGE_FORM)
    assert "An animal at the home</strong>: A large dog" in html


def test_the_flags_are_above_the_forms_for_a_concern_and_a_visit(client_for, flagged):
    alice = client_for("alice")
    for url in (
        f"/safety/people/{flagged.pk}/concerns/add/",
        f"/safety/visits/start/?person={flagged.pk}",
    ):
        html = alice.get(url).content.decode()
        assert html.index("Know before you meet") < html.index(PAGE_FORM), url


def test_the_api_person_carries_the_flags_in_force(client, world, flagged):
    removed = _flag(flagged, "carer_first", world)
    services.flag_remove(flag=removed, because="No carer now", actor=Actor(user=world.alice))
    raw = token(world.alice)
    one = client.get(f"/api/people/{flagged.pk}", **bearer(raw)).json()
    assert [(f["kind"], f["label"], f["details"], f["set_by"]) for f in one["risk_flags"]] == [
        ("not_alone", "Do not visit alone", "", "alice"),
        ("animal", "An animal at the home", "A large dog", "alice"),
    ]
    listed = client.get("/api/people", **bearer(raw)).json()["items"]
    assert [f["kind"] for f in listed[0]["risk_flags"]] == ["not_alone", "animal"]


def _people_with_flags(world, n):
    for i in range(n):
        person = PersonFactory(full_name=f"Person {i}", neighbourhood=world.north)
        _flag(person, "not_alone", world)
        _flag(person, "animal", world)


def _queries(get) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert get().status_code == 200
    return len(ctx.captured_queries)


def test_the_caseload_and_the_api_page_do_not_query_more_with_more_flagged_people(
    client, client_for, world
):
    _people_with_flags(world, 2)
    alice = client_for("alice")
    raw = token(world.alice)
    client.get("/api/people", **bearer(raw))  # the token's first use writes when it was used
    caseload, api = (
        _queries(lambda: alice.get("/casework/")),
        _queries(lambda: client.get("/api/people", **bearer(raw))),
    )
    _people_with_flags(world, 12)
    assert _queries(lambda: alice.get("/casework/")) == caseload
    assert _queries(lambda: client.get("/api/people", **bearer(raw))) == api
    assert alice.get("/casework/").content.decode().count("Do not visit alone</strong>") == 14


def test_a_visit_starts_from_the_caseload_in_one_tap_then_where_and_when(client_for, world):
    person = PersonFactory(full_name="Vic Visited", neighbourhood=world.north)
    alice = client_for("alice")
    link = f"/safety/visits/start/?person={person.pk}"
    assert f'href="{link}"' in alice.get("/casework/").content.decode()
    response = alice.post(link, {"place": "Home visit", "back_in": "60"})
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.person, visit.coordinator, visit.place) == (person, world.alice, "Home visit")
