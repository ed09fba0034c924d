"""The equality questions: census answers only, recorded only with consent, audited without
the answers, in subject access, blanked by erasure."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.people import services
from lac.people.equality import EQUALITY_FIELDS, EthnicGroup, ethnic_heading
from lac.people.erasure import person_erase
from lac.people.models import ConsentTopic, Person
from lac.people.subject_access import records_about
from tests.people.factories import ConsentFactory, PersonFactory

ANSWERS = {
    "sex": "female",
    "ethnic_group": EthnicGroup.WHITE_ROMA,
    "disability": "limited_a_little",
    "religion": "prefer_not_to_say",
}


@pytest.fixture
def consenting(world) -> Person:
    person = PersonFactory(neighbourhood=world.north, coordinator=world.alice)
    ConsentFactory(person=person, topic=ConsentTopic.EQUALITY, given_on=date(2025, 1, 6))
    return person


def record(person: Person, world, **answers: str) -> Person:
    return services.person_equality_set(
        person=person, answers=answers, actor=Actor.working_as(world.alice, job="test")
    )


def test_answers_are_recorded_while_consent_stands_and_the_trail_names_no_answer(world, consenting):
    record(consenting, world, **ANSWERS)
    stored = Person.objects.get(pk=consenting.pk)
    assert {field: getattr(stored, field) for field in ANSWERS} == ANSWERS
    event = AuditEvent.objects.get(person=consenting, what__contains="equality")
    assert event.changes["ethnic_group"] == ["", services.ANSWERED]
    assert "roma" not in str(event.changes).lower()


def test_without_consent_nothing_is_recorded_and_the_message_names_the_question(world):
    person = PersonFactory(neighbourhood=world.north)
    with pytest.raises(ValidationError) as error:
        record(person, world, sex="female")
    assert error.value.message_dict == {"sex": [services.EQUALITY_CONSENT_NEEDED]}
    assert Person.objects.get(pk=person.pk).sex == ""


def test_after_consent_is_withdrawn_answers_can_be_cleared_but_not_given(world, consenting):
    record(consenting, world, sex="female")
    consent = consenting.consents.get()
    services.consent_withdraw(
        consent=consent, withdrawn_on=date(2025, 2, 1), actor=Actor(user=world.alice)
    )
    with pytest.raises(ValidationError):
        record(consenting, world, sex="male")
    record(consenting, world, sex="")
    assert Person.objects.get(pk=consenting.pk).sex == ""


def test_an_answer_that_is_not_a_census_answer_is_refused_naming_the_question(world, consenting):
    with pytest.raises(ValidationError) as error:
        record(consenting, world, ethnic_group="martian")
    assert error.value.message_dict == {
        "ethnic_group": ["Ethnic group must be one of the census answers or left blank"]
    }


def test_every_question_offers_prefer_not_to_say():
    from lac.people.equality import QUESTIONS

    assert [q.field for q in QUESTIONS] == list(EQUALITY_FIELDS)
    for q in QUESTIONS:
        assert "prefer_not_to_say" in q.choices.values


def test_the_census_headings_group_the_nineteen_ethnic_groups():
    answers = [a for a in EthnicGroup.values if a != "prefer_not_to_say"]
    assert len(answers) == 19
    assert {ethnic_heading(a) for a in answers} == {"asian", "black", "mixed", "white", "other"}
    assert ethnic_heading("prefer_not_to_say") == ""


def test_the_answers_are_in_subject_access_in_words(world, consenting):
    record(consenting, world, **ANSWERS)
    details = records_about(Person.objects.get(pk=consenting.pk))[0].records[0]
    shown = {item.name: item.text for item in details.items}
    assert shown["ethnic_group"] == "White: Roma"
    assert shown["religion"] == "Prefer not to say"


def test_erasure_blanks_the_answers_and_the_deprivation_decile(world, consenting):
    record(consenting, world, **ANSWERS)
    Person.objects.filter(pk=consenting.pk).update(deprivation="england_2", nhs_number="9434765919")
    person_erase(person=Person.objects.get(pk=consenting.pk), actor=Actor(user=world.bob))
    erased = Person.objects.get(pk=consenting.pk)
    assert all(getattr(erased, field) == "" for field in (*EQUALITY_FIELDS, "deprivation"))
    assert erased.nhs_number == ""


def test_a_coordinator_answers_the_questions_on_the_persons_page(client_for, world, consenting):
    client = client_for("alice")
    page = client.get(f"/people/{consenting.pk}/equality/").content.decode()
    assert "What is your ethnic group?" in page
    assert "White: Roma" in page
    response = client.post(
        f"/people/{consenting.pk}/equality/",
        {"version": consenting.version, "sex": "male", "ethnic_group": "", "religion": "none"},
    )
    assert response.status_code == 302
    stored = Person.objects.get(pk=consenting.pk)
    assert (stored.sex, stored.religion) == ("male", "none")
    detail = client.get(f"/people/{consenting.pk}/").content.decode()
    assert "2 of 6 answered" in detail


def test_without_consent_the_page_says_so_and_saves_nothing(client_for, world):
    person = PersonFactory(neighbourhood=world.north, coordinator=world.alice)
    client = client_for("alice")
    assert (
        "has not agreed to answer these questions"
        in client.get(f"/people/{person.pk}/equality/").content.decode()
    )
    response = client.post(
        f"/people/{person.pk}/equality/", {"version": person.version, "sex": "female"}
    )
    assert response.status_code == 200
    assert str(services.EQUALITY_CONSENT_NEEDED) in html.unescape(response.content.decode())
    assert Person.objects.get(pk=person.pk).sex == ""


def test_an_nhs_number_is_checked_stored_as_digits_and_shown_in_groups(client_for, world):
    person = PersonFactory(neighbourhood=world.north, coordinator=world.alice)
    services.person_update(
        person=person,
        expected_version=person.version,
        actor=Actor(user=world.alice),
        nhs_number="943-476-5919",
    )
    assert Person.objects.get(pk=person.pk).nhs_number == "9434765919"
    page = client_for("alice").get(f"/people/{person.pk}/").content.decode()
    assert "NHS number: 943 476 5919" in page
    with pytest.raises(ValidationError) as error:
        services.person_update(
            person=Person.objects.get(pk=person.pk),
            expected_version=person.version + 1,
            actor=Actor(user=world.alice),
            nhs_number="9434765918",
        )
    assert "nhs_number" in error.value.message_dict
