"""Fuzzing the forms coordinators use most: a new introduction and a conversation.

Whatever is typed (any unicode, control characters, huge text, dates that are
not dates, ids that do not exist), the answer is the form again with a
message, or a redirect after saving exactly one record: never a server error,
never half a record.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from lac.casework.models import Challenge, Conversation, Introduction, IntroductionSource
from lac.people.models import Person
from tests.people.factories import PersonFactory

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

any_text = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["\x00", "a\x00b", "\u202e\u0000", "<script>alert(1)</script>", " ", ""]),
    st.integers(1, 4).map(lambda n: "ü" * 10**n),
)
date_text = st.one_of(
    st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat),
    st.dates(date(2020, 1, 1), date(2026, 11, 20)).map(date.isoformat),
    any_text,
    st.sampled_from(["2025-02-30", "31/12/2025", "9999-99-99", "-1", "0"]),
)
number_text = st.one_of(
    st.integers(-(10**30), 10**30).map(str), any_text, st.sampled_from(["1e9", "NaN", "30"])
)
recent = st.dates(date(2020, 1, 1), date(2026, 11, 20)).map(date.isoformat)
name = st.from_regex(r"\A[A-Z][a-z]{1,8} [A-Z][a-z'-]{1,12}\Z")


def mostly(plausible, noise):
    """Usually what a person would type, sometimes anything at all."""
    return st.one_of(plausible, plausible, plausible, plausible, noise)


# Sent as the form would send them, except that anything may be in any field.
multi = st.lists(number_text, max_size=4)


def written(response, before: tuple[int, ...], after: tuple[int, ...]) -> int:
    """Check the answer and return how many records were added (one per model, or none)."""
    assert response.status_code in (200, 302, 400), response.status_code
    event(f"answered {response.status_code}")
    if response.status_code == 302:
        assert all(a == b + 1 for a, b in zip(after, before, strict=True)), (before, after)
        return 1
    assert after == before, "an answer that is not a redirect must not have saved anything"
    if response.status_code == 200:
        text = response.content.decode()
        assert "govuk-error-summary" in text or 'name="confirmed_new"' in text
    return 0


def date_input(name: str, text: str) -> dict[str, str]:
    """What a GOV.UK date input posts for typed text: day, month and year boxes."""
    parts = text.split("-", 2) if text.count("-") >= 2 else ["", "", text]
    year, month, day = parts
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


@pytest.fixture
def alice(client_for):
    return client_for("alice")


def valid_ids(world):
    return {
        "neighbourhood": str(world.north.pk),
        "source": str(IntroductionSource.objects.filter(programme=None).first().pk),
        "challenge": str(Challenge.objects.filter(programme=None).first().pk),
    }


@FUZZ
@given(
    full_name=mostly(name, any_text),
    date_of_birth=mostly(st.just(""), date_text),
    postcode=mostly(st.sampled_from(["", "DE1 1AA"]), any_text),
    when=mostly(recent, date_text),
    introducer=mostly(st.just("GP"), any_text),
    hopes=mostly(st.text(max_size=80), any_text),
    level=mostly(st.sampled_from(["1", "2"]), number_text),
    neighbourhood=st.none() | number_text,
    source=st.none() | number_text,
    challenges=st.none() | multi,
    confirmed=st.booleans(),
)
@example(
    full_name="Ada Lovelace",
    date_of_birth="",
    postcode="",
    when="2025-01-01",
    introducer="",
    hopes="ü" * 200_000,
    level="1",
    neighbourhood=None,
    source=None,
    challenges=None,
    confirmed=True,
)
def test_the_new_introduction_form_answers_every_input_without_a_server_error(
    alice,
    world,
    full_name,
    date_of_birth,
    postcode,
    when,
    introducer,
    hopes,
    level,
    neighbourhood,
    source,
    challenges,
    confirmed,
):
    ids = valid_ids(world)
    data = {
        "full_name": full_name,
        **date_input("date_of_birth", date_of_birth),
        "postcode": postcode,
        "date": when,
        "introducer": introducer,
        "hopes": hopes,
        "level": level,
        "neighbourhood": ids["neighbourhood"] if neighbourhood is None else neighbourhood,
        "source": ids["source"] if source is None else source,
        "challenges": [ids["challenge"]] if challenges is None else challenges,
    }
    if confirmed:
        data["confirmed_new"] = "1"
    before = (Person.objects.count(), Introduction.objects.count())
    response = alice.post(reverse("casework:introduction_new"), data)
    written(response, before, (Person.objects.count(), Introduction.objects.count()))


@FUZZ
@given(
    when=mostly(recent, date_text),
    mode=mostly(st.sampled_from(["phone", "home_visit"]), any_text),
    duration=mostly(st.sampled_from(["", "30"]), number_text),
    who=mostly(st.just(""), any_text),
    note=mostly(st.text(max_size=80), any_text),
    next_contact=mostly(st.just(""), date_text),
)
@example(
    when="2025-06-01", mode="phone", duration="", who="", note="x" * 3_000_000, next_contact=""
)
def test_the_conversation_form_answers_every_input_without_a_server_error(
    alice, world, when, mode, duration, who, note, next_contact
):
    person = Person.objects.filter(full_name="Fuzz Person").first() or PersonFactory(
        full_name="Fuzz Person", neighbourhood=world.north
    )
    data = {
        "date": when,
        "mode": mode,
        "duration_minutes": duration,
        "who_was_there": who,
        "note": note,
        "next_contact_date": next_contact,
    }
    before = (Conversation.objects.count(),)
    response = alice.post(reverse("casework:conversation_new", args=[person.pk]), data)
    written(response, before, (Conversation.objects.count(),))
