"""Recording a share: one service, its refusals named by field, and the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import Action, AuditEvent
from lac.disclosures import services
from lac.disclosures.models import Disclosure, Kind, LegalBasis
from lac.disclosures.services import disclosure_record
from lac.people.models import ConsentTopic
from tests.people.factories import ConsentFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return PersonFactory(full_name="Ada Share", neighbourhood=world.north)


def record(world, person, **given):
    arguments = {
        "person": person,
        "kind": Kind.SERVICE,
        "description": "Their phone number",
        "recipient": "Derby Fire and Rescue",
        "legal_basis": LegalBasis.PUBLIC_TASK,
    } | given
    return disclosure_record(Actor.working_as(world.alice, job="test"), **arguments)


def test_a_share_on_a_legal_basis_is_logged_and_audited(world, person):
    share = record(world, person)
    assert share.programme == world.programme
    assert share.recorded_by == world.alice
    assert share.basis == "The council’s public task (Article 6(1)(e))"
    event = AuditEvent.objects.get(object_type="disclosures.disclosure")
    assert event.action == Action.CREATE
    assert event.person_id == person.pk
    assert "Derby Fire and Rescue" in event.what


def test_a_share_on_the_persons_consent_names_its_topic(world, person):
    consent = ConsentFactory(person=person, topic=ConsentTopic.SHARING)
    share = record(world, person, legal_basis="", consent=consent)
    assert share.basis == "Consent: Sharing information with named services"


def test_a_share_to_a_lac_user_needs_no_recipient_name(world, person):
    share = record(world, person, recipient="", recipient_user=world.lena)
    assert share.recipient == str(world.lena)


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ({"description": "  "}, "description", services.NO_DESCRIPTION),
        ({"recipient": ""}, "recipient_name", services.NO_RECIPIENT),
        ({"legal_basis": ""}, "legal_basis", services.NO_BASIS),
        (
            {"description": "x" * 301},
            "description",
            "What was shared must be 300 characters or fewer",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(world, person, given, field, message):
    with pytest.raises(ValidationError) as refused:
        record(world, person, **given)
    assert field in refused.value.message_dict
    assert str(message) in refused.value.message_dict[field][0]
    assert not Disclosure.objects.exists()


def test_a_withdrawn_consent_is_no_basis(world, person):
    consent = ConsentFactory(person=person, withdrawn_on=date(2025, 1, 2))
    with pytest.raises(ValidationError) as refused:
        record(world, person, legal_basis="", consent=consent)
    assert refused.value.message_dict["consent"] == [services.CONSENT_WITHDRAWN]


def test_someone_elses_consent_is_no_basis(world, person):
    consent = ConsentFactory(person=PersonFactory(neighbourhood=world.north))
    with pytest.raises(ValidationError) as refused:
        record(world, person, legal_basis="", consent=consent)
    assert refused.value.message_dict["consent"] == [services.NOT_THEIR_CONSENT]


def test_consent_and_a_legal_basis_together_are_refused(world, person):
    consent = ConsentFactory(person=person)
    with pytest.raises(ValidationError) as refused:
        record(world, person, consent=consent)
    assert refused.value.message_dict["legal_basis"] == [services.TWO_BASES]


def test_a_share_in_the_future_is_refused(world, person):
    with pytest.raises(ValidationError) as refused:
        record(world, person, shared_at=timezone.now() + timedelta(days=1))
    assert refused.value.message_dict["shared_at"] == [services.IN_THE_FUTURE]
