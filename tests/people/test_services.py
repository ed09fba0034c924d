from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import Action, AuditEvent
from lac.people import services
from lac.people.models import AgeBand, Person, Status
from tests.casework.factories import ConversationFactory, GoalFactory, IntroductionFactory
from tests.people.factories import ConsentFactory, PersonFactory


def test_adding_a_person_needs_only_a_name_and_neighbourhood_and_is_audited(world):
    person = services.person_create(
        full_name="  Ada   Lovelace ",
        neighbourhood=world.north,
        actor=Actor(user=world.alice),
        date_of_birth=date(1950, 6, 1),
        postcode="de11aa",
        started_on=date(2025, 5, 31),
    )
    assert person.full_name == "Ada Lovelace"
    assert person.postcode == "DE1 1AA"
    assert person.age_band == AgeBand.AGE_65_79  # 74 on the day they were introduced
    assert person.status == Status.ACTIVE
    event = AuditEvent.objects.get(person=person)
    assert (event.action, event.user, event.programme_id) == (
        Action.CREATE,
        world.alice,
        world.programme.pk,
    )


def test_a_person_without_a_name_is_refused_with_a_message_naming_the_field(world):
    with pytest.raises(ValidationError) as error:
        services.person_create(
            full_name="", neighbourhood=world.north, actor=Actor(user=world.alice)
        )
    assert "full_name" in error.value.message_dict
    assert not Person.objects.exists()


def test_a_second_editor_is_told_and_overwrites_nothing(world):
    person = PersonFactory(neighbourhood=world.north, phone="01332 000001")
    seen_by_both = person.version
    services.person_update(
        person=Person.objects.get(pk=person.pk),
        expected_version=seen_by_both,
        actor=Actor(user=world.alice),
        phone="01332 000002",
    )
    with pytest.raises(services.ConcurrentEditError) as error:
        services.person_update(
            person=Person.objects.get(pk=person.pk),
            expected_version=seen_by_both,
            actor=Actor(user=world.bob),
            phone="01332 000003",
        )
    assert "changed by someone else" in str(error.value)
    person.refresh_from_db()
    assert person.phone == "01332 000002"
    assert person.version == seen_by_both + 1


def test_a_change_is_audited_with_before_and_after(world):
    person = PersonFactory(neighbourhood=world.north, phone="01332 000001")
    services.person_update(
        person=person,
        expected_version=person.version,
        actor=Actor(user=world.alice),
        phone="01332000002",
    )
    event = AuditEvent.objects.get(person=person, action=Action.UPDATE)
    assert event.changes == {"phone": ["01332 000001", "01332 000002"]}


def test_withdrawing_consent_keeps_what_was_agreed_and_when(world):
    consent = ConsentFactory(
        person=PersonFactory(neighbourhood=world.north), given_on=date(2026, 1, 1)
    )
    services.consent_withdraw(
        consent=consent, withdrawn_on=date(2026, 2, 1), actor=Actor(user=world.alice)
    )
    consent.refresh_from_db()
    assert consent.given_on == date(2026, 1, 1)
    assert consent.withdrawn_on == date(2026, 2, 1)
    assert not consent.is_current
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.consent_withdraw(
            consent=consent, withdrawn_on=date(2026, 2, 2), actor=Actor(user=world.alice)
        )


def test_consent_cannot_be_withdrawn_before_it_was_given(world):
    consent = ConsentFactory(
        person=PersonFactory(neighbourhood=world.north), given_on=date(2026, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.consent_withdraw(
            consent=consent, withdrawn_on=date(2025, 1, 1), actor=Actor(user=world.alice)
        )
    assert "withdrawn_on" in error.value.message_dict


def test_merging_keeps_every_record_of_both_people(world):
    keep = PersonFactory(neighbourhood=world.north, full_name="Mary Seacole")
    duplicate = PersonFactory(
        neighbourhood=world.north,
        full_name="Mary Seacole",
        phone="07700 900123",
        date_of_birth=date(1950, 1, 1),
        last_contact_date=timezone.localdate() - timedelta(days=2),
    )
    IntroductionFactory(person=keep)
    IntroductionFactory(person=duplicate)
    ConversationFactory.create_batch(2, person=duplicate)
    GoalFactory(person=duplicate)
    ConsentFactory(person=duplicate)

    services.person_merge(keep=keep, duplicate=duplicate, actor=Actor(user=world.alice))

    assert keep.introductions.count() == 2
    assert keep.conversations.count() == 2
    assert keep.goals.count() == 1
    assert keep.consents.count() == 1
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert keep.phone == "07700 900123"
    assert keep.date_of_birth == date(1950, 1, 1)
    assert keep.last_contact_date == duplicate.last_contact_date
    assert duplicate.merged_into == keep
    assert duplicate.status == Status.CLOSED
    assert AuditEvent.objects.filter(action=Action.MERGE).count() == 2


def test_people_in_different_programmes_cannot_be_merged(world):
    keep = PersonFactory(neighbourhood=world.north)
    other = PersonFactory(neighbourhood=world.elsewhere)
    with pytest.raises(ValidationError, match="same programme"):
        services.person_merge(keep=keep, duplicate=other, actor=Actor(user=world.bob))
    other.refresh_from_db()
    assert other.merged_into is None


def test_merging_also_moves_other_apps_records_such_as_connections(world):
    from lac.community.models import Connection, ConnectionKind

    keep = PersonFactory(neighbourhood=world.north)
    duplicate = PersonFactory(neighbourhood=world.north)
    Connection.objects.create(
        person=duplicate, date=date(2026, 1, 1), kind=ConnectionKind.PERSON, described="Jean"
    )
    services.person_merge(keep=keep, duplicate=duplicate, actor=Actor(user=world.alice))
    assert Connection.objects.get().person == keep
