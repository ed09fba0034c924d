"""Demo step: the equality questions answered (with consent), deprivation from postcode,
and each neighbourhood's population shares, so the dashboard's reach and outcome tables
have something to show.

The shares are illustrative, not census figures: the seeds hold no census tables for
Derby or any other council, so each neighbourhood's make-up is one plausible mix for a
mid-sized English city, varied from neighbourhood to neighbourhood, and its small areas
are given deprivation deciles around a level of its own. People supported lean female,
more often disabled and towards their neighbourhood's more deprived streets than its
residents, as an introduction-led service plausibly does; about three in five agreed to
the equality questions. Small areas are coded "D" + eight digits, never a real LSOA code.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from django.db.models import Min

from lac.accounts.models import Neighbourhood
from lac.demo.context import DemoContext
from lac.imports.bulk import update
from lac.people.deprivation_files import deprivation_refresh
from lac.people.equality import EQUALITY_FIELDS, PREFER_NOT_TO_SAY
from lac.people.models import (
    Consent,
    ConsentMethod,
    ConsentTopic,
    DeprivationIndex,
    Person,
    PostcodeArea,
    SmallArea,
)
from lac.reports.models import NeighbourhoodPopulation

CHUNK = 5000
AREAS_PER_NEIGHBOURHOOD = 6
AGREED = 0.6
"""The share of people who agreed to the equality questions."""
NOT_SAYING = 0.05
"""The share of answers, among those who agreed, that are "Prefer not to say"."""

# Residents' answers, in per cent (illustrative, see the module's docstring).
RESIDENTS: dict[str, dict[str, float]] = {
    "sex": {"female": 51, "male": 49},
    "gender_identity": {"same": 93.5, "different": 0.5, PREFER_NOT_TO_SAY: 6},
    "ethnic_group": {
        "white_british": 72,
        "white_irish": 1,
        "white_gypsy_traveller": 0.2,
        "white_roma": 0.3,
        "white_other": 5,
        "mixed_white_asian": 0.8,
        "mixed_white_black_african": 0.6,
        "mixed_white_black_caribbean": 1.2,
        "mixed_other": 0.7,
        "asian_bangladeshi": 0.8,
        "asian_chinese": 1,
        "asian_indian": 4,
        "asian_pakistani": 5,
        "asian_other": 1.5,
        "black_african": 2.5,
        "black_caribbean": 1.5,
        "black_other": 0.5,
        "other_arab": 0.5,
        "other_any": 1,
    },
    "disability": {
        "limited_a_lot": 9,
        "limited_a_little": 11,
        "not_limited": 7,
        "no_condition": 73,
    },
    "religion": {
        "none": 36,
        "christian": 45,
        "buddhist": 0.5,
        "hindu": 2,
        "jewish": 0.3,
        "muslim": 9,
        "sikh": 3,
        "other": 0.6,
        PREFER_NOT_TO_SAY: 3.6,
    },
    "sexual_orientation": {
        "straight": 89,
        "gay_lesbian": 1.5,
        "bisexual": 1.3,
        "other": 0.3,
        PREFER_NOT_TO_SAY: 7.9,
    },
}
# How much more (or less) often people supported give an answer than residents do.
SUPPORTED_LEAN = {
    "sex": {"female": 1.25},
    "disability": {"limited_a_lot": 2.5, "limited_a_little": 1.6},
}


def build_equality(ctx: DemoContext) -> None:
    for neighbourhoods in ctx.neighbourhoods.values():
        for neighbourhood in neighbourhoods:
            mix = _neighbourhood_mix(ctx.rng)
            deciles = _small_areas(ctx.rng, neighbourhood)
            _population(neighbourhood, mix, deciles)
            _postcodes(ctx.rng, neighbourhood, deciles)
            _answers(ctx.rng, neighbourhood, mix)
    deprivation_refresh()


def _neighbourhood_mix(rng: random.Random) -> dict[str, dict[str, float]]:
    """The residents' shares varied for one neighbourhood: some more diverse, some less."""
    diversity = rng.uniform(0.3, 2.8)
    mix = {question: dict(shares) for question, shares in RESIDENTS.items()}
    ethnic = mix["ethnic_group"]
    for answer in ethnic:
        if answer != "white_british":
            ethnic[answer] *= diversity * rng.uniform(0.6, 1.5)
    ethnic["white_british"] = max(
        20.0, 100 - sum(v for a, v in ethnic.items() if a != "white_british")
    )
    religion = mix["religion"]
    for answer in ("muslim", "hindu", "sikh"):
        religion[answer] *= diversity
    return mix


def _small_areas(rng: random.Random, neighbourhood: Neighbourhood) -> list[tuple[str, int]]:
    """The neighbourhood's small areas, (code, decile) each, around a level of its own."""
    level = rng.randint(1, 8)
    areas = [
        (f"D{neighbourhood.pk:04d}{n:04d}", min(10, max(1, level + rng.randint(-1, 2))))
        for n in range(1, AREAS_PER_NEIGHBOURHOOD + 1)
    ]
    SmallArea.objects.bulk_create(
        SmallArea(code=code, index=DeprivationIndex.ENGLAND, decile=decile)
        for code, decile in areas
    )
    return areas


def _population(
    neighbourhood: Neighbourhood,
    mix: Mapping[str, Mapping[str, float]],
    areas: list[tuple[str, int]],
) -> None:
    """The neighbourhood's residents by answer (``lac population``'s counts), and by the
    decile of the small area they live in (an equal share in each)."""
    residents = neighbourhood.population or 10_000
    counts: dict[tuple[str, str], int] = {}
    for question, shares in mix.items():
        total = sum(shares.values())
        for answer, share in shares.items():
            counts[question, answer] = round(residents * share / total)
    for _, decile in areas:
        key = ("deprivation", f"{DeprivationIndex.ENGLAND}_{decile}")
        counts[key] = counts.get(key, 0) + residents // len(areas)
    NeighbourhoodPopulation.objects.bulk_create(
        NeighbourhoodPopulation(neighbourhood=neighbourhood, question=q, answer=a, people=n)
        for (q, a), n in counts.items()
    )


def _postcodes(
    rng: random.Random, neighbourhood: Neighbourhood, areas: list[tuple[str, int]]
) -> None:
    """Each postcode of the neighbourhood's people placed in one of its small areas, more
    often in its more deprived ones."""
    postcodes = sorted(
        set(
            Person.objects.filter(neighbourhood=neighbourhood)
            .exclude(postcode="")
            .values_list("postcode", flat=True)
        )
    )
    weights = [11 - decile for _, decile in areas]
    codes = [code for code, _ in areas]
    PostcodeArea.objects.bulk_create(
        (PostcodeArea(postcode=p, area_code=rng.choices(codes, weights)[0]) for p in postcodes),
        batch_size=CHUNK,
        ignore_conflicts=True,  # a postcode two neighbourhoods' people share stays in the first
    )


def _answers(
    rng: random.Random, neighbourhood: Neighbourhood, mix: Mapping[str, Mapping[str, float]]
) -> None:
    """Answers for those of the neighbourhood's people who agreed, with their consent."""
    supported = _supported_mix(mix)
    people = (
        Person.objects.filter(neighbourhood=neighbourhood)
        .annotate(first=Min("introductions__date"))
        .values_list("pk", "first", "coordinator_id")
        .order_by("pk")
    )
    rows, consents = [], []
    for pk, first, coordinator in people:
        if first is None or rng.random() >= AGREED:
            continue
        consents.append(
            Consent(
                person_id=pk,
                topic=ConsentTopic.EQUALITY,
                given_on=first,
                method=ConsentMethod.VERBAL,
                recorded_by_id=coordinator,
            )
        )
        rows.append([_answer(rng, supported[field]) for field in EQUALITY_FIELDS] + [pk])
    Consent.objects.bulk_create(consents, batch_size=CHUNK)
    update(Person, EQUALITY_FIELDS, rows)


def _supported_mix(
    mix: Mapping[str, Mapping[str, float]],
) -> dict[str, tuple[list[str], list[float]]]:
    """Answers and their weights among the people supported: the residents' shares, leant."""
    weighted: dict[str, tuple[list[str], list[float]]] = {}
    for question, shares in mix.items():
        lean = SUPPORTED_LEAN.get(question, {})
        answers = [a for a in shares if a != PREFER_NOT_TO_SAY]
        weighted[question] = (answers, [shares[a] * lean.get(a, 1.0) for a in answers])
    return weighted


def _answer(rng: random.Random, choices: tuple[list[str], list[float]]) -> str:
    if rng.random() < NOT_SAYING:
        return PREFER_NOT_TO_SAY
    answers, weights = choices
    return rng.choices(answers, weights)[0]
