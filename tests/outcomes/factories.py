"""Factories and helpers for outcomes tests: people, assessments, events, services avoided."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from lac.outcomes.models import (
    DEFAULT_FRAMEWORK_SLUG,
    Assessment,
    AvoidedService,
    DomainScore,
    FrameworkVersion,
    OutcomeEvent,
    OutcomeEventType,
    RateCard,
    UnitCost,
)
from lac.people.models import Person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Test Person {n}")


def default_version() -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__slug=DEFAULT_FRAMEWORK_SLUG, number=1)


def assess(
    person: Person,
    when: date,
    scores: dict[str, int],
    *,
    kind: str = "review",
    version: FrameworkVersion | None = None,
) -> Assessment:
    """An assessment scored by domain key, straight into the database."""
    version = version or default_version()
    assessment = Assessment.objects.create(person=person, version=version, date=when, kind=kind)
    domains = {d.key: d for d in version.domains.all()}
    DomainScore.objects.bulk_create(
        DomainScore(assessment=assessment, domain=domains[key], score=score)
        for key, score in scores.items()
    )
    return assessment


def uniform(score: int) -> dict[str, int]:
    """Every domain of the default framework at one score."""
    return {d.key: score for d in default_version().domains.all()}


def event(person: Person, code: str, when: date) -> OutcomeEvent:
    return OutcomeEvent.objects.create(
        person=person, type=OutcomeEventType.objects.get(code=code, programme=None), date=when
    )


def shared_cost(item: str) -> UnitCost:
    return UnitCost.objects.get(rate_card__programme=None, item=item)


def avoided(
    person: Person,
    item: str,
    when: date,
    quantity: str = "1",
    confidence: str = "evidenced",
    agency: str | None = None,
) -> AvoidedService:
    cost = shared_cost(item)
    return AvoidedService.objects.create(
        person=person,
        unit_cost=cost,
        date=when,
        quantity=Decimal(quantity),
        confidence=confidence,
        agency=agency or cost.agency,
    )


def shared_card() -> RateCard:
    return RateCard.objects.get(programme=None)
