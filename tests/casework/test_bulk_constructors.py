"""Conversations, level changes and changes of status have one constructor each
(``conversation_fields``, ``level_change_fields``, ``status_change_fields``): the
single-record services build through it, and so do the import's and the demo's bulk
inserts. A record saved by a service and the same record inserted in bulk, by the
import's insert and by the demo's, are stored alike, column for column; so are the rows
a new person's history opens with (``opening_history_fields``), whichever path made them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from lac.audit.actor import Actor
from lac.casework import services
from lac.casework.models import ClosureReason, Conversation, LevelChange, StatusChange
from lac.demo import casework as demo
from lac.demo.casework import Plan, Rows
from lac.imports import bulk
from lac.people.models import Level, Person, Status
from tests.imports import workbooks
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def stored(model: type[models.Model], pk: int) -> dict[str, Any]:
    """Every column of a record but its key and when it was written."""
    columns = [f.attname for f in model._meta.concrete_fields if f.attname not in ("id", "created")]
    return model.objects.filter(pk=pk).values(*columns).get()


def bulk_alike(model: type[models.Model], record: models.Model, fields: dict[str, Any]) -> None:
    """``fields``, inserted by the import and by the demo, are stored as ``record`` is."""
    (imported,) = bulk.insert(model, [fields], returning=True)
    before = set(model.objects.values_list("pk", flat=True))
    Rows().insert_records(model, [fields])
    (demo,) = set(model.objects.values_list("pk", flat=True)) - before
    assert stored(model, imported) == stored(model, record.pk)
    assert stored(model, demo) == stored(model, record.pk)


def test_a_conversation_logged_and_one_inserted_in_bulk_are_stored_alike(world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north)
    given = {
        "date": today,
        "mode": "home_visit",
        "duration_minutes": 45,
        "who_was_there": "Their daughter",
        "note": "Talked about the allotment.",
        "next_contact_date": today + timedelta(days=14),
    }
    logged = services.conversation_log(person=person, actor=Actor(user=world.alice), **given)
    fields = services.conversation_fields(
        person_id=person.pk, recorded_by_id=world.alice.pk, **given
    )
    bulk_alike(Conversation, logged, fields)


def test_a_conversation_too_long_is_refused_on_every_path():
    with pytest.raises(ValidationError) as error:
        services.conversation_fields(
            date=timezone.localdate(),
            mode="phone",
            duration_minutes=services.LONGEST_CONVERSATION + 1,
        )
    assert error.value.message_dict == {"duration_minutes": [services.DURATION_OUT_OF_RANGE]}


def test_a_level_change_made_and_one_inserted_in_bulk_are_stored_alike(world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north, level=Level.LEVEL_1)
    given = {"level": Level.LEVEL_2, "date": today, "note": "More complicated than it looked"}
    made = services.level_change(person=person, actor=Actor(user=world.alice), **given)
    fields = services.level_change_fields(
        person_id=person.pk, recorded_by_id=world.alice.pk, **given
    )
    bulk_alike(LevelChange, made, fields)


@pytest.mark.parametrize("status", [Status.CLOSED, Status.PAUSED])
def test_a_change_of_status_made_and_one_inserted_in_bulk_are_stored_alike(world, status):
    """A closure keeps its reason; a pause sent with one keeps none, on every path."""
    today = timezone.localdate()
    person = PersonFactory(
        neighbourhood=world.north, status=Status.ACTIVE, status_since=today - timedelta(days=9)
    )
    reason = ClosureReason.objects.get(code="goals-met")
    given = {"status": status, "date": today, "note": "Said goodbye at the café"}
    made = services.status_change(
        person=person, reason=reason, actor=Actor(user=world.alice), **given
    )
    assert made.reason == (reason if status == Status.CLOSED else None)
    fields = services.status_change_fields(
        person_id=person.pk, recorded_by_id=world.alice.pk, reason_id=reason.pk, **given
    )
    bulk_alike(StatusChange, made, fields)


def opening_rows(person: Person) -> list[dict[str, Any]]:
    """A person's level and status rows, every column but the keys, when it was written,
    whose they are and who recorded them (which differ from path to path by design)."""
    rows = []
    for model in (LevelChange, StatusChange):
        for pk in model.objects.filter(person=person).order_by("pk").values_list("pk", flat=True):
            row = stored(model, pk)
            del row["person_id"], row["recorded_by_id"]
            rows.append({"table": model.__name__, **row})
    return rows


def test_a_new_persons_history_opens_alike_on_the_service_the_import_and_the_demo(world, tmp_path):
    """One Level 2 row and one active row, both dated the day of the first introduction,
    however the person arrived; a starting level other than Level 1 is kept on every path."""
    introduced = date(2021, 5, 4)
    expected = [
        {"table": "LevelChange", "level": Level.LEVEL_2, "date": introduced, "note": ""},
        {
            "table": "StatusChange",
            "status": Status.ACTIVE,
            "date": introduced,
            "note": "",
            "reason_id": None,
            "outcome_skipped": "",
        },
    ]
    path = workbooks.simple_workbook(
        tmp_path / "one.xlsx", [["Ann Example", "", "North", "04/05/2021", "GP", "2"]]
    )
    call_command("import", str(path), "--programme", world.programme.slug, "--format", "json")
    imported = Person.objects.get(full_name="Ann Example")
    introduction = services.person_introduce(
        full_name="Bea Example",
        neighbourhood=world.north,
        date=introduced,
        level=Level.LEVEL_2,
        actor=Actor(user=world.alice),
    )
    made_up = PersonFactory(neighbourhood=world.north, level=Level.LEVEL_2)
    demo._levels_and_statuses(
        Rows(),
        [
            Plan(
                person=made_up,
                introduced=introduced,
                level_start=Level.LEVEL_2,
                level_now=Level.LEVEL_2,
                level_changed=None,
            )
        ],
    )
    assert opening_rows(introduction.person) == expected
    assert opening_rows(imported) == expected
    assert opening_rows(made_up) == expected
