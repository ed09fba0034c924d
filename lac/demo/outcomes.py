"""Demo progress scores, what changed, and services avoided, for the people casework made.

Shapes: most Level 2 people and many Level 1 people are scored at the start
and again later; most improve, some stay the same, a few get worse (life does
not always go well). People Support and Community Connections start lowest,
since more than three in four people are isolated when introduced. What
changed follows what each person wanted to change when introduced, and
happens while their record is open. Services avoided are recorded for a share
of people, mostly Level 2, and only services they might have needed, with a
mix of evidence. Everything goes in with bulk_create, a few thousand people
at a time.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

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
from lac.outcomes.services import avoided_service_fields, defaults_ensure
from lac.people.models import AgeBand, Person, Status

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

# What changed, from what the person wanted to change when introduced: each
# challenge (Derby slides: more than 75% isolated, 45% wanting to be heard, 35%
# money, 25% health) can lead to these outcome events, with the chance for a
# Level 2 and a Level 1 person over their time with a coordinator. The seeds
# name the changes (Derby forecast summary: someone to rely on, less isolated,
# part of the community, confidence, relief from depression, financial and
# housing stability) but publish no rates: these chances are ours, lower for
# Level 1's light-touch advice.
CHANGES_FOR: dict[str, tuple[tuple[str, float, float], ...]] = {
    "isolation": (("reduced-isolation", 0.55, 0.25), ("joined-group", 0.45, 0.2)),
    "being-heard": (("more-confident", 0.5, 0.2),),
    "money": (("debt-resolved", 0.45, 0.25),),
    "health": (("better-health", 0.35, 0.12), ("reduced-gp-visits", 0.2, 0.05)),
    "mental-health": (("better-health", 0.35, 0.12), ("reduced-hospital-use", 0.1, 0.02)),
    "housing": (("housing-stabilised", 0.45, 0.2),),
    "safety": (("safer", 0.5, 0.2),),
    "caring": (("carer-supported", 0.5, 0.25),),
    "work-learning": (("work-or-learning", 0.3, 0.1),),
}
# Changes open to anyone, whatever they came with: giving something back.
ANYONE = (("started-volunteering", 0.08, 0.02), ("started-group", 0.02, 0.0))

# item: (weight, smallest, largest quantity, who it can be avoided for). A
# service is only avoided for someone who might have needed it: residential
# care for older people, crisis and inpatient mental health care for people
# whose main reason or challenge is their mental health, homelessness help and
# temporary housing for people with a housing challenge. None: anyone.
AVOIDED_ITEMS: dict[str, tuple[int, int, int, str | None]] = {
    "A&E attendance": (22, 1, 4, None),
    "GP consultations": (20, 1, 4, None),
    "Ambulance service call outs": (9, 1, 2, None),
    "Mental health and crisis team support": (10, 1, 6, "mental-health"),
    "Social worker intervention": (10, 2, 12, None),
    "Police call outs, arrest and detention": (6, 1, 2, "safety"),
    "Police dealing with antisocial behaviour": (5, 1, 2, None),
    "Homelessness applications and support": (5, 1, 1, "housing"),
    "Temporary housing for adult": (4, 2, 12, "housing"),
    "Hospital stays": (4, 1, 1, "health"),
    "Residential care for older people": (2, 4, 26, "older"),
    "Fire service": (1, 1, 1, None),
    "Alcohol dependency support": (1, 1, 1, "health"),
    "Mental health inpatient specialist intervention": (1, 2, 10, "mental-health"),
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
    end: date
    """The day the record closed, or the demo's today: changes happen in between."""
    needs: frozenset[str]
    """Challenges named at introduction, plus "older" for older people."""


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

    introductions = Introduction.objects.filter(person__neighbourhood__programme_id=programme_id)
    starts = dict(
        introductions.values("person").annotate(first=Min("date")).values_list("person", "first")
    )
    needs: dict[int, set[str]] = {}
    named = Introduction.challenges.through.objects.filter(introduction__in=introductions)
    for person, code in named.values_list("introduction__person", "challenge__code"):
        needs.setdefault(person, set()).add(code)
    rows = (
        Person.objects.filter(neighbourhood__programme_id=programme_id, merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", "neighbourhood_id", "level", "status", "status_since", "age_band")
    )
    chunk: list[DemoPerson] = []
    for pk, neighbourhood_id, level, status, since, age_band in rows.iterator(chunk_size=CHUNK):
        start = starts.get(pk) or today - timedelta(days=rng.randrange(30, 900))
        closed = status == Status.CLOSED
        end = max(start, since) if closed and since else today
        older = {"older"} if age_band in (AgeBand.AGE_65_79, AgeBand.AGE_80_PLUS) else set()
        chunk.append(
            DemoPerson(
                pk,
                neighbourhood_id,
                level,
                closed,
                start,
                end,
                frozenset(needs.get(pk, set()) | older),
            )
        )
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
    rng = ctx.rng
    assessments: list[Assessment] = []
    planned_scores: list[dict[int, int]] = []
    events: list[OutcomeEvent] = []
    avoided: list[AvoidedService] = []
    for person in people:
        coordinator = ctx.coordinators.get(person.neighbourhood_id)
        first_date = min(person.start + timedelta(days=rng.randrange(0, 28)), person.end)
        for when, kind, scores in _scores(rng, person, first_date, domains):
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
        span_days = max((person.end - first_date).days, 1)
        for code in (c for c in _changes(rng, person) if c in event_types):
            events.append(
                OutcomeEvent(
                    person_id=person.pk,
                    type=event_types[code],
                    date=first_date + timedelta(days=rng.randrange(0, span_days)),
                    recorded_by=coordinator,
                )
            )
        for item in (i for i in _avoided(rng, person) if i in costs):
            cost = costs[item]
            low, high = AVOIDED_ITEMS[item][1:3]
            avoided.append(
                AvoidedService(
                    **avoided_service_fields(
                        person_id=person.pk,
                        unit_cost=cost,
                        date=first_date + timedelta(days=rng.randrange(0, span_days)),
                        quantity=rng.randint(low, high),
                        confidence=str(_weighted(rng, CONFIDENCE_WEIGHTS)),
                        unit_cost_agency=cost.agency,
                        recorded_by=coordinator,
                    )
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


def _scores(
    rng: random.Random, person: DemoPerson, first_date: date, domains: list
) -> list[tuple[date, AssessmentKind, dict[int, int]]]:
    """A first score for most people; a later one (the last, if closed) for many of them."""
    level2 = person.level == 2
    if rng.random() >= (0.88 if level2 else 0.45):
        return []
    first = {
        d.pk: rng.choices((1, 2, 3, 4, 5), START_WEIGHTS.get(d.key, DEFAULT_START))[0]
        for d in domains
    }
    dated = [(first_date, AssessmentKind.FIRST, first)]
    span = (person.end - first_date).days
    if span < 45 or rng.random() >= (0.85 if level2 else 0.5):
        return dated
    steps, weights = CHANGES[str(_weighted(rng, TRAJECTORIES))]
    latest = {}
    for d in domains:
        delta = rng.choices(steps, weights)[0]
        if not level2 and delta > 0 and rng.random() > 0.6:
            delta -= 1  # light-touch support moves scores less
        latest[d.pk] = max(d.scale_min, min(d.scale_max, first[d.pk] + delta))
    if person.closed:
        latest_date, kind = person.end, AssessmentKind.LAST
    else:
        latest_date = first_date + timedelta(days=rng.randrange(45, min(span, 560) + 1))
        kind = AssessmentKind.REVIEW
    if level2 and span > 150 and rng.random() < 0.35:
        middle = {pk: (first[pk] + latest[pk] + rng.choice((0, 1))) // 2 for pk in first}
        dated.append((first_date + (latest_date - first_date) / 2, AssessmentKind.REVIEW, middle))
    dated.append((latest_date, kind, latest))
    return dated


def _changes(rng: random.Random, person: DemoPerson) -> list[str]:
    """The outcome event codes a person's challenges led to (each at most once)."""
    level2 = person.level == 2
    offered = [change for need in sorted(person.needs) for change in CHANGES_FOR.get(need, ())]
    codes = []
    for code, level2_chance, level1_chance in (*offered, *ANYONE):
        if code not in codes and rng.random() < (level2_chance if level2 else level1_chance):
            codes.append(code)
    return codes


def _avoided(rng: random.Random, person: DemoPerson) -> list[str]:
    """Rate-card items of services avoided, for about a third of Level 2 people and a few others."""
    level2 = person.level == 2
    if rng.random() >= (0.32 if level2 else 0.05):
        return []
    open_to = [
        (item, spec[0])
        for item, spec in AVOIDED_ITEMS.items()
        if spec[3] is None or spec[3] in person.needs
    ]
    return [str(_weighted(rng, open_to)) for _ in range(rng.choice((1, 1, 2)) if level2 else 1)]
