"""Demo progress scores, what changed, and services avoided, for the people casework made.

Shapes: most Level 2 people and many Level 1 people are scored at the start
and again later; most improve, some stay the same, a few get worse (life does
not always go well). People Support and Community Connections start lowest,
since more than three in four people are isolated when introduced. Services
avoided are recorded for a share of people, mostly Level 2, with a mix of
evidence. Everything goes in with bulk_create, a few thousand people at a time.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Min

from lac.demo.context import DemoContext
from lac.outcomes.models import (
    Assessment,
    AssessmentKind,
    AvoidedService,
    Confidence,
    DomainScore,
    FrameworkVersion,
    OutcomeEvent,
    OutcomeEventType,
    UnitCost,
)
from lac.outcomes.selectors import current_version, rate_card_for
from lac.outcomes.services import defaults_ensure
from lac.people.models import Person

CHUNK = 4000

# Where people tend to start, per domain key: weights for scores 1..5.
START_WEIGHTS = {
    "life-control": (15, 35, 30, 15, 5),
    "people-support": (35, 35, 20, 8, 2),
    "health-wellbeing": (20, 35, 28, 12, 5),
    "money": (22, 30, 28, 14, 6),
    "home": (10, 22, 35, 23, 10),
    "community-connections": (40, 35, 17, 6, 2),
    "contribution": (35, 33, 20, 9, 3),
}
DEFAULT_START = (20, 30, 30, 15, 5)

# How a person's time with a coordinator went, and the per-domain changes it brings.
TRAJECTORIES = (("better", 72), ("same", 17), ("worse", 11))
CHANGES = {
    "better": ((-1, 0, 1, 2, 3), (4, 22, 38, 27, 9)),
    "same": ((-1, 0, 1), (12, 76, 12)),
    "worse": ((-2, -1, 0, 1), (12, 48, 32, 8)),
}

EVENT_WEIGHTS = {
    "reduced-isolation": 30,
    "joined-group": 22,
    "more-confident": 20,
    "started-volunteering": 9,
    "better-health": 10,
    "debt-resolved": 8,
    "housing-stabilised": 7,
    "reduced-gp-visits": 7,
    "reduced-hospital-use": 5,
    "work-or-learning": 4,
    "started-group": 2,
    "carer-supported": 4,
    "safer": 3,
}

# item: (weight, smallest, largest quantity)
AVOIDED_ITEMS = {
    "A&E attendance": (22, 1, 4),
    "GP consultations": (20, 1, 4),
    "Ambulance service call outs": (9, 1, 2),
    "Mental health and crisis team support": (10, 1, 6),
    "Social worker intervention": (10, 2, 12),
    "Police call outs, arrest and detention": (6, 1, 2),
    "Police dealing with antisocial behaviour": (5, 1, 2),
    "Homelessness applications and support": (5, 1, 1),
    "Temporary housing for adult": (4, 2, 12),
    "Hospital stays": (4, 1, 1),
    "Residential care for older people": (2, 4, 26),
    "Fire service": (1, 1, 1),
    "Alcohol dependency support": (1, 1, 1),
    "Mental health inpatient specialist intervention": (1, 2, 10),
}
CONFIDENCE_WEIGHTS = (
    (Confidence.EVIDENCED, 35),
    (Confidence.REPORTED, 37),
    (Confidence.JUDGED, 28),
)


@dataclass(frozen=True)
class DemoPerson:
    pk: int
    neighbourhood_id: int
    level: int
    closed: bool
    start: date


def build_outcomes(ctx: DemoContext) -> None:
    """Assessments, outcome events and services avoided for the demo people."""
    defaults_ensure()
    for programme in ctx.programmes.values():
        version = current_version(programme, ctx.today)
        domains = list(version.domains.all())
        event_types = {
            t.code: t for t in OutcomeEventType.objects.filter(programme=None, active=True)
        }
        costs = {c.item: c for c in UnitCost.objects.filter(rate_card=rate_card_for(programme))}
        for chunk in _people(programme.pk, ctx.today, ctx.rng):
            _build_chunk(ctx, chunk, version, domains, event_types, costs)


def _people(programme_id: int, today: date, rng: random.Random) -> Iterator[list[DemoPerson]]:
    from lac.casework.models import Introduction

    starts = dict(
        Introduction.objects.filter(person__neighbourhood__programme_id=programme_id)
        .values("person")
        .annotate(first=Min("date"))
        .values_list("person", "first")
    )
    rows = (
        Person.objects.filter(neighbourhood__programme_id=programme_id, merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", "neighbourhood_id", "level", "status")
    )
    chunk: list[DemoPerson] = []
    for pk, neighbourhood_id, level, status in rows.iterator(chunk_size=CHUNK):
        start = starts.get(pk) or today - timedelta(days=rng.randrange(30, 900))
        chunk.append(DemoPerson(pk, neighbourhood_id, level, status == "closed", start))
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _weighted(rng: random.Random, pairs: Sequence[tuple[object, int]]) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _build_chunk(
    ctx: DemoContext,
    people: list[DemoPerson],
    version: FrameworkVersion,
    domains: list,
    event_types: dict[str, OutcomeEventType],
    costs: dict[str, UnitCost],
) -> None:
    rng, today = ctx.rng, ctx.today
    assessments: list[Assessment] = []
    planned_scores: list[dict[int, int]] = []
    events: list[OutcomeEvent] = []
    avoided: list[AvoidedService] = []
    for person in people:
        coordinator = ctx.coordinators.get(person.neighbourhood_id)
        level2 = person.level == 2
        first_date = min(person.start + timedelta(days=rng.randrange(0, 28)), today)
        if rng.random() < (0.88 if level2 else 0.45):
            first = {
                d.pk: rng.choices((1, 2, 3, 4, 5), START_WEIGHTS.get(d.key, DEFAULT_START))[0]
                for d in domains
            }
            dated = [(first_date, AssessmentKind.FIRST, first)]
            span = (today - first_date).days
            if span >= 45 and rng.random() < (0.85 if level2 else 0.5):
                trajectory = str(_weighted(rng, TRAJECTORIES))
                steps, weights = CHANGES[trajectory]
                scale = 1 if level2 else 0.6  # light-touch support moves scores less
                latest = {}
                for d in domains:
                    delta = rng.choices(steps, weights)[0]
                    if not level2 and delta > 0 and rng.random() > scale:
                        delta -= 1
                    latest[d.pk] = max(d.scale_min, min(d.scale_max, first[d.pk] + delta))
                latest_date = first_date + timedelta(days=rng.randrange(45, min(span, 560) + 1))
                if level2 and span > 150 and rng.random() < 0.35:
                    middle = {
                        pk: (first[pk] + latest[pk] + rng.choice((0, 1))) // 2 for pk in first
                    }
                    middle_date = first_date + (latest_date - first_date) / 2
                    dated.append((middle_date, AssessmentKind.REVIEW, middle))
                kind = AssessmentKind.LAST if person.closed else AssessmentKind.REVIEW
                dated.append((latest_date, kind, latest))
            for when, kind, scores in dated:
                assessments.append(
                    Assessment(
                        person_id=person.pk,
                        version=version,
                        date=when,
                        kind=kind,
                        assessed_by=coordinator,
                    )
                )
                planned_scores.append(scores)
        span_days = max((today - first_date).days, 1)
        if rng.random() < (0.5 if level2 else 0.18):
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3)) if level2 else 1):
                code = str(_weighted(rng, tuple(EVENT_WEIGHTS.items())))
                if code in event_types:
                    events.append(
                        OutcomeEvent(
                            person_id=person.pk,
                            type=event_types[code],
                            date=first_date + timedelta(days=rng.randrange(0, span_days)),
                            recorded_by=coordinator,
                        )
                    )
        if rng.random() < (0.32 if level2 else 0.05):
            for _ in range(rng.choice((1, 1, 2)) if level2 else 1):
                item = str(
                    _weighted(rng, tuple((name, spec[0]) for name, spec in AVOIDED_ITEMS.items()))
                )
                cost = costs.get(item)
                if cost is None:
                    continue
                low, high = AVOIDED_ITEMS[item][1:]
                avoided.append(
                    AvoidedService(
                        person_id=person.pk,
                        unit_cost=cost,
                        date=first_date + timedelta(days=rng.randrange(0, span_days)),
                        quantity=Decimal(rng.randint(low, high)),
                        confidence=str(_weighted(rng, CONFIDENCE_WEIGHTS)),
                        agency=cost.agency,
                        recorded_by=coordinator,
                    )
                )
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    DomainScore.objects.bulk_create(
        (
            DomainScore(assessment_id=assessment.pk, domain_id=domain_id, score=score)
            for assessment, scores in zip(assessments, planned_scores, strict=True)
            for domain_id, score in scores.items()
        ),
        batch_size=5000,
    )
    OutcomeEvent.objects.bulk_create(events, batch_size=5000)
    AvoidedService.objects.bulk_create(avoided, batch_size=5000)
