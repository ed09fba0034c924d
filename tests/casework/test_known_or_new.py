"""An introduction is of someone known or someone new: one service, every entry path.

The web's two pages (new introduction, introduce again) and the API's one operation
all record through ``casework.services.introduction_create``; these tests drive the
rule through each path and the service itself.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lac.audit.actor import Actor
from lac.casework import services
from lac.casework.models import Introduction, IntroductionSource
from lac.people.models import Person
from tests.api.data import bearer, token
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_someone_known_is_introduced_again_with_no_second_record(world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north)
    introduction = services.introduction_create(
        known=person, date=today, actor=Actor(user=world.alice)
    )
    assert introduction.person == person
    assert Person.objects.count() == 1


def test_someone_new_gets_a_record_with_their_first_introduction(world):
    today = timezone.localdate()
    new = services.NewPerson(
        full_name="Nell Ashgrove", neighbourhood=world.north, phone="01632 960001"
    )
    introduction = services.introduction_create(new=new, date=today, actor=Actor(user=world.alice))
    person = introduction.person
    assert (person.full_name, person.phone, person.neighbourhood) == (
        "Nell Ashgrove",
        "01632 960001",
        world.north,
    )
    assert person.coordinator == world.alice


@pytest.mark.parametrize("both", [True, False])
def test_neither_or_both_is_refused_naming_the_field(world, both):
    today = timezone.localdate()
    known = PersonFactory(neighbourhood=world.north) if both else None
    new = services.NewPerson(full_name="A B", neighbourhood=world.north) if both else None
    with pytest.raises(ValidationError) as refused:
        services.introduction_create(
            known=known, new=new, date=today, actor=Actor(user=world.alice)
        )
    assert refused.value.message_dict == {"person_id": [services.KNOWN_OR_NEW]}
    assert not Introduction.objects.exists()


def test_the_web_introduces_someone_new_and_someone_known_through_it(client_for, world):
    today = timezone.localdate()
    services.default_lists_ensure()
    source = IntroductionSource.objects.get(code="primary-health").pk
    client = client_for("alice")
    day = today - timedelta(days=3)
    client.post(
        "/casework/introductions/new/",
        {
            "full_name": "Wren Hollis",
            "neighbourhood": world.north.pk,
            "level": "1",
            "date": str(day),
            "source": source,
        },
    )
    person = Person.objects.get(full_name="Wren Hollis")
    client.post(
        f"/casework/people/{person.pk}/introductions/new/", {"date": str(today), "source": source}
    )
    assert list(person.introductions.values_list("date", flat=True).order_by("date")) == [
        day,
        today,
    ]


def test_the_api_names_the_same_field_with_the_same_message(client, world):
    today = timezone.localdate()
    response = client.post(
        "/api/introductions",
        json.dumps({"date": today.isoformat()}),
        content_type="application/json",
        **bearer(token(world.alice)),
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "person_id"], "msg": services.KNOWN_OR_NEW, "type": "value_error"}
    ]


def test_an_introduction_is_built_where_the_person_is_for_the_service_and_bulk_create(world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.south)
    built = services.introduction_build(person=person, date=today)
    assert built.pk is None
    assert (built.programme_id, built.neighbourhood) == (world.south.programme_id, world.south)
    recorded = services.introduction_create(known=person, date=today, actor=Actor(user=world.bob))
    assert (recorded.programme_id, recorded.neighbourhood) == (built.programme_id, world.south)
