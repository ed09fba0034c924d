"""Each person's preferred language (English or Welsh) is recorded on the person form and
through the API, audited like their other details, and refused with the field named when
it is not one lac speaks."""

from __future__ import annotations

import json

from lac.audit.models import AuditEvent
from lac.people.models import Person
from tests.api.data import bearer, token
from tests.people.factories import PersonFactory
from tests.people.test_views import details


def test_the_person_form_records_welsh_and_the_audit_trail_shows_the_change(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    client = client_for("alice")
    form = client.get(f"/people/{person.pk}/edit/").content.decode()
    assert "Which language should their plan, links and messages be in?" in form
    assert 'value="cy"' in form
    response = client.post(f"/people/{person.pk}/edit/", details(person, preferred_language="cy"))
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).preferred_language == "cy"
    change = AuditEvent.objects.filter(person=person).latest("pk")
    assert change.changes["preferred_language"] == ["en-gb", "cy"]


def test_leaving_the_language_unanswered_keeps_the_one_recorded(client_for, world):
    person = PersonFactory(neighbourhood=world.north, preferred_language="cy")
    client_for("alice").post(f"/people/{person.pk}/edit/", details(person, phone="01332 111222"))
    assert Person.objects.get(pk=person.pk).preferred_language == "cy"


def test_a_language_lac_does_not_speak_is_refused_naming_the_field(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    response = client_for("alice").post(
        f"/people/{person.pk}/edit/", details(person, preferred_language="fr")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select one of the options for “Which language should their plan" in page
    assert "#id_preferred_language" in page
    assert Person.objects.get(pk=person.pk).preferred_language == "en-gb"


def introduce(client, user, **person):
    body = {
        "person": {"full_name": "Api Newydd", "neighbourhood_id": user.north.pk, **person},
        "date": "2025-06-01",
    }
    return client.post(
        "/api/introductions",
        data=json.dumps(body),
        content_type="application/json",
        **bearer(token(user.alice)),
    )


def test_a_person_introduced_through_the_api_can_be_recorded_as_welsh_speaking(client, world):
    response = introduce(client, world, preferred_language="cy")
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["person_id"])
    assert person.preferred_language == "cy"
    read = client.get(f"/api/people/{person.pk}", **bearer(token(world.alice)))
    assert read.json()["preferred_language"] == "cy"


def test_the_api_refuses_a_language_it_does_not_speak_naming_the_field(client, world):
    response = introduce(client, world, preferred_language="fr")
    assert response.status_code == 422
    assert "preferred_language" in json.dumps(response.json())
    assert not Person.objects.filter(full_name="Api Newydd").exists()


def test_the_api_changes_a_persons_language_and_audits_it(client, world):
    person = PersonFactory(neighbourhood=world.north)
    response = client.put(
        f"/api/people/{person.pk}/language",
        data=json.dumps({"preferred_language": "cy"}),
        content_type="application/json",
        **bearer(token(world.alice)),
    )
    assert response.status_code == 200, response.content
    assert response.json()["preferred_language"] == "cy"
    change = AuditEvent.objects.filter(person=person).latest("pk")
    assert change.changes["preferred_language"] == ["en-gb", "cy"]
