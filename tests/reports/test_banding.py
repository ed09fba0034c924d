"""Extracts leave the equality answers out unless a manager lets an evaluator's extracts
carry their banded forms; the choice is audited and only consenting people's answers go."""

from __future__ import annotations

import csv
import html
import io
from datetime import date

import pytest

from lac.audit.models import AuditEvent
from lac.people.models import ConsentTopic, Person
from lac.reports.banding import COLUMNS as BANDED
from lac.reports.banding import quintile
from lac.reports.extract import COLUMNS
from lac.reports.models import BandedEquality, Extract
from tests.people.factories import ConsentFactory
from tests.permission_matrix import Page, case_id, cases, check
from tests.reports.factories import people_with_records

PAGES = [
    Page(
        "extract equality",
        lambda w: "/reports/extract/equality/",
        frozenset({"bob", "lena", "root"}),
    )
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_only_those_who_configure_the_programme_choose(client, world, page, user):
    check(client, world, page, user)


def extract(client, world):
    data = {"programme": world.programme.pk, "year": "2025", "file_format": "csv"}
    response = client.post("/reports/extract/", data)
    assert response.status_code == 200, response.content[:500]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def answered(world):
    """Two people with answers: the first consented, the second's answers stand without
    a consent (recorded before it was withdrawn, say)."""
    people = people_with_records(world.north, 2)
    answers = {
        "sex": "female",
        "ethnic_group": "asian_indian",
        "disability": "limited_a_little",
        "religion": "sikh",
        "sexual_orientation": "bisexual",
        "gender_identity": "different",
        "deprivation": "england_3",
    }
    Person.objects.filter(pk__in=[p.pk for p in people]).update(**answers)
    ConsentFactory(person=people[0], topic=ConsentTopic.EQUALITY, given_on=date(2025, 1, 6))
    return people


def include(client, world, yes=True):
    return client.post(
        "/reports/extract/equality/",
        {
            "programme": world.programme.pk,
            "evaluator": world.eve.pk,
            "include": "yes" if yes else "no",
        },
        follow=True,
    )


def test_an_extract_leaves_the_equality_answers_out_by_default(client_for, world, answered):
    rows = extract(client_for("eve"), world)
    assert list(rows[0]) == list(COLUMNS)
    assert not Extract.objects.get().equality_bands


def test_once_a_manager_includes_them_the_evaluator_gets_banded_answers_only(
    client_for, world, answered
):
    page = include(client_for("bob"), world).content.decode()
    assert "extracts will carry the banded equality answers" in html.unescape(page)
    event = AuditEvent.objects.get(object_type="reports.bandedequality")
    assert event.username == "bob" and "Eve" in event.what
    rows = extract(client_for("eve"), world)
    assert list(rows[0]) == [*COLUMNS, *BANDED]
    banded = sorted((r["sex"], r["ethnic_group_heading"], r["disabled"]) for r in rows)
    assert banded == [
        ("", "", ""),  # no consent: no answers
        ("Female", "Asian, Asian British or Asian Welsh", "Yes"),
    ]
    assert {r["deprivation_quintile"] for r in rows} == {"England: quintile 2"}
    text = str(rows)
    for never in ("Sikh", "Bisexual", "Indian", "sikh", "bisexual"):
        assert never not in text
    assert Extract.objects.get().equality_bands


def test_leaving_them_out_again_is_audited_and_takes_effect(client_for, world, answered):
    manager = client_for("bob")
    include(manager, world)
    include(manager, world, yes=False)
    assert not BandedEquality.objects.exists()
    assert AuditEvent.objects.filter(what__contains="leave the equality answers out").count() == 1
    assert list(extract(client_for("eve"), world)[0]) == list(COLUMNS)


def test_only_an_evaluator_of_the_programme_can_be_chosen(client_for, world):
    response = client_for("bob").post(
        "/reports/extract/equality/",
        {"programme": world.programme.pk, "evaluator": world.alice.pk, "include": "yes"},
    )
    assert response.status_code == 200
    assert "Choose one of the programme’s evaluators" in response.content.decode()
    assert not BandedEquality.objects.exists()


def test_a_manager_of_another_programme_cannot_choose_for_this_one(client_for, world):
    response = client_for("bob").post(
        "/reports/extract/equality/",
        {"programme": world.other_programme.pk, "evaluator": world.eve.pk, "include": "yes"},
    )
    assert response.status_code == 200
    assert not BandedEquality.objects.exists()


@pytest.mark.parametrize(
    ("decile", "band"),
    [
        ("england_1", "England: quintile 1"),
        ("england_2", "England: quintile 1"),
        ("wales_9", "Wales: quintile 5"),
        ("wales_10", "Wales: quintile 5"),
        ("", ""),
    ],
)
def test_deciles_pair_into_quintiles_within_their_own_nation(decile, band):
    assert quintile(decile) == band
