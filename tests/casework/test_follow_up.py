"""No one forgotten: every introduction leaves a next contact, "No next contact"
heads the caseload, and the coordinator's home starts with today and their month."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lac.audit.actor import Actor
from lac.casework.models import Conversation, Introduction, IntroductionSource
from lac.casework.services import default_lists_ensure, introduction_record, person_introduce
from lac.people.models import Level, Person, Status
from tests.api.data import token
from tests.api.test_api import post
from tests.people.factories import PersonFactory


@pytest.fixture(autouse=True)
def lists(db):
    default_lists_ensure()


def introduce_on_the_web(client, world, **extra):
    data = {
        "full_name": "Mabel Meadowsweet",
        "neighbourhood": world.north.pk,
        "date": str(timezone.localdate()),
        "source": IntroductionSource.objects.first().pk,
        "level": "1",
        **extra,
    }
    return client.post("/casework/introductions/new/", data)


def test_the_new_introduction_page_suggests_the_programmes_next_contact(client_for, client, world):
    world.programme.next_contact_days = 10
    world.programme.save()
    client_for("alice")
    page = client.get("/casework/introductions/new/")
    suggested = timezone.localdate() + timedelta(days=10)
    assert f'value="{suggested:%Y-%m-%d}"' in page.text
    assert "Next contact" in page.text


def test_a_web_introduction_keeps_the_next_contact_given(client_for, client, world):
    client_for("alice")
    chosen = timezone.localdate() + timedelta(days=3)
    introduce_on_the_web(client, world, next_contact_date=str(chosen))
    assert Person.objects.get().next_contact_date == chosen


def test_a_web_introduction_left_empty_gets_the_programmes_gap(client_for, client, world):
    client_for("alice")
    introduce_on_the_web(client, world, next_contact_date="")
    assert Person.objects.get().next_contact_date == timezone.localdate() + timedelta(days=14)


def test_a_next_contact_before_the_introduction_names_the_field(client_for, client, world):
    client_for("alice")
    earlier = timezone.localdate() - timedelta(days=1)
    page = introduce_on_the_web(client, world, next_contact_date=str(earlier))
    assert "The next contact must be on or after the introduction" in page.text
    assert not Person.objects.exists()


def test_an_api_introduction_gets_the_programmes_gap(client, world):
    response = post(
        client,
        "/api/introductions",
        {
            "person": {"full_name": "New Neighbour", "neighbourhood_id": world.north.pk},
            "date": "2025-10-01",
        },
        token(world.alice),
    )
    assert response.status_code == 201, response.content
    person = Person.objects.get(full_name="New Neighbour")
    assert str(person.next_contact_date) == "2025-10-15"


def test_introducing_a_closed_person_again_sets_a_next_contact(world):
    today = timezone.localdate()
    introduction = person_introduce(
        full_name="Ivy Ash", neighbourhood=world.north, date=today, actor=Actor(user=world.alice)
    )
    person = introduction.person
    Person.objects.filter(pk=person.pk).update(status=Status.CLOSED, next_contact_date=None)
    person.refresh_from_db()
    introduction_record(person=person, date=today, actor=Actor(user=world.alice))
    person.refresh_from_db()
    assert person.status == Status.ACTIVE
    assert person.next_contact_date == today + timedelta(days=14)


def test_the_conversation_form_suggests_the_next_contact(client_for, client, world):
    person = PersonFactory(neighbourhood=world.north)
    client_for("alice")
    page = client.get(f"/casework/people/{person.pk}/conversations/new/")
    assert f'value="{timezone.localdate() + timedelta(days=14):%Y-%m-%d}"' in page.text


def test_no_next_contact_heads_the_caseload_with_a_count(client_for, client, world):
    today = timezone.localdate()
    PersonFactory(
        full_name="Olive Overdue",
        neighbourhood=world.north,
        next_contact_date=today - timedelta(days=3),
    )
    PersonFactory(full_name="Nell Nodate", neighbourhood=world.north, next_contact_date=None)
    PersonFactory(full_name="Nora Nodate", neighbourhood=world.north, next_contact_date=None)
    client_for("alice")
    text = client.get("/casework/").text
    assert "2 with no next contact" in text
    assert "No next contact (2)" in text
    assert (
        text.index("No next contact (2)")
        < text.index("Nell Nodate")
        < text.index("Overdue (1)")
        < text.index("Olive Overdue")
    )


def test_the_coordinators_home_shows_today_and_their_month(client_for, client, world):
    today = timezone.localdate()
    due = PersonFactory(
        full_name="Tess Today",
        neighbourhood=world.north,
        coordinator=world.alice,
        next_contact_date=today,
        level=Level.LEVEL_2,
    )
    PersonFactory(
        neighbourhood=world.north,
        coordinator=world.alice,
        next_contact_date=today + timedelta(days=3),
    )
    Conversation.objects.create(person=due, date=today, mode="phone", recorded_by=world.alice)
    Conversation.objects.create(person=due, date=today, mode="phone", recorded_by=world.amir)
    client_for("alice")
    text = client.get("/").text
    assert "Tess Today" in text.split("Your month so far")[0]
    assert "Due in the next 7 days after today: 1." in text
    assert 'Conversations you logged</dt><dd class="govuk-summary-list__value">1<' in text
    assert "2, 1 at Level 2" in text
    assert Introduction.objects.count() == 0


def test_the_coordinators_home_makes_the_same_queries_for_more_people(
    client_for, client, world, django_assert_max_num_queries
):
    client_for("alice")
    PersonFactory(
        neighbourhood=world.north, coordinator=world.alice, next_contact_date=timezone.localdate()
    )
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(15):
        PersonFactory(
            neighbourhood=world.north,
            coordinator=world.alice,
            next_contact_date=timezone.localdate(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")
