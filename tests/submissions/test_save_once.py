"""A form or API POST sent twice saves one record; the repeat shows the record already saved
(issue 17 item 2)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from lac.casework.models import Conversation, Introduction, LevelChange
from lac.people.models import Level
from lac.submissions.services import ALREADY_SAVED, KEY_TOO_LONG
from tests.api.data import api_records, bearer, token
from tests.people.factories import PersonFactory


def once_key(page: str) -> str:
    match = re.search(r'name="once" value="([^"]+)"', page)
    assert match, "the form carries no one-time key"
    return match.group(1)


def test_a_conversation_form_sent_twice_saves_one_conversation_and_says_so(client_for, world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north)
    client = client_for("alice")
    url = f"/casework/people/{person.pk}/conversations/new/"
    key = once_key(client.get(url).content.decode())
    data = {
        "date": today.isoformat(),
        "mode": "phone",
        "note": "Talked about the allotment",
        "once": key,
    }
    first = client.post(url, data)
    again = client.post(url, data, follow=True)
    assert first.status_code == 302 and again.redirect_chain[-1][0] == first["Location"]
    assert Conversation.objects.filter(person=person).count() == 1
    page = unescape(again.content.decode())
    assert str(ALREADY_SAVED) in page
    assert "Talked about the allotment" in page or "Phone" in page


def test_each_showing_of_the_form_has_its_own_key(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    client = client_for("alice")
    url = f"/casework/people/{person.pk}/conversations/new/"
    assert once_key(client.get(url).content.decode()) != once_key(client.get(url).content.decode())


def test_a_form_refused_once_can_be_corrected_and_sent_with_the_same_key(client_for, world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north)
    client = client_for("alice")
    url = f"/casework/people/{person.pk}/conversations/new/"
    key = once_key(client.get(url).content.decode())
    future = (today + timedelta(days=2)).isoformat()
    refused = client.post(url, {"date": future, "mode": "phone", "once": key})
    assert refused.status_code == 200 and once_key(refused.content.decode()) == key
    assert (
        client.post(url, {"date": today.isoformat(), "mode": "phone", "once": key}).status_code
        == 302
    )
    assert Conversation.objects.filter(person=person).count() == 1


def test_a_level_change_sent_twice_is_saved_once_and_the_repeat_is_not_an_error(client_for, world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north, level=Level.LEVEL_1)
    client = client_for("alice")
    url = f"/casework/people/{person.pk}/level/"
    key = once_key(client.get(url).content.decode())
    data = {"level": "2", "date": today.isoformat(), "seen_level": "1", "once": key}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert LevelChange.objects.filter(person=person).count() == 1


def post(client, body, raw, key=None):
    headers = bearer(raw) | ({"HTTP_IDEMPOTENCY_KEY": key} if key else {})
    return client.post(
        "/api/conversations", json.dumps(body), content_type="application/json", **headers
    )


@pytest.fixture
def api_conversation(world):
    data = api_records(world)
    return {"person_id": data.person.pk, "date": "2025-06-09", "mode": "home_visit", "note": "x"}


def test_an_api_post_retried_with_its_idempotency_key_answers_with_the_first_record(
    client, world, api_conversation
):
    raw = token(world.alice)
    first = post(client, api_conversation, raw, key="retry-1")
    again = post(client, api_conversation, raw, key="retry-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Conversation.objects.filter(note="x").count() == 1
    assert post(client, api_conversation, raw, key="retry-2").json()["id"] != first.json()["id"]


def test_without_an_idempotency_key_each_api_post_saves(client, world, api_conversation):
    raw = token(world.alice)
    post(client, api_conversation, raw)
    post(client, api_conversation, raw)
    assert Conversation.objects.filter(note="x").count() == 2


def test_the_same_key_from_another_user_is_theirs_alone(client, world, api_conversation):
    post(client, api_conversation, token(world.alice), key="shared")
    other = post(client, api_conversation, token(world.bob), key="shared")
    assert other.status_code in (201, 404)  # bob saves his own, or may not see the person
    assert Conversation.objects.filter(note="x", recorded_by=world.alice).count() == 1


def test_an_overlong_idempotency_key_is_refused_naming_the_header(client, world, api_conversation):
    response = post(client, api_conversation, token(world.alice), key="k" * 201)
    assert response.status_code == 422
    assert str(KEY_TOO_LONG) in response.content.decode()
    assert not Conversation.objects.filter(note="x").exists()


def test_an_introduction_retried_through_the_api_makes_one_person(client, world):
    raw = token(world.alice)
    body = {
        "date": "2025-06-01",
        "person": {"full_name": "Orla Retry", "neighbourhood_id": world.north.pk},
        "challenges": [],
    }
    headers = bearer(raw) | {"HTTP_IDEMPOTENCY_KEY": "intro-1"}
    responses = [
        client.post(
            "/api/introductions", json.dumps(body), content_type="application/json", **headers
        )
        for _ in range(2)
    ]
    assert [r.status_code for r in responses] == [201, 201], responses[0].content
    assert Introduction.objects.filter(person__full_name="Orla Retry").count() == 1


def test_a_new_introduction_sent_twice_makes_one_person(client_for, world):
    today = timezone.localdate()
    from lac.casework.models import IntroductionSource
    from lac.people.models import Person

    client = client_for("alice")
    url = "/casework/introductions/new/"
    data = {
        "full_name": "Orla Twice",
        "neighbourhood": world.north.pk,
        "date": today.isoformat(),
        "level": "1",
        "source": IntroductionSource.objects.get(code="primary-health").pk,
        "once": once_key(client.get(url).content.decode()),
    }
    first = client.post(url, data)
    again = client.post(url, data, follow=True)
    assert first.status_code == 302 and again.redirect_chain[-1][0] == first["Location"]
    assert Person.objects.filter(full_name="Orla Twice").count() == 1
    assert str(ALREADY_SAVED) in unescape(again.content.decode())


def test_a_goal_sent_twice_is_added_once(client_for, world):
    today = timezone.localdate()
    from lac.casework.models import Goal

    person = PersonFactory(neighbourhood=world.north)
    client = client_for("alice")
    url = f"/casework/people/{person.pk}/goals/new/"
    key = once_key(client.get(url).content.decode())
    data = {"title": "Join the walking group", "set_on": today.isoformat(), "once": key}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Goal.objects.filter(person=person).count() == 1
