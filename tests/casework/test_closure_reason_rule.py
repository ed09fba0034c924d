"""Closing a walk together without a reason: one rule (``closure_without_reason``). A page
and the service refuse it in the same words; a spreadsheet's closure, from a record kept
before lac, may lack a reason (tests/imports/test_closures_without_reason.py).

The API has no way to close a walk together (no status endpoint), so it has no path to
test: an endpoint that closes one would call ``status_change``, which holds the rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lac.audit.actor import Actor
from lac.casework import services as casework
from lac.people.models import Status
from tests.lib.rules.paths import web_refusal
from tests.people.factories import PersonFactory


def test_a_page_and_the_service_refuse_a_closure_without_a_reason_in_the_same_words(
    client_for, world
):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north, status_since=today - timedelta(days=5))
    page = web_refusal(
        client_for("alice"),
        f"/casework/people/{person.pk}/status/",
        {"status": "closed", "date": today.isoformat()},
    )
    assert casework.CLOSURE_WITHOUT_REASON in page
    with pytest.raises(ValidationError) as caught:
        casework.status_change(
            person=person, status=Status.CLOSED, date=today, actor=Actor(user=world.alice)
        )
    assert caught.value.message_dict == {"reason": [casework.CLOSURE_WITHOUT_REASON]}
    person.refresh_from_db()
    assert person.status == Status.ACTIVE


def test_only_a_closure_kept_before_lac_may_lack_a_reason():
    assert casework.closure_without_reason(Status.CLOSED, None, kept_before_lac=True)
    assert not casework.closure_without_reason(Status.CLOSED, 3, kept_before_lac=True)
    assert not casework.closure_without_reason(Status.PAUSED, None)
    with pytest.raises(ValidationError):
        casework.closure_without_reason(Status.CLOSED, None)
