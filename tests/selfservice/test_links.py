"""One-time links: issued to one person for one purpose, opened once, refused plainly otherwise."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.selfservice import registry
from lac.selfservice.models import PersonalLink
from lac.selfservice.services import (
    LIFE_TOO_LONG,
    LinkRefused,
    Refusal,
    personal_link_issue,
    personal_link_open,
    personal_link_use,
)
from tests.people.factories import PersonFactory


def _greeting(request, link):
    """A purpose's page that spends the link as soon as it is shown."""
    personal_link_use(link, actor=Actor.of(request))
    return HttpResponse(f"Hello, {link.person.preferred_name or 'you'}")


@pytest.fixture
def greeting(monkeypatch):
    purpose = registry.Purpose(code="greeting", label="see a greeting", view=_greeting)
    monkeypatch.setitem(registry._PURPOSES, "greeting", purpose)
    return purpose


@pytest.fixture
def person(world):
    return PersonFactory(full_name="Ada Linked", preferred_name="Ada", neighbourhood=world.north)


def issue(world, person, **kwargs):
    kwargs.setdefault("expires_in", timedelta(days=1))
    actor = Actor.working_as(world.alice, job="test")
    return personal_link_issue(actor, person=person, purpose="greeting", **kwargs)


def test_only_a_hash_of_the_token_is_kept_and_issuing_is_audited(world, person, greeting):
    issued = issue(world, person)
    link = PersonalLink.objects.get()
    assert issued.token not in link.token_hash
    assert len(issued.token) >= 40
    assert (link.person, link.issued_by, link.used) == (person, world.alice, None)
    event = AuditEvent.objects.get(object_type="selfservice.personallink")
    assert (event.user, event.person_id) == (world.alice, person.pk)
    assert event.what == "One-time link issued: see a greeting"


def test_the_person_opens_it_once_without_signing_in(client, world, person, greeting):
    issued = issue(world, person)
    first = client.get(f"/my/{issued.token}/")
    assert first.status_code == 200
    assert first.content == b"Hello, Ada"
    assert first["Cache-Control"].startswith("max-age=0")
    assert first["Referrer-Policy"] == "no-referrer"
    assert AuditEvent.objects.filter(
        what="One-time link used by the person: see a greeting"
    ).exists()

    again = client.get(f"/my/{issued.token}/")
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()


def test_an_expired_link_says_it_has_run_out(client, world, person, greeting):
    issued = issue(world, person)
    PersonalLink.objects.update(expires=timezone.now() - timedelta(seconds=1))
    response = client.get(f"/my/{issued.token}/")
    assert response.status_code == 410
    assert "This link has run out" in response.content.decode()
    assert PersonalLink.objects.get().used is None


def test_an_unknown_link_is_not_recognised(client, db):
    response = client.get("/my/not-a-real-token/")
    assert response.status_code == 404
    assert "We do not recognise this link" in response.content.decode()


def test_a_link_of_a_merged_away_record_opens_nothing(world, person, greeting):
    issued = issue(world, person)
    kept = PersonFactory(neighbourhood=world.north)
    type(person).objects.filter(pk=person.pk).update(merged_into=kept)
    with pytest.raises(LinkRefused) as refusal:
        personal_link_open(issued.token)
    assert refusal.value.reason is Refusal.UNKNOWN


def test_two_submissions_racing_cannot_both_spend_the_link(world, person, greeting):
    issued = issue(world, person)
    first = personal_link_open(issued.token)
    second = personal_link_open(issued.token)
    personal_link_use(first, actor=Actor())
    with pytest.raises(LinkRefused) as refusal:
        personal_link_use(second, actor=Actor())
    assert refusal.value.reason is Refusal.USED


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"purpose": "unheard-of"}, "purpose", "Choose what the link is for"),
        ({"expires_in": timedelta(0)}, "expires_in", "must be more than zero"),
        ({"expires_in": timedelta(days=31)}, "expires_in", LIFE_TOO_LONG.format(days=30)),
    ],
)
def test_a_link_that_cannot_be_issued_names_the_problem(
    world, person, greeting, kwargs, field, message
):
    kwargs = {"purpose": "greeting", "expires_in": timedelta(days=1), **kwargs}
    with pytest.raises(ValidationError) as error:
        personal_link_issue(Actor.working_as(world.alice, job="test"), person=person, **kwargs)
    assert message in " ".join(error.value.message_dict[field])
    assert not PersonalLink.objects.exists()


def test_a_purpose_that_opens_a_record_refuses_any_other(world, person, monkeypatch):
    purpose = registry.Purpose(
        code="household", label="see a household", view=_greeting, target_model="people.household"
    )
    monkeypatch.setitem(registry._PURPOSES, "household", purpose)
    with pytest.raises(ValidationError) as error:
        personal_link_issue(
            Actor(),
            person=person,
            purpose="household",
            target=person,
            expires_in=timedelta(hours=1),
        )
    assert error.value.message_dict["target"] == ["The link must open a people.household"]
