"""Every form that creates a record saves it once, however often the browser sends it; the
repeat shows the record already saved (issue 17 item 2: assessments, what changed, services
avoided, connections, contributions, households, consent, steps and repeat introductions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
from django.utils import timezone

from lac.casework.models import Goal, Introduction, IntroductionSource, Step
from lac.community.models import Connection, Contribution
from lac.outcomes.models import Assessment, AvoidedService, OutcomeEvent, OutcomeEventType
from lac.people.models import Household, Person
from lac.submissions.services import ALREADY_SAVED
from tests.casework.factories import GoalFactory
from tests.community.factories import AssetFactory
from tests.outcomes.factories import default_version, shared_cost
from tests.people.factories import PersonFactory
from tests.submissions.test_save_once import once_key


@dataclass(frozen=True)
class Case:
    """A form page of a person, what to send it, and the records it makes of them."""

    name: str
    path: str
    data: Callable[[Any, Person], dict[str, Any]]
    saved: Callable[[Person], Any]
    message: str


def assessment(world: Any, person: Person) -> dict[str, Any]:
    today = timezone.localdate().isoformat()
    money = default_version().domains.get(key="money").pk
    return {"date": today, "kind": "first", f"domain_{money}": "2"}


def outcome_event(world: Any, person: Person) -> dict[str, Any]:
    today = timezone.localdate().isoformat()
    joined = OutcomeEventType.objects.get(code="joined-group", programme=None)
    return {"event_type": joined.pk, "date": today, "note": "Goes to the lunch club"}


def avoided_service(world: Any, person: Person) -> dict[str, Any]:
    today = timezone.localdate().isoformat()
    cost = shared_cost("A&E attendance")
    return {"unit_cost": cost.pk, "quantity": "1", "confidence": "evidenced", "date": today}


def connection(world: Any, person: Person) -> dict[str, Any]:
    today = timezone.localdate().isoformat()
    cafe = AssetFactory(programme=world.programme, name="Brook Café", neighbourhoods=[world.north])
    return {"kind": "asset", "date": today, "asset": cafe.pk}


def contribution(world: Any, person: Person) -> dict[str, Any]:
    today = timezone.localdate().isoformat()
    return {"kind": "volunteering", "hours": "3", "started": today, "description": "Café shifts"}


def step(world: Any, person: Person) -> dict[str, Any]:
    return {"description": "Ring the walking group"}


def reintroduction(world: Any, person: Person) -> dict[str, Any]:
    today = timezone.localdate().isoformat()
    source = IntroductionSource.objects.get(code="primary-health")
    return {"date": today, "source": source.pk}


def consent(world: Any, person: Person) -> dict[str, Any]:
    today = timezone.localdate().isoformat()
    return {"topic": "sharing", "method": "written", "given_on": today}


def first_goal(person: Person) -> Goal:
    return GoalFactory(person=person)


CASES = [
    Case(
        "assessment",
        "/outcomes/people/{pk}/assessments/new/",
        assessment,
        lambda p: Assessment.objects.filter(person=p),
        "Progress scores saved",
    ),
    Case(
        "what changed",
        "/outcomes/people/{pk}/changes/new/",
        outcome_event,
        lambda p: OutcomeEvent.objects.filter(person=p),
        "Saved: Joined a community group",
    ),
    Case(
        "service avoided",
        "/outcomes/people/{pk}/services-avoided/new/",
        avoided_service,
        lambda p: AvoidedService.objects.filter(person=p),
        "Saved: A&E attendance avoided",
    ),
    Case(
        "connection",
        "/community/people/{pk}/connections/add/",
        connection,
        lambda p: Connection.objects.filter(person=p),
        "Connection recorded: Brook Café",
    ),
    Case(
        "contribution",
        "/community/people/{pk}/contributions/add/",
        contribution,
        lambda p: Contribution.objects.filter(person=p),
        "Contribution recorded: Volunteering",
    ),
    Case(
        "household",
        "/people/{pk}/household/new/",
        lambda world, person: {"name": "The Brook family", "notes": ""},
        lambda p: Household.objects.filter(name="The Brook family"),
        "The Brook family started with",
    ),
    Case(
        "consent",
        "/people/{pk}/consent/new/",
        consent,
        lambda p: p.consents.all(),
        "Consent recorded",
    ),
    Case(
        "step",
        "/casework/people/{pk}/goals/{goal}/steps/new/",
        step,
        lambda p: Step.objects.filter(goal__person=p),
        "Step added",
    ),
    Case(
        "repeat introduction",
        "/casework/people/{pk}/introductions/new/",
        reintroduction,
        lambda p: Introduction.objects.filter(person=p),
        "New introduction of",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_form_sent_twice_saves_one_record_and_the_repeat_says_it_was_already_saved(
    client_for, world, case
):
    person = PersonFactory(neighbourhood=world.north)
    client = client_for("alice")
    url = case.path.format(pk=person.pk, goal=first_goal(person).pk)
    before = case.saved(person).count()
    data = case.data(world, person) | {"once": once_key(client.get(url).content.decode())}

    first = client.post(url, data, follow=True)
    assert first.redirect_chain, unescape(first.content.decode())
    assert case.message in unescape(first.content.decode())
    again = client.post(url, data, follow=True)

    assert case.saved(person).count() == before + 1
    assert again.redirect_chain[-1][0] == first.redirect_chain[-1][0]
    page = unescape(again.content.decode())
    assert str(ALREADY_SAVED) in page
    assert case.message not in page  # one clear message, not "saved" as well


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_showing_of_the_form_carries_a_new_key(client_for, world, case):
    person = PersonFactory(neighbourhood=world.north)
    client = client_for("alice")
    url = case.path.format(pk=person.pk, goal=first_goal(person).pk)
    keys = {once_key(client.get(url).content.decode()) for _ in range(2)}
    assert len(keys) == 2


def test_a_refused_form_keeps_its_key_so_the_corrected_one_saves_once(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    client = client_for("alice")
    url = f"/outcomes/people/{person.pk}/changes/new/"
    data = outcome_event(world, person) | {"once": once_key(client.get(url).content.decode())}
    refused = client.post(url, data | {"date": "2025-02-30"})
    assert refused.status_code == 200 and once_key(refused.content.decode()) == data["once"]
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert OutcomeEvent.objects.filter(person=person).count() == 1
