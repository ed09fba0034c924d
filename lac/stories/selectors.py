"""Which stories may be shown or quoted, and how: the one rule every path uses.

A story may be used while the person has a current consent to their story
being used ("Their story or photos being used", or the same with their
name). It is quoted without their name unless the consent they gave says
their name may be used. The person page, the SROI report and its PDF, and
the API all ask :func:`usable` and :func:`quotes`, so withdrawing consent
takes a story out of each of them at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext_lazy

from lac.lib.welsh import localised
from lac.outcomes.models import OutcomeEvent
from lac.people.models import Consent, ConsentTopic, Person
from lac.stories.models import Story

USE_TOPICS = (ConsentTopic.STORIES, ConsentTopic.STORIES_NAMED)
"""Consents under which a story may be used at all."""

ANONYMOUS = gettext_lazy("Someone Local Area Coordination walked alongside")
"""Who a quote is from when the person has not agreed to be named."""


def _current_consent(*topics: str) -> Exists:
    return Exists(
        Consent.objects.filter(person=OuterRef("person"), topic__in=topics, withdrawn_on=None)
    )


def usable(stories: QuerySet[Story]) -> QuerySet[Story]:
    """The stories whose person's consent to use them stands today (erased people never)."""
    return stories.filter(_current_consent(*USE_TOPICS), person__is_anonymised=False)


def may_use_stories_of(person: Person) -> bool:
    return Consent.objects.filter(person=person, topic__in=USE_TOPICS, withdrawn_on=None).exists()


@dataclass(frozen=True)
class Quote:
    """A story as it may be shown outside the person's record."""

    id: int
    words: str
    what_changed: str
    told_on: date
    changes: list[str]
    """The kinds of change it tells of (outcome event types), in the reader's language."""
    attribution: str


def quotes(stories: QuerySet[Story], *, may_name: bool = True) -> list[Quote]:
    """The usable stories among these, each named or anonymised as its consent says.

    ``may_name`` is False for readers who see only aggregates (an evaluator,
    the network): they get every quote without a name, whatever the consent.

    Three queries however many stories: the stories with their people and a
    flag for named consent, and their outcome events with types.
    """
    found = (
        usable(stories)
        .select_related("person")
        .annotate(named=_current_consent(ConsentTopic.STORIES_NAMED))
        .prefetch_related(
            Prefetch("outcome_events", queryset=OutcomeEvent.objects.select_related("type"))
        )
    )
    return [
        Quote(
            story.pk,
            story.words,
            story.what_changed,
            story.told_on,
            [localised(event.type) for event in story.outcome_events.all()],
            story.person.preferred_name or story.person.full_name
            if may_name and story.named
            else str(ANONYMOUS),
        )
        for story in found
    ]


def programme_stories(
    programme_ids: Iterable[int], start: date | None = None, end: date | None = None
) -> QuerySet[Story]:
    """Stories of the programmes' people, told in the period when one is given."""
    stories = Story.objects.filter(
        person__neighbourhood__programme_id__in=sorted(programme_ids),
        person__merged_into__isnull=True,
    )
    if start is not None:
        stories = stories.filter(told_on__gte=start)
    if end is not None:
        stories = stories.filter(told_on__lte=end)
    return stories


@dataclass(frozen=True)
class PersonStories:
    shown: list[Quote]
    held_back: int
    """Stories kept on the record that may not be shown: no consent, or it was withdrawn."""


def stories_of(person: Person) -> PersonStories:
    """The person page's stories: those their consent allows, and how many are held back."""
    theirs = Story.objects.filter(person=person)
    shown = quotes(theirs)
    return PersonStories(shown, theirs.count() - len(shown))
