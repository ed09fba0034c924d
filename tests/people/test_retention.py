"""Retention: closed records past the period are listed, and anonymised on --apply."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lac.audit.models import Action, AuditEvent
from lac.people.models import Person, Status
from lac.people.retention import cutoff, due_for_erasure, years_before
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)


def closed(world, on: date | None, neighbourhood=None, **extra) -> Person:
    return PersonFactory(
        neighbourhood=neighbourhood or world.north,
        status=Status.CLOSED,
        status_since=on,
        **extra,
    )


def test_the_default_period_is_six_years_after_closure(settings):
    del settings.LAC_RETENTION_YEARS
    assert cutoff(TODAY) == date(2020, 11, 25)


def test_a_leap_day_falls_back_to_the_28th():
    assert years_before(date(2028, 2, 29), 6) == date(2022, 2, 28)


def test_only_closed_records_past_the_period_are_due(world):
    due = closed(world, date(2020, 11, 25))
    closed(world, date(2020, 11, 26))  # one day short
    PersonFactory(neighbourhood=world.north, status=Status.ACTIVE, status_since=date(2010, 1, 1))
    closed(world, date(2019, 1, 1), is_anonymised=True)
    keep = closed(world, date(2019, 1, 1))
    closed(world, date(2019, 1, 1), merged_into=keep)
    assert list(due_for_erasure(TODAY)) == [keep, due]


def test_without_a_closure_date_the_last_contact_counts(world):
    old = closed(world, None, last_contact_date=date(2019, 6, 1))
    closed(world, None, last_contact_date=date(2024, 6, 1))
    assert list(due_for_erasure(TODAY)) == [old]


def test_the_period_is_configurable(world, settings):
    person = closed(world, date(2023, 1, 1))
    assert list(due_for_erasure(TODAY)) == []
    settings.LAC_RETENTION_YEARS = 3
    assert list(due_for_erasure(TODAY)) == [person]


def test_the_command_lists_without_changing_anything(world):
    person = closed(world, date(2019, 1, 1), full_name="Old Record")
    out = StringIO()
    call_command("retention", stdout=out)
    text = out.getvalue()
    assert "1 record is due" in text and f"record {person.pk}" in text
    assert "Run again with --apply" in text
    assert "Old Record" not in text  # no names in scheduler logs
    assert Person.objects.get(pk=person.pk).full_name == "Old Record"


def test_apply_anonymises_the_records_due_and_audits_why(world):
    person = closed(world, date(2019, 1, 1), full_name="Old Record")
    recent = closed(world, date(2025, 1, 1), full_name="Recent Record")
    out = StringIO()
    call_command("retention", "--apply", stdout=out)
    assert "Anonymised 1 record." in out.getvalue()
    person.refresh_from_db()
    assert person.is_anonymised and person.full_name == f"Erased person {person.pk}"
    assert Person.objects.get(pk=recent.pk).full_name == "Recent Record"
    event = AuditEvent.objects.get(person_id=person.pk, action=Action.DELETE)
    assert event.user is None
    assert event.changes["reason"][1] == "Retention: closed more than 6 years ago"


def test_a_policy_setting_anonymises_without_apply(world, settings):
    settings.LAC_RETENTION_AUTO_ERASE = True
    person = closed(world, date(2019, 1, 1))
    call_command("retention", stdout=StringIO())
    assert Person.objects.get(pk=person.pk).is_anonymised


def test_the_programme_option_limits_the_run(world):
    ours = closed(world, date(2019, 1, 1))
    theirs = closed(world, date(2019, 1, 1), neighbourhood=world.elsewhere)
    call_command("retention", "--apply", "--programme", "b", stdout=StringIO())
    assert not Person.objects.get(pk=ours.pk).is_anonymised
    assert Person.objects.get(pk=theirs.pk).is_anonymised


def test_an_unknown_programme_is_a_clear_error(world):
    with pytest.raises(CommandError, match="No programme with the slug 'nope'"):
        call_command("retention", "--programme", "nope", stdout=StringIO())


def test_nothing_due_says_so(world):
    out = StringIO()
    call_command("retention", stdout=out)
    assert "No records are due." in out.getvalue()
