"""Closing asks for the last assessment and what changed in the same flow, or
why there is nothing to record; a closure that says why is not chased."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.utils import timezone

from lac.casework.models import ClosureReason, StatusChange
from lac.casework.outcome_gaps import GAPS_BY_KEY, people_with_gap
from lac.casework.services import default_lists_ensure
from lac.outcomes.models import OutcomeEventType
from lac.outcomes.services import defaults_ensure
from lac.people.models import Level, Person, Status
from tests.people.factories import PersonFactory


@pytest.fixture
def person(world):
    default_lists_ensure()
    defaults_ensure()
    return PersonFactory(full_name="Ivy Ash", neighbourhood=world.north, level=Level.LEVEL_2)


def close(client, person):
    today = str(timezone.localdate())
    StatusChange.objects.create(person=person, status=Status.ACTIVE, date=today)
    return client.post(
        f"/casework/people/{person.pk}/status/",
        {"status": "closed", "date": today, "reason": ClosureReason.objects.first().pk},
    )


def closed_without_outcome() -> list[Person]:
    gap = GAPS_BY_KEY["closed_without_outcome"]
    return list(people_with_gap(Person.objects.all(), gap, timezone.localdate()))


def test_closing_goes_on_to_record_what_changed(client_for, client, person):
    client_for("alice")
    response = close(client, person)
    assert response.url == f"/casework/people/{person.pk}/closure/"
    page = client.get(response.url).text
    assert "Record what changed" in page
    assert page.count("Not yet") == 2
    assert f"/outcomes/people/{person.pk}/assessments/new/?kind=last" in page


def test_skipping_needs_a_reason_naming_the_field(client_for, client, person):
    client_for("alice")
    close(client, person)
    page = client.post(f"/casework/people/{person.pk}/closure/", {"reason": "  "})
    assert "Enter why there is no final assessment or outcome to record" in page.text
    assert closed_without_outcome() == [person]


def test_a_closure_that_says_why_is_not_chased(client_for, client, person):
    client_for("alice")
    close(client, person)
    response = client.post(f"/casework/people/{person.pk}/closure/", {"reason": "Moved to Cardiff"})
    assert response.status_code == HTTPStatus.FOUND
    assert closed_without_outcome() == []
    assert StatusChange.objects.get(status="closed").outcome_skipped == "Moved to Cardiff"


def test_what_changed_recorded_from_the_closure_returns_to_it(client_for, client, person):
    client_for("alice")
    close(client, person)
    here = f"/casework/people/{person.pk}/closure/"
    event_type = OutcomeEventType.objects.first()
    response = client.post(
        f"/outcomes/people/{person.pk}/changes/new/?next={here}",
        {"event_type": event_type.pk, "date": str(timezone.localdate()), "next": here},
    )
    assert response.url == here
    assert "Completed" in client.get(here).text


def test_the_flow_never_sends_anyone_to_another_site(client_for, client, person):
    client_for("alice")
    close(client, person)
    event_type = OutcomeEventType.objects.first()
    response = client.post(
        f"/outcomes/people/{person.pk}/changes/new/",
        {
            "event_type": event_type.pk,
            "date": str(timezone.localdate()),
            "next": "https://elsewhere.example/",
        },
    )
    assert response.url == f"/people/{person.pk}/"


def test_an_active_person_has_no_closure_step(client_for, client, person):
    client_for("alice")
    response = client.get(f"/casework/people/{person.pk}/closure/")
    assert response.url == f"/people/{person.pk}/"
