"""A little of everything the dashboard counts, for n people in one neighbourhood."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lac.casework.models import Challenge, Conversation, Introduction, IntroductionSource
from lac.community.models import AssetEvent, Connection, Contribution, EventKind
from lac.people.models import Level, Person
from tests.community.factories import AssetFactory
from tests.outcomes.factories import assess, avoided, event

IN_PERIOD = date(2025, 6, 10)
BEFORE = date(2025, 1, 5)


def people_with_records(neighbourhood, n: int, *, source: str = "council", start: int = 0):
    programme = neighbourhood.programme
    source_row = IntroductionSource.objects.get(code=source, programme=None)
    isolation = Challenge.objects.get(code="isolation", programme=None)
    asset = AssetFactory(programme=programme)
    people = []
    for i in range(start, start + n):
        person = Person.objects.create(
            full_name=f"Dash Person {i}",
            neighbourhood=neighbourhood,
            level=Level.LEVEL_2 if i % 2 else Level.LEVEL_1,
            age_band="65_79",
        )
        intro = Introduction.objects.create(
            person=person,
            programme=programme,
            neighbourhood=neighbourhood,
            date=IN_PERIOD,
            source=source_row,
        )
        intro.challenges.add(isolation)
        Conversation.objects.create(
            person=person, date=IN_PERIOD, mode="phone", duration_minutes=30
        )
        event(person, "joined-group", IN_PERIOD)
        assess(person, BEFORE, {"people-support": 2}, kind="first")
        assess(person, IN_PERIOD, {"people-support": 3})
        avoided(person, "A&E attendance", IN_PERIOD)
        Connection.objects.create(person=person, kind="asset", asset=asset, date=IN_PERIOD)
        Contribution.objects.create(
            person=person, kind="volunteering", hours=Decimal("2"), started=IN_PERIOD
        )
        AssetEvent.objects.create(
            asset=asset, kind=EventKind.ESTABLISHED, date=IN_PERIOD, coordinator_part="started"
        )
        people.append(person)
    return people
