"""Tokens, scopes, paging, filters, auditing and writes through the REST API."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.api.models import ApiToken
from lac.api.tokens import api_token_revoke, hash_token
from lac.audit.actor import Actor
from lac.audit.models import Action, AuditEvent
from lac.casework.models import Conversation, Introduction
from lac.people.models import Person
from tests.api.data import api_records, bearer, token
from tests.casework.factories import ConversationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def post(client, path, body, raw):
    return client.post(path, json.dumps(body), content_type="application/json", **bearer(raw))


# --- Tokens -------------------------------------------------------------------


def test_no_token_is_401(client, world):
    response = client.get("/api/people")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize("raw", ["nonsense", "lac_wrong", "lac_" + "x" * 200])
def test_an_invalid_token_is_401(client, world, raw):
    assert client.get("/api/people", **bearer(raw)).status_code == 401


def test_a_revoked_token_is_401(client, world):
    raw = token(world.alice)
    api_token_revoke(token=ApiToken.objects.get(token_hash=hash_token(raw)))
    assert client.get("/api/people", **bearer(raw)).status_code == 401


def test_a_deactivated_users_token_is_401(client, world):
    raw = token(world.alice)
    world.alice.is_active = False
    world.alice.save()
    assert client.get("/api/people", **bearer(raw)).status_code == 401


def test_a_token_without_the_scope_is_403_naming_the_scope(client, world):
    raw = token(world.alice, ["community:read"])
    response = client.get("/api/people", **bearer(raw))
    assert response.status_code == 403
    assert response.json() == {"detail": "This token does not have the people:read scope"}
    assert client.get("/api/assets", **bearer(raw)).status_code == 200


def test_the_api_answers_in_welsh_only_when_the_request_asks_for_it(client, world):
    world.alice.preferred_language = "cy"  # the web follows it; a program's request does not
    world.alice.save()
    raw = token(world.alice, ["community:read"])
    english = client.get("/api/people", **bearer(raw)).json()
    welsh = client.get("/api/people", HTTP_ACCEPT_LANGUAGE="cy", **bearer(raw)).json()
    assert english == {"detail": "This token does not have the people:read scope"}
    assert welsh == {"detail": "Nid oes gan y tocyn hwn y cwmpas people:read"}
    refused = client.post(
        "/api/handovers",
        json.dumps({"from_coordinator_id": 999999, "to_coordinator_id": world.alice.pk}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="cy",
        **bearer(token(world.bob)),
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        {
            "loc": ["body", "from_coordinator_id"],
            "msg": "Nid oes neb yn eich rhaglenni gyda’r cydgysylltydd hwn",
            "type": "value_error",
        }
    ]


def test_a_read_only_token_cannot_write(client, world):
    data = api_records(world)
    raw = token(world.alice, ["casework:read"])
    response = post(
        client,
        "/api/conversations",
        {"person_id": data.person.pk, "date": "2025-06-09", "mode": "phone"},
        raw,
    )
    assert response.status_code == 403
    assert Conversation.objects.count() == 1


def test_only_a_hash_is_stored_and_last_use_is_noted(client, world):
    raw = token(world.alice, ["people:read"])
    stored = ApiToken.objects.get()
    assert raw not in (stored.token_hash, stored.prefix) and raw.startswith(stored.prefix)
    assert stored.last_used is None
    client.get("/api/people", **bearer(raw))
    stored.refresh_from_db()
    assert stored.last_used is not None


# --- Scoping, paging, filters ---------------------------------------------------


def names(response) -> list[str]:
    return [p["full_name"] for p in response.json()["items"]]


def test_a_coordinator_lists_only_their_own_neighbourhood(client, world):
    api_records(world)
    assert names(client.get("/api/people", **bearer(token(world.alice)))) == ["Api Person"]
    assert names(client.get("/api/people", **bearer(token(world.amir)))) == ["South Person"]
    assert names(client.get("/api/people", **bearer(token(world.charlie)))) == ["Elsewhere Person"]


def test_a_manager_pages_through_the_programme(client, world):
    api_records(world)
    raw = token(world.bob)
    first = client.get("/api/people?limit=1", **bearer(raw)).json()
    second = client.get("/api/people?limit=1&offset=1", **bearer(raw)).json()
    assert first["count"] == second["count"] == 2
    assert [first["limit"], first["offset"], second["offset"]] == [1, 0, 1]
    assert {first["items"][0]["full_name"], second["items"][0]["full_name"]} == {
        "Api Person",
        "South Person",
    }


def test_filters_by_neighbourhood_and_date_range(client, world):
    data = api_records(world)
    ConversationFactory(person=data.person, date=date(2025, 9, 1))
    raw = token(world.bob)
    in_range = client.get(
        "/api/conversations?date_from=2025-08-01&date_to=2025-12-31", **bearer(raw)
    ).json()
    assert [c["date"] for c in in_range["items"]] == ["2025-09-01"]
    south = client.get(f"/api/people?neighbourhood={world.south.pk}", **bearer(raw))
    assert names(south) == ["South Person"]


def test_a_bad_filter_is_422_naming_the_parameter(client, world):
    response = client.get("/api/people?limit=0&date_from=yesterday", **bearer(token(world.bob)))
    assert response.status_code == 422
    locations = {tuple(p["loc"]) for p in response.json()["detail"]}
    assert ("query", "limit") in locations and ("query", "date_from") in locations


def test_merged_away_records_are_not_listed(client, world):
    data = api_records(world)
    PersonFactory(full_name="Old Copy", neighbourhood=world.north, merged_into=data.person)
    assert names(client.get("/api/people", **bearer(token(world.alice)))) == ["Api Person"]


def test_the_list_takes_the_same_number_of_queries_for_more_records(client, world):
    data = api_records(world)
    raw = token(world.bob)
    client.get("/api/conversations", **bearer(raw))  # last_used written once
    with CaptureQueriesContext(connection) as few:
        client.get("/api/conversations", **bearer(raw))
    for _ in range(15):
        ConversationFactory(person=PersonFactory(neighbourhood=world.south))
    ConversationFactory(person=data.person)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/conversations", **bearer(raw))
    assert response.json()["count"] == 17
    assert len(many) == len(few)


# --- Audit -----------------------------------------------------------------------


def test_every_person_read_through_the_api_is_in_their_audit_trail(client, world):
    data = api_records(world)
    client.get("/api/people", **bearer(token(world.bob)))
    client.get(f"/api/conversations/{data.conversation_id}", **bearer(token(world.alice)))
    trail = AuditEvent.objects.filter(person_id=data.person.pk, action=Action.READ)
    assert set(trail.values_list("username", "what")) == {
        ("bob", "API: listed people"),
        ("alice", "API: read a conversation"),
    }
    south = Person.objects.get(full_name="South Person")
    assert AuditEvent.objects.filter(person_id=south.pk, username="bob").count() == 1


# --- Writes ----------------------------------------------------------------------


def test_a_coordinator_logs_a_conversation_and_it_is_audited(client, world):
    data = api_records(world)
    response = post(
        client,
        "/api/conversations",
        {
            "person_id": data.person.pk,
            "date": "2025-06-09",
            "mode": "home_visit",
            "duration_minutes": 30,
            "note": "Met at the library",
        },
        token(world.alice),
    )
    assert response.status_code == 201
    body = response.json()
    assert body["note"] == "Met at the library" and body["recorded_by"] == "alice"
    assert AuditEvent.objects.filter(
        person_id=data.person.pk, action=Action.CREATE, username="alice"
    ).exists()


def test_a_future_conversation_is_422_naming_the_field_and_nothing_is_saved(client, world):
    data = api_records(world)
    response = post(
        client,
        "/api/conversations",
        {"person_id": data.person.pk, "date": "2999-01-01", "mode": "phone"},
        token(world.alice),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "date"]
    assert Conversation.objects.count() == 1


def test_nul_characters_are_refused_not_a_server_error(client, world):
    data = api_records(world)
    response = post(
        client,
        "/api/conversations",
        {"person_id": data.person.pk, "date": "2025-06-09", "mode": "phone", "note": "a\x00b"},
        token(world.alice),
    )
    assert response.status_code == 422


def test_introducing_someone_new_creates_the_person(client, world):
    response = post(
        client,
        "/api/introductions",
        {
            "person": {"full_name": "New Neighbour", "neighbourhood_id": world.north.pk},
            "date": "2025-10-01",
            "source": "council",
            "challenges": ["isolation"],
            "hopes": "To meet people",
        },
        token(world.alice),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["source"] == "council" and body["challenges"] == ["isolation"]
    assert Person.objects.get(pk=body["person_id"]).full_name == "New Neighbour"


def test_introducing_someone_new_outside_your_patch_is_404(client, world):
    response = post(
        client,
        "/api/introductions",
        {"person": {"full_name": "X Y", "neighbourhood_id": world.south.pk}, "date": "2025-10-01"},
        token(world.alice),
    )
    assert response.status_code == 404
    assert not Person.objects.filter(full_name="X Y").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "2025-10-01"}, "person_id"),
        (
            {
                "date": "2025-10-01",
                "person_id": 1,
                "person": {"full_name": "A", "neighbourhood_id": 1},
            },
            "person_id",
        ),
        ({"date": "2025-10-01", "PERSON": 1, "source": "no-such-source"}, "person_id"),
    ],
)
def test_an_introduction_must_name_one_person(client, world, body, field):
    response = post(client, "/api/introductions", body, token(world.alice))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", field]


def test_an_unknown_challenge_is_422_and_nothing_is_saved(client, world):
    data = api_records(world)
    response = post(
        client,
        "/api/introductions",
        {"person_id": data.person.pk, "date": "2025-10-01", "challenges": ["flying"]},
        token(world.alice),
    )
    assert response.status_code == 422
    assert "flying" in response.json()["detail"][0]["msg"]
    assert Introduction.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "english", "welsh"),
    [
        ("source", "stork", "Unknown source code 'stork'", "Cod ffynhonnell anhysbys 'stork'"),
        ("challenges", ["flying"], "Unknown challenge codes: flying", "Codau her anhysbys: flying"),
    ],
)
def test_an_unknown_list_code_is_named_in_the_readers_language(
    client, world, field, value, english, welsh
):
    data = api_records(world)
    body = json.dumps({"person_id": data.person.pk, "date": "2025-10-01", field: value})
    headers = bearer(token(world.alice))
    for language, words in (("en-gb", english), ("cy", welsh)):
        response = client.post(
            "/api/introductions",
            body,
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
            **headers,
        )
        assert response.status_code == 422
        assert response.json()["detail"][0]["msg"] == words
    assert Introduction.objects.count() == 1


# --- Making tokens ---------------------------------------------------------------


def test_the_command_prints_a_token_once_that_works(client, world):
    out = StringIO()
    call_command("api_token", "alice", "--scope", "people:read", stdout=out)
    raw = out.getvalue().splitlines()[1]
    assert client.get("/api/people", **bearer(raw)).status_code == 200


def test_the_command_refuses_scopes_the_role_does_not_allow(world):
    with pytest.raises(CommandError, match="eve's roles do not allow people:read"):
        call_command("api_token", "eve", "--scope", "people:read", stdout=StringIO())


def test_the_command_names_an_unknown_user(world):
    with pytest.raises(CommandError, match="No active user called 'nobody'"):
        call_command("api_token", "nobody", "--scope", "people:read", stdout=StringIO())


def test_the_account_page_makes_a_token_shown_once(client_for, world):
    client = client_for("alice")
    page = client.get("/api/tokens/").content.decode()
    assert "people:read" in page and "reports:read" not in page  # only what her role allows
    response = client.post("/api/tokens/", {"name": "Data hub", "scopes": ["people:read"]})
    text = response.content.decode()
    assert "Copy it now: it will not be shown again" in text
    raw = text.split('<code style="word-break: break-all">')[1].split("</code>")[0]
    assert client.get("/api/people", **bearer(raw)).status_code == 200
    again = client.get("/api/tokens/").content.decode()
    assert raw not in again and "Data hub" in again


def test_a_token_form_without_scopes_names_the_field(client_for, world):
    response = client_for("alice").post("/api/tokens/", {"name": "Hub"})
    assert "Choose at least one thing the token may do" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_from_the_page_stops_the_token(client_for, client, world):
    raw = token(world.alice, ["people:read"])
    stored = ApiToken.objects.get()
    signed_in = client_for("alice")
    response = signed_in.post(f"/api/tokens/{stored.pk}/revoke/", follow=True)
    assert "revoked: it no longer works" in response.content.decode()
    assert signed_in.get("/api/people", **bearer(raw)).status_code == 401


def test_nobody_revokes_someone_elses_token(client_for, world):
    token(world.alice, ["people:read"])
    stored = ApiToken.objects.get()
    assert client_for("bob").post(f"/api/tokens/{stored.pk}/revoke/").status_code == 404
    stored.refresh_from_db()
    assert stored.revoked is None


def test_an_unknown_query_parameter_is_422_not_silently_ignored(client, world):
    api_records(world)
    response = client.get(f"/api/people?neighborhood={world.south.pk}", **bearer(token(world.bob)))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "neighborhood"]


# --- Social value runs --------------------------------------------------------


def test_an_evaluative_run_gives_its_ratio_counted_from_records_and_with_assumptions(client, world):
    from lac.evaluation.services import run_create
    from tests.evaluation.factories import stored_map

    impact_map = stored_map(
        world.programme,
        bindings={"joined": {"kind": "event_people", "parameter": "joined-group"}},
    )
    run = run_create(
        version=impact_map.versions.get(),
        start=date(2025, 4, 1),
        end=date(2026, 3, 31),
        draws=50,
        seed=1,
        actor=Actor(),
    )
    raw = token(world.user("lena"), ["reports:read"])
    listed = client.get("/api/runs", **bearer(raw)).json()["items"][0]
    assert listed["counted_sroi_ratio"] == 0.0
    assert listed["sroi_ratio"] == pytest.approx(1000 / 1.035 / 10000)
    assert listed["status"] == "draft"
    detail = client.get(f"/api/runs/{run.pk}", **bearer(raw)).json()
    split = detail["counted_and_assumed"]
    assert split["counted_present_value"] == 0.0
    assert split["assumed_present_value"] == pytest.approx(1000 / 1.035)
    assert split["by_stakeholder"]["people"]["assumed_present_value"] == pytest.approx(1000 / 1.035)


@pytest.mark.parametrize("path", ["/api/introductions", "/api/conversations"])
@pytest.mark.parametrize("depth", [5_000, 1_000_000])
def test_deeply_nested_json_is_a_clear_400_not_a_crash(client, world, path, depth):
    body = '{"person_id": ' + "[" * depth + "]" * depth + "}"
    response = client.post(
        path, body, content_type="application/json", **bearer(token(world.alice))
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Cannot parse request body"
    assert not Introduction.objects.exists() and not Conversation.objects.exists()
