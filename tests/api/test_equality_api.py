"""The REST API carries the equality answers and the NHS number with the same codes and
the same rules as the web form."""

from __future__ import annotations

import json
from datetime import date

from lac.people.equality import EQUALITY_FIELDS
from lac.people.models import ConsentTopic, Person
from tests.api.data import bearer, token
from tests.people.factories import ConsentFactory, PersonFactory


def put(client, person, answers, user):
    return client.put(
        f"/api/people/{person.pk}/equality",
        data=json.dumps(dict.fromkeys(EQUALITY_FIELDS) | answers),
        content_type="application/json",
        **bearer(token(user)),
    )


def test_answers_are_recorded_with_consent_and_read_back_as_census_codes(client, world):
    person = PersonFactory(neighbourhood=world.north, coordinator=world.alice)
    ConsentFactory(person=person, topic=ConsentTopic.EQUALITY, given_on=date(2025, 3, 1))
    response = put(client, person, {"sex": "female", "ethnic_group": "white_irish"}, world.alice)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["sex"], body["ethnic_group"], body["religion"]) == ("female", "white_irish", "")


def test_without_consent_the_answers_are_refused_naming_the_question(client, world):
    person = PersonFactory(neighbourhood=world.north, coordinator=world.alice)
    response = put(client, person, {"disability": "limited_a_lot"}, world.alice)
    assert response.status_code == 422
    assert "disability" in json.dumps(response.json())
    assert Person.objects.get(pk=person.pk).disability == ""


def test_an_answer_outside_the_census_list_is_422(client, world):
    person = PersonFactory(neighbourhood=world.north, coordinator=world.alice)
    response = put(client, person, {"sex": "unknown"}, world.alice)
    assert response.status_code == 422


def test_a_new_persons_nhs_number_is_checked_and_stored_as_digits(client, world):
    body = {
        "person": {
            "full_name": "Api Newcomer",
            "neighbourhood_id": world.north.pk,
            "nhs_number": "943 476 5919",
        },
        "date": "2025-06-01",
    }
    headers = bearer(token(world.alice))
    response = client.post(
        "/api/introductions", data=json.dumps(body), content_type="application/json", **headers
    )
    assert response.status_code == 201, response.content
    assert Person.objects.get(full_name="Api Newcomer").nhs_number == "9434765919"
    body["person"] |= {"full_name": "Api Wrong", "nhs_number": "9434765918"}
    response = client.post(
        "/api/introductions", data=json.dumps(body), content_type="application/json", **headers
    )
    assert response.status_code == 422
    assert "nhs_number" in json.dumps(response.json())


def test_every_answer_must_be_given_even_as_null(client, world):
    person = PersonFactory(neighbourhood=world.north, coordinator=world.alice)
    response = client.put(
        f"/api/people/{person.pk}/equality",
        data=json.dumps({"sex": None}),
        content_type="application/json",
        **bearer(token(world.alice)),
    )
    assert response.status_code == 422
