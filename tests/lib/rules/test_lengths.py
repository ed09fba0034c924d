"""One length limit per kind of text: a note's is ``lengths.NOTE``, a line's its column's.
Refused in the same words by the service, the web form, the API and the import."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from lac.audit.actor import Actor
from lac.casework import services as casework
from lac.casework.models import Conversation, IntroductionSource, Vision
from lac.lib.rules import lengths
from lac.outcomes import services as outcomes
from lac.outcomes.models import Assessment, OutcomeEvent, OutcomeEventType
from lac.people.models import Person
from tests.lib.rules.paths import (
    CONTACTS_HEADER,
    OUTCOMES_HEADER,
    api_refusal,
    import_refusal,
    intro_row,
    records_refusal,
    web_refusal,
)
from tests.outcomes.factories import default_version
from tests.people.factories import PersonFactory

TOO_LONG_NOTE = "x" * (lengths.NOTE + 1)
NOTE_TOO_LONG = "Note must be 10,000 characters or fewer"
HOPES_TOO_LONG = "What they hope for must be 10,000 characters or fewer"
NAME_TOO_LONG = "Full name must be 200 characters or fewer"
VISION_TOO_LONG = "Their vision of a good life must be 10,000 characters or fewer"
RECORDS = ("people", "casework", "outcomes", "community")


def _text_fields():
    for app in RECORDS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.TextField | models.CharField) and field.editable:
                    yield pytest.param(field, id=f"{model._meta.label_lower}.{field.name}")


@pytest.mark.parametrize("field", _text_fields())
def test_every_text_field_of_a_record_has_a_limit_and_a_message_naming_it(field):
    limit = lengths.limit(field)
    assert limit == (lengths.NOTE if isinstance(field, models.TextField) else field.max_length)
    assert lengths.too_long(field, "x" * limit) is None
    message = lengths.too_long(field, "x" * (limit + 1))
    assert message == str(lengths.TOO_LONG) % {"what": lengths.name(field), "limit": f"{limit:,}"}
    assert message[0].isupper()


def test_a_vision_of_a_megabyte_is_refused_by_the_service_and_the_web_form(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    with pytest.raises(ValidationError) as refused:
        casework.vision_record(
            person=person,
            text="x" * 1_000_000,
            date=person.created.date(),
            actor=Actor(user=world.alice),
        )
    assert refused.value.message_dict == {"text": [VISION_TOO_LONG]}
    url = f"/casework/people/{person.pk}/vision/"
    page = web_refusal(client_for("alice"), url, {"text": TOO_LONG_NOTE, "date": "2025-01-06"})
    assert VISION_TOO_LONG in page
    assert not Vision.objects.exists()


def test_an_assessment_note_is_held_to_the_same_limit_as_a_conversation_note(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    money = default_version().domains.get(key="money").pk
    page = web_refusal(
        client_for("alice"),
        f"/outcomes/people/{person.pk}/assessments/new/",
        {"date": "2025-01-06", "kind": "first", f"domain_{money}": "3", "note": TOO_LONG_NOTE},
    )
    assert NOTE_TOO_LONG in page
    assert not Assessment.objects.exists()


def test_a_conversation_note_too_long_is_refused_alike_by_web_api_and_import(
    client, client_for, world, capsys, tmp_path
):
    person = PersonFactory(neighbourhood=world.north)
    data = {"person_id": person.pk, "date": "2025-01-06", "mode": "phone"}
    url = f"/casework/people/{person.pk}/conversations/new/"
    assert NOTE_TOO_LONG in web_refusal(client_for("alice"), url, {**data, "note": TOO_LONG_NOTE})
    body = {**data, "note": TOO_LONG_NOTE}
    assert api_refusal(client, world.alice, "/api/conversations", body) == {"note": [NOTE_TOO_LONG]}
    body = {**data, "who_was_there": "y" * 201}
    assert api_refusal(client, world.alice, "/api/conversations", body) == {
        "who_was_there": ["Who else was there must be 200 characters or fewer"]
    }
    logged = ["R1", "10/05/2024", "Phone", 30, TOO_LONG_NOTE, ""]
    assert records_refusal(capsys, tmp_path, CONTACTS_HEADER, logged) == {"Notes": NOTE_TOO_LONG}
    assert not Conversation.objects.exists()


def test_a_note_on_what_changed_too_long_is_refused_alike_by_the_service_and_the_import(
    world, capsys, tmp_path
):
    person = PersonFactory(neighbourhood=world.north)
    joined = OutcomeEventType.objects.get(code="joined-group", programme=None)
    with pytest.raises(ValidationError) as refused:
        outcomes.outcome_event_record(
            person=person,
            event_type=joined,
            when=person.created.date(),
            actor=Actor(user=world.alice),
            note=TOO_LONG_NOTE,
        )
    assert refused.value.message_dict == {"note": [NOTE_TOO_LONG]}
    row = ["R1", joined.name, "10/05/2024", TOO_LONG_NOTE]
    assert records_refusal(capsys, tmp_path, OUTCOMES_HEADER, row) == {"Notes": NOTE_TOO_LONG}
    assert not OutcomeEvent.objects.exists()


@pytest.mark.parametrize(
    ("field", "typed", "message", "column"),
    [
        ("hopes", TOO_LONG_NOTE, HOPES_TOO_LONG, "Hopes"),
        ("full_name", "N" * 201, NAME_TOO_LONG, "Name"),
    ],
)
def test_an_introduction_too_long_is_refused_alike_by_web_api_and_import(
    client, client_for, world, capsys, tmp_path, field, typed, message, column
):
    source = IntroductionSource.objects.get(code="primary-health")
    form = {
        "full_name": "Orla Long",
        "neighbourhood": world.north.pk,
        "date": "2025-01-06",
        "level": "1",
        "source": source.pk,
        field: typed,
    }
    assert message in web_refusal(client_for("alice"), "/casework/introductions/new/", form)
    person = {"full_name": "Orla Long", "neighbourhood_id": world.north.pk}
    body = {"date": "2025-01-06", "person": person, field: typed}
    if field == "full_name":
        body = {"date": "2025-01-06", "person": {**person, field: typed}}
    assert api_refusal(client, world.alice, "/api/introductions", body) == {field: [message]}
    header, row = intro_row(**{column: typed})
    assert import_refusal(capsys, tmp_path, header, row) == {column: message}
    assert not Person.objects.exists()


def test_imported_notes_are_held_to_the_note_limit(world, capsys, tmp_path):
    header, row = intro_row(Notes=TOO_LONG_NOTE)
    assert import_refusal(capsys, tmp_path, header, row) == {
        "Notes": "Notes must be 10,000 characters or fewer"
    }
