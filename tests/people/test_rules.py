"""Each record rule gives the same answer through every entry path: the service, the web
form and the API (issue 17 item 6, issue 19 item 2)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lac.casework import services as casework
from lac.casework.models import Introduction, IntroductionSource
from lac.people import rules
from lac.people.models import Person
from tests.api.data import bearer, token
from tests.people.factories import PersonFactory

TODAY = timezone.localdate()
INTRO_FUTURE = rules.DATE_IN_FUTURE.format(what="The date of the introduction")
INTRO_EARLY = rules.DATE_TOO_EARLY.format(what="The date of the introduction")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("de11aa", "DE1 1AA"), (" sw1a  2aa ", "SW1A 2AA"), ("M11AE", "M1 1AE"), ("", "")],
)
def test_a_postcode_is_stored_upper_case_with_one_space(typed, stored):
    assert rules.postcode(typed) == stored


@pytest.mark.parametrize("typed", ["ABCDEFGHIJ", "DE1", "12345", "DE1 1AAA", "Q1 1AA1"])
def test_anything_not_shaped_like_a_postcode_is_refused_naming_the_field(typed):
    with pytest.raises(ValidationError) as refused:
        rules.postcode(typed)
    assert refused.value.message_dict == {"postcode": [rules.POSTCODE_INVALID]}


def test_a_ten_character_postcode_on_the_edit_page_is_a_message_not_a_server_error(
    client_for, world
):
    person = PersonFactory(neighbourhood=world.north, postcode="DE1 1AA")
    url = f"/people/{person.pk}/edit/"
    client = client_for("alice")
    page = client.get(url).content.decode()
    assert "version" in page
    data = {
        "full_name": person.full_name,
        "neighbourhood": world.north.pk,
        "postcode": "ABCDEFGHIJ",
        "version": person.version,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert rules.POSTCODE_INVALID in unescape(response.content.decode())
    person.refresh_from_db()
    assert person.postcode == "DE1 1AA"


@pytest.mark.parametrize(
    ("when", "message"),
    [(TODAY + timedelta(days=1), INTRO_FUTURE), (date(1, 1, 1), INTRO_EARLY)],
)
def test_the_service_refuses_an_introduction_date_out_of_bounds(world, when, message):
    person = PersonFactory(neighbourhood=world.north)
    with pytest.raises(ValidationError) as refused:
        casework.introduction_record(person=person, date=when, user=world.alice)
    assert refused.value.message_dict == {"date": [message]}
    assert not Introduction.objects.filter(person=person).exists()


@pytest.mark.parametrize(
    ("when", "message"), [("9999-12-31", INTRO_FUTURE), ("0001-01-01", INTRO_EARLY)]
)
def test_the_api_refuses_an_introduction_date_out_of_bounds(client, world, when, message):
    body = {
        "date": when,
        "person": {"full_name": "Orla Bounds", "neighbourhood_id": world.north.pk},
        "challenges": [],
    }
    response = client.post(
        "/api/introductions",
        json.dumps(body),
        content_type="application/json",
        **bearer(token(world.alice)),
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Person.objects.filter(full_name="Orla Bounds").exists()


def test_the_api_refuses_a_postcode_that_is_not_one(client, world):
    body = {
        "date": TODAY.isoformat(),
        "person": {
            "full_name": "Orla Postcode",
            "neighbourhood_id": world.north.pk,
            "postcode": "ABCDEFGHIJ",
        },
        "challenges": [],
    }
    response = client.post(
        "/api/introductions",
        json.dumps(body),
        content_type="application/json",
        **bearer(token(world.alice)),
    )
    assert response.status_code == 422
    assert rules.POSTCODE_INVALID in response.content.decode()
    assert not Person.objects.filter(full_name="Orla Postcode").exists()


def test_the_web_form_refuses_an_introduction_in_year_one_with_the_same_words(client_for, world):
    client = client_for("alice")
    page = client.post(
        "/casework/introductions/new/",
        {
            "full_name": "Orla Webform",
            "neighbourhood": world.north.pk,
            "date": "0001-01-01",
            "level": "1",
            "source": IntroductionSource.objects.get(code="primary-health").pk,
        },
    )
    assert page.status_code == 200
    assert INTRO_EARLY in unescape(page.content.decode())
    assert not Person.objects.filter(full_name="Orla Webform").exists()
