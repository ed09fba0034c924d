"""factory_boy factories for casework records."""

from __future__ import annotations

from datetime import date

import factory

from lac.casework.models import (
    Conversation,
    ConversationMode,
    Goal,
    Introduction,
    IntroductionSource,
    Step,
    Vision,
)
from tests.people.factories import PersonFactory


class IntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Introduction

    person = factory.SubFactory(PersonFactory)
    neighbourhood = factory.LazyAttribute(lambda i: i.person.neighbourhood)
    programme = factory.LazyAttribute(lambda i: i.person.neighbourhood.programme)
    date = date(2026, 1, 5)
    source = factory.LazyFunction(lambda: IntroductionSource.objects.get(code="council"))


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    person = factory.SubFactory(PersonFactory)
    date = date(2026, 2, 1)
    mode = ConversationMode.HOME_VISIT
    duration_minutes = 45
    note = "Talked about the allotment society."


class VisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vision

    person = factory.SubFactory(PersonFactory)
    text = "To feel part of my street again."
    date = date(2026, 2, 1)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    person = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    set_on = date(2026, 2, 1)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    goal = factory.SubFactory(GoalFactory)
    description = factory.Sequence(lambda n: f"Step {n}")
