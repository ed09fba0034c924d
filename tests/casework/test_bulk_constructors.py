"""Conversations, level changes and changes of status have one constructor each
(``conversation_fields``, ``level_change_fields``, ``status_change_fields``): the
single-record services build through it, and so do the import's and the demo's bulk
inserts. A record saved by a service and the same record inserted in bulk, by the
import's insert and by the demo's, are stored alike, column for column.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from lac.audit.actor import Actor
from lac.casework import services
from lac.casework.models import ClosureReason, Conversation, LevelChange, StatusChange
from lac.demo.casework import Rows
from lac.imports import bulk
from lac.people.models import Level, Status
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
