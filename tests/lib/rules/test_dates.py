"""Date bounds, one row per kind of date, "the next contact follows the contact" and "not
before the programme started": each refused in the same words by the service, the web
form, the API and the import."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lac.audit.actor import Actor
from lac.casework import services as casework
from lac.casework.models import Conversation, Introduction, IntroductionSource
from lac.lib.rules import dates
from lac.outcomes.models import Assessment, OutcomeEventType
from lac.people.models import Person
from tests.lib.rules.paths import (
    CONTACTS_HEADER,
    api_refusal,
    import_refusal,
    intro_row,
    records_refusal,
    web_refusal,
)
from tests.outcomes.factories import default_version
from tests.people.factories import PersonFactory

INTRO_FUTURE = "The date of the introduction must be today or in the past"
INTRO_EARLY = "The date of the introduction must be on or after 1 January 1990"
CONVERSATION_FUTURE = "The date of the conversation must be today or in the past"
NEXT_AFTER_CONVERSATION = "The next contact must be on or after the conversation"
NEXT_AFTER_INTRODUCTION = "The next contact must be on or after the introduction"
BEFORE_START = (
    "The date of the introduction must be on or after 1 April 2020, when the programme started"
)
"""The test programmes started on 1 April 2020 (``tests.factories.ProgrammeFactory``)."""


@pytest.fixture
def today() -> date:
    """Today, read when the test runs (never when the module is collected)."""
    return timezone.localdate()


def test_the_messages_name_the_date_and_the_bound():
    assert BEFORE_START == (
        "The date of the introduction must be on or after 1 April 2020, when the programme started"
    )
    assert INTRO_FUTURE == "The date of the introduction must be today or in the past"
    assert INTRO_EARLY == "The date of the introduction must be on or after 1 January 1990"
    assert dates.DATE_OF_BIRTH.refusal(date(1800, 1, 1), date(2026, 3, 1)) == (
        "Date of birth must be on or after 1 March 1906"
    )
    assert dates.NEXT_CONTACT.refusal(date(2028, 3, 2), date(2026, 3, 1)) == (
        "The next contact must be on or before 1 March 2028"
    )


@pytest.mark.parametrize(
    "bounds", [v for v in vars(dates).values() if isinstance(v, dates.Bounds)], ids=repr
)
def test_every_kind_of_date_refuses_year_one_and_9999_and_takes_today(bounds):
    today = date(2026, 3, 1)
    assert bounds.refusal(date(1, 1, 1), today).startswith(str(bounds.what))
    assert bounds.refusal(date(9999, 12, 31), today).startswith(str(bounds.what))
    assert bounds.refusal(today, today) is None


def test_a_check_of_many_dates_may_give_today_once():
    later = timezone.localdate() + timedelta(days=400)
    with pytest.raises(ValidationError, match="Date of birth must be today or in the past"):
        dates.check(dates.DATE_OF_BIRTH, later, field="date_of_birth")
    dates.check(dates.DATE_OF_BIRTH, later, field="date_of_birth", today=later)


def test_a_leap_day_has_a_bound_in_a_year_without_one():
    assert dates.NEXT_CONTACT.latest(date(2024, 2, 29)) == date(2026, 2, 28)


# -- The introduction's date ---------------------------------------------------------


def _new_introduction(when: str, **more: str) -> dict:
    source = IntroductionSource.objects.get(code="primary-health")
    return {"full_name": "Orla Bounds", "date": when, "level": "1", "source": source.pk, **more}


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (lambda today: today + timedelta(days=1), INTRO_FUTURE),
        (lambda today: date(1, 1, 1), INTRO_EARLY),
        (lambda today: date(2020, 3, 31), BEFORE_START),
    ],
    ids=["tomorrow", "year one", "before the programme"],
)
def test_the_service_refuses_an_introduction_date_out_of_bounds(world, today, when, message):
    person = PersonFactory(neighbourhood=world.north)
    with pytest.raises(ValidationError) as refused:
        casework.introduction_record(person=person, date=when(today), actor=Actor(user=world.alice))
    assert refused.value.message_dict == {"date": [message]}
    assert not Introduction.objects.filter(person=person).exists()


@pytest.mark.parametrize(
    ("when", "message"),
    [("9999-12-31", INTRO_FUTURE), ("0001-01-01", INTRO_EARLY), ("2020-03-31", BEFORE_START)],
)
def test_the_web_form_refuses_an_introduction_date_out_of_bounds(client_for, world, when, message):
    data = _new_introduction(when, neighbourhood=world.north.pk)
    page = web_refusal(client_for("alice"), "/casework/introductions/new/", data)
    assert message in page
    assert not Person.objects.filter(full_name="Orla Bounds").exists()


@pytest.mark.parametrize(
    ("when", "message"),
    [("9999-12-31", INTRO_FUTURE), ("0001-01-01", INTRO_EARLY), ("2020-03-31", BEFORE_START)],
)
def test_the_api_refuses_an_introduction_date_out_of_bounds(client, world, when, message):
    body = {
        "date": when,
        "person": {"full_name": "Orla Bounds", "neighbourhood_id": world.north.pk},
    }
    assert api_refusal(client, world.alice, "/api/introductions", body) == {"date": [message]}
    assert not Person.objects.filter(full_name="Orla Bounds").exists()


@pytest.mark.parametrize(
    ("when", "message"),
    [("31/12/9999", INTRO_FUTURE), ("01/01/1001", INTRO_EARLY), ("31/03/2020", BEFORE_START)],
)
def test_the_import_refuses_an_introduction_date_out_of_bounds(
    world, capsys, tmp_path, when, message
):
    header, row = intro_row(**{"Date introduced": when})
    assert import_refusal(capsys, tmp_path, header, row) == {"Date introduced": message}


def test_the_reintroduction_page_refuses_a_date_out_of_bounds_without_a_server_error(
    client_for, world
):
    person = PersonFactory(neighbourhood=world.north)
    source = IntroductionSource.objects.get(code="primary-health")
    url = f"/casework/people/{person.pk}/introductions/new/"
    page = web_refusal(client_for("alice"), url, {"date": "0001-01-01", "source": source.pk})
    assert INTRO_EARLY in page
    page = web_refusal(client_for("alice"), url, {"date": "2020-03-31", "source": source.pk})
    assert BEFORE_START in page
    assert not Introduction.objects.filter(person=person).exists()


# -- The conversation's date and the next contact ------------------------------------


def _conversation(person, when, **more) -> dict:
    return {"person_id": person.pk, "date": when, "mode": "phone", **more}


def test_the_service_refuses_a_conversation_in_the_future(world, today):
    person = PersonFactory(neighbourhood=world.north)
    with pytest.raises(ValidationError) as refused:
        casework.conversation_log(
            person=person,
            date=today + timedelta(days=1),
            mode="phone",
            actor=Actor(user=world.alice),
        )
    assert refused.value.message_dict == {"date": [CONVERSATION_FUTURE]}


def test_the_web_form_and_the_api_refuse_a_conversation_in_the_future_alike(
    client, client_for, world, today
):
    person = PersonFactory(neighbourhood=world.north)
    tomorrow = (today + timedelta(days=1)).isoformat()
    url = f"/casework/people/{person.pk}/conversations/new/"
    page = web_refusal(client_for("alice"), url, _conversation(person, tomorrow))
    assert CONVERSATION_FUTURE in page
    body = _conversation(person, tomorrow)
    assert api_refusal(client, world.alice, "/api/conversations", body) == {
        "date": [CONVERSATION_FUTURE]
    }
    assert not Conversation.objects.exists()


def test_the_import_refuses_a_last_conversation_in_the_future(world, capsys, tmp_path):
    header, row = intro_row(**{"Last contact": "01/01/2999"})
    assert import_refusal(capsys, tmp_path, header, row) == {"Last contact": CONVERSATION_FUTURE}


def test_a_next_contact_before_the_conversation_is_refused_on_every_path(
    client, client_for, world, capsys, tmp_path, today
):
    person = PersonFactory(neighbourhood=world.north)
    data = _conversation(person, today.isoformat(), next_contact_date="2024-01-01")
    url = f"/casework/people/{person.pk}/conversations/new/"
    assert NEXT_AFTER_CONVERSATION in web_refusal(client_for("alice"), url, data)
    assert api_refusal(client, world.alice, "/api/conversations", data) == {
        "next_contact_date": [NEXT_AFTER_CONVERSATION]
    }
    header, row = intro_row(**{"Last contact": "01/06/2024", "Next contact": "01/05/2024"})
    assert import_refusal(capsys, tmp_path, header, row) == {
        "Next contact": NEXT_AFTER_CONVERSATION
    }
    logged = ["R1", "10/05/2024", "Phone", 30, "", "09/05/2024"]
    assert records_refusal(capsys, tmp_path, CONTACTS_HEADER, logged) == {
        "Next contact": NEXT_AFTER_CONVERSATION
    }
    assert not Conversation.objects.exists()


def test_a_next_contact_before_the_introduction_is_refused_on_every_path(
    client_for, world, capsys, tmp_path, today
):
    with pytest.raises(ValidationError) as refused:
        casework.person_introduce(
            full_name="Orla Next",
            neighbourhood=world.north,
            date=today,
            actor=Actor(user=world.alice),
            next_contact_date=today - timedelta(days=1),
        )
    assert refused.value.message_dict == {"next_contact_date": [NEXT_AFTER_INTRODUCTION]}
    data = _new_introduction(
        today.isoformat(),
        neighbourhood=world.north.pk,
        next_contact_date=(today - timedelta(days=1)).isoformat(),
    )
    page = web_refusal(client_for("alice"), "/casework/introductions/new/", data)
    assert NEXT_AFTER_INTRODUCTION in page
    header, row = intro_row(**{"Next contact": "30/04/2024"})
    assert import_refusal(capsys, tmp_path, header, row) == {
        "Next contact": NEXT_AFTER_INTRODUCTION
    }
    assert not Person.objects.exists()


def test_a_next_contact_years_ahead_is_refused_on_every_path(
    client, client_for, world, capsys, tmp_path, today
):
    too_far = today + timedelta(days=3 * 366)
    latest = dates.NEXT_CONTACT.latest(today)
    too_late = f"The next contact must be on or before {latest.day} {latest:%B %Y}"
    person = PersonFactory(neighbourhood=world.north)
    data = _conversation(person, today.isoformat(), next_contact_date=too_far.isoformat())
    url = f"/casework/people/{person.pk}/conversations/new/"
    assert too_late in web_refusal(client_for("alice"), url, data)
    assert api_refusal(client, world.alice, "/api/conversations", data) == {
        "next_contact_date": [too_late]
    }
    header, row = intro_row(**{"Next contact": too_far.strftime("%d/%m/%Y")})
    assert import_refusal(capsys, tmp_path, header, row) == {"Next contact": too_late}
    page = web_refusal(
        client_for("alice"),
        f"/casework/people/{person.pk}/next-contact/",
        {"next_contact_date": too_far.isoformat()},
    )
    assert too_late in page


def test_changing_the_next_contact_to_before_the_last_contact_is_refused(world, today):
    person = PersonFactory(neighbourhood=world.north, last_contact_date=today)
    with pytest.raises(ValidationError) as refused:
        casework.next_contact_set(
            person=person,
            next_contact_date=today - timedelta(days=1),
            actor=Actor(user=world.alice),
        )
    assert refused.value.message_dict == {
        "next_contact_date": ["The next contact must be on or after the last contact"]
    }


# -- The closure's and the assessment's dates (web and import) -----------------------

CLOSED_FUTURE = "The date of the change must be today or in the past"
ASSESSMENT_EARLY = "The date of the assessment must be on or after 1 January 1990"
CLOSED_BEFORE_INTRODUCTION = "The date must be on or after 1 May 2024."
"""``intro_row``'s person was introduced on 1 May 2024."""


def test_a_closure_in_the_future_is_refused_on_the_web_and_in_the_import(
    client_for, world, capsys, tmp_path
):
    person = PersonFactory(neighbourhood=world.north)
    page = web_refusal(
        client_for("alice"),
        f"/casework/people/{person.pk}/status/",
        {"status": "paused", "date": "2999-01-01", "seen_status": "active"},
    )
    assert CLOSED_FUTURE in page
    header, row = intro_row(**{"Closed date": "01/01/2999", "Status": "Closed"})
    assert import_refusal(capsys, tmp_path, header, row) == {"Closed date": CLOSED_FUTURE}


def test_a_closure_before_the_status_it_ends_is_refused_alike_on_the_web_and_in_the_import(
    client_for, world, capsys, tmp_path
):
    """The import said "before the date introduced", the page another sentence: now one rule."""
    person = PersonFactory(neighbourhood=world.north, status_since=date(2024, 5, 1))
    page = web_refusal(
        client_for("alice"),
        f"/casework/people/{person.pk}/status/",
        {"status": "paused", "date": "2024-04-30", "seen_status": "active"},
    )
    assert CLOSED_BEFORE_INTRODUCTION in page
    header, row = intro_row(**{"Closed date": "30/04/2024", "Status": "Closed"})
    assert import_refusal(capsys, tmp_path, header, row) == {
        "Closed date": CLOSED_BEFORE_INTRODUCTION
    }


def test_an_assessment_in_year_one_is_refused_on_the_web_and_in_the_import(
    client_for, world, capsys, tmp_path
):
    person = PersonFactory(neighbourhood=world.north)
    money = default_version().domains.get(key="money").pk
    page = web_refusal(
        client_for("alice"),
        f"/outcomes/people/{person.pk}/assessments/new/",
        {"date": "0001-01-01", "kind": "first", f"domain_{money}": "3"},
    )
    assert ASSESSMENT_EARLY in page
    assert not Assessment.objects.exists()
    header, row = intro_row(**{"First assessment date": "01/01/1001"})
    assert import_refusal(capsys, tmp_path, header, row) == {
        "First assessment date": ASSESSMENT_EARLY
    }


# -- Dates only the web records: each page refuses year one and 9999 in its own words --


def _web_only_pages(world, person, today):
    joined = OutcomeEventType.objects.get(code="joined-group", programme=None)
    goal = casework.goal_add(
        person=person, title="Allotment", set_on=today, actor=Actor(user=world.alice)
    )
    pk = person.pk
    return [
        (f"/casework/people/{pk}/vision/", {"text": "A garden"}, "date", dates.VISION),
        (f"/casework/people/{pk}/goals/new/", {"title": "Walk"}, "set_on", dates.GOAL_SET),
        (
            f"/casework/people/{pk}/goals/{goal.pk}/steps/new/",
            {"description": "Ask"},
            "due_on",
            dates.STEP_DUE,
        ),
        (
            f"/casework/people/{pk}/level/",
            {"level": "2", "seen_level": "1"},
            "date",
            dates.LEVEL_CHANGE,
        ),
        (
            f"/outcomes/people/{pk}/changes/new/",
            {"event_type": joined.pk},
            "date",
            dates.OUTCOME_EVENT,
        ),
        (
            f"/people/{pk}/consent/new/",
            {"topic": "record_keeping", "method": "verbal"},
            "given_on",
            dates.CONSENT_GIVEN,
        ),
        (
            f"/community/people/{pk}/connections/add/",
            {"kind": "service", "service_name": "Citizens Advice"},
            "date",
            dates.CONNECTION,
        ),
    ]


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31"])
def test_every_web_only_date_is_held_to_its_bounds(client_for, world, typed, today):
    person = PersonFactory(neighbourhood=world.north)
    client = client_for("alice")
    for url, data, field, bounds in _web_only_pages(world, person, today):
        page = web_refusal(client, url, {**data, field: typed})
        message = bounds.refusal(date.fromisoformat(typed), today)
        assert message in page, url


# -- How long a conversation took: one range for the web and the API ------------------


@pytest.mark.parametrize("minutes", [0, casework.LONGEST_CONVERSATION + 1, 1440])
def test_a_conversation_length_out_of_range_is_refused_alike_by_web_api_and_import(
    client, client_for, world, minutes, today, capsys, tmp_path
):
    person = PersonFactory(neighbourhood=world.north)
    data = _conversation(person, today.isoformat(), duration_minutes=minutes)
    url = f"/casework/people/{person.pk}/conversations/new/"
    assert str(casework.DURATION_OUT_OF_RANGE) in web_refusal(client_for("alice"), url, data)
    assert api_refusal(client, world.alice, "/api/conversations", data) == {
        "duration_minutes": [casework.DURATION_OUT_OF_RANGE]
    }
    logged = ["R1", "10/05/2024", "Phone", minutes, "", ""]
    assert records_refusal(capsys, tmp_path, CONTACTS_HEADER, logged) == {
        "Duration": casework.DURATION_OUT_OF_RANGE
    }
    assert not Conversation.objects.exists()


def test_a_contacts_log_takes_a_conversation_of_the_longest_length_a_page_takes(
    world, capsys, tmp_path
):
    logged = ["R1", "10/05/2024", "Phone", casework.LONGEST_CONVERSATION, "", ""]
    assert records_refusal(capsys, tmp_path, CONTACTS_HEADER, logged) == {}
    assert f"1 to {casework.LONGEST_CONVERSATION} minutes" in casework.DURATION_OUT_OF_RANGE
