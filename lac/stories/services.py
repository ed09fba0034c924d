"""Writes for stories: recording one, only with the person's consent to its use."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.lib.rules import dates, records
from lac.outcomes.models import OutcomeEvent
from lac.people.models import Person
from lac.stories.models import Story
from lac.stories.selectors import may_use_stories_of

NO_CONSENT = gettext_lazy(
    "Record their consent to their story being used before recording their story "
    "(Consent, on their page)"
)
NOT_THEIR_CHANGE = gettext_lazy("Choose changes recorded for this person")


@transaction.atomic
def story_record(
    *,
    actor: Actor,
    person: Person,
    words: str,
    told_on: date,
    what_changed: str = "",
    outcome_events: Iterable[OutcomeEvent] = (),
) -> Story:
    """Keep a person's story, linked to the changes it tells of, if they agreed to its use."""
    if not may_use_stories_of(person):
        raise ValidationError({"words": NO_CONSENT})
    dates.check(dates.STORY_TOLD, told_on, field="told_on")
    events = list(outcome_events)
    if any(event.person_id != person.pk for event in events):
        raise ValidationError({"outcome_events": NOT_THEIR_CHANGE})
    story = Story(
        person=person,
        words=words.strip(),
        what_changed=what_changed.strip(),
        told_on=told_on,
        recorded_by=actor.user,
    )
    records.check(story)
    story.save()
    story.outcome_events.set(events)
    audit_write(obj=story, action=Action.CREATE, actor=actor, person=person, what="Story")
    return story
