"""Lone working through the API: start, extend, end and list your own visits, through the
web's services, refused in the web's words."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from lac.api.models import Scope
from lac.safety import services
from lac.safety.models import Visit, VisitEvent
from tests.api.data import bearer, token
from tests.people.factories import PersonFactory


@pytest.fixture
def alice_api(client, world):
    headers = bearer(token(world.alice, scopes=(Scope.VISITS_READ, Scope.VISITS_WRITE)))

    def call(method: str, path: str, body: dict | None = None):
        if method == "get":
            return client.get(path, **headers)
        return client.post(path, json.dumps(body or {}), content_type="application/json", **headers)

    return call


def _back_in(minutes: int) -> str:
    return (timezone.now() + timedelta(minutes=minutes)).isoformat()


def _start(api, place: str, expected_back: str, **more):
    return api("post", "/api/visits", {"place": place, "expected_back": expected_back, **more})


def _problems(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {"/".join(map(str, p["loc"])): p["msg"] for p in response.json()["detail"]}


def test_a_visit_is_started_extended_and_ended_through_the_api(alice_api, world):
    person = PersonFactory(neighbourhood=world.north)
    started = alice_api(
        "post",
        "/api/visits",
        {"place": "Home visit", "expected_back": _back_in(60), "person_id": person.pk},
    )
    assert started.status_code == 201, started.content
    body = started.json()
    assert (body["place"], body["person_id"], body["ended_at"], body["overdue"]) == (
        "Home visit",
        person.pk,
        None,
        False,
    )
    visit = Visit.objects.get(pk=body["id"])
    assert (visit.coordinator, visit.programme) == (world.alice, world.programme)
    back = visit.expected_back
    extended = alice_api("post", f"/api/visits/{visit.pk}/extend", {"minutes": 30})
    assert extended.status_code == 200
    visit.refresh_from_db()
    assert visit.expected_back == back + timedelta(minutes=30)
    ended = alice_api("post", f"/api/visits/{visit.pk}/end")
    assert ended.status_code == 200 and ended.json()["ended_at"] is not None
    kinds = list(VisitEvent.objects.filter(visit=visit).values_list("kind", flat=True))
    assert kinds == ["started", "extended", "ended"]
    again = alice_api("post", f"/api/visits/{visit.pk}/end")
    assert _problems(again) == {"body": services.VISIT_ALREADY_ENDED}


def test_the_api_refuses_in_the_webs_words_naming_the_field(alice_api, client_for):
    assert _problems(
        alice_api("post", "/api/visits", {"place": " ", "expected_back": _back_in(30)})
    ) == {"body/place": services.VISIT_PLACE_NEEDED}
    assert _problems(
        alice_api("post", "/api/visits", {"place": "Library", "expected_back": _back_in(-5)})
    ) == {"body/expected_back": services.VISIT_BACK_PAST}
    naive = (timezone.now() + timedelta(hours=1)).replace(tzinfo=None).isoformat()
    problems = _problems(
        alice_api("post", "/api/visits", {"place": "Library", "expected_back": naive})
    )
    assert "must include a time zone" in problems["body/payload/expected_back"]
    assert (
        alice_api(
            "post", "/api/visits", {"place": "Library", "expected_back": _back_in(30)}
        ).status_code
        == 201
    )
    assert _problems(
        alice_api("post", "/api/visits", {"place": "Café", "expected_back": _back_in(30)})
    ) == {"body": services.VISIT_ALREADY_OPEN}
    web = client_for("alice").post("/safety/visits/start/", {"place": "Café", "back_in": "30"})
    assert "You already have a visit under way" in web.content.decode()
    visit = Visit.objects.get()
    assert _problems(alice_api("post", f"/api/visits/{visit.pk}/extend", {"minutes": 20})) == {
        "body/minutes": services.VISIT_EXTEND_CHOICE
    }


def test_your_visits_say_which_is_overdue_and_the_manager_sees_it(alice_api, client_for, world):
    _start(alice_api, "Library", _back_in(30))
    Visit.objects.update(expected_back=timezone.now() - timedelta(minutes=5))
    listed = alice_api("get", "/api/visits").json()
    assert listed["count"] == 1 and listed["items"][0]["overdue"] is True
    for page in ("/", "/casework/team/"):
        html = client_for("bob").get(page).content.decode()
        assert "1 visit overdue: not back when expected." in html, page


def test_a_token_without_the_visit_scopes_is_refused(client, world):
    headers = bearer(token(world.alice, scopes=(Scope.PEOPLE_READ,)))
    assert client.get("/api/visits", **headers).status_code == 403
    response = client.post(
        "/api/visits",
        json.dumps({"place": "Library", "expected_back": _back_in(30)}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403 and not Visit.objects.exists()
