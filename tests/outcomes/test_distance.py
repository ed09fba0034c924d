"""The database's distance travelled against a plain Python reading of the definition."""

import random
from collections import Counter
from datetime import date, timedelta
from statistics import fmean

import pytest

from lac.outcomes import distance
from lac.outcomes.statistics import Pair
from tests.outcomes.factories import PersonFactory, assess, default_version

START, END = date(2025, 4, 1), date(2026, 3, 31)


def reference(assessments, start, end):
    """First vs latest by the words of the definition, per person, in Python."""
    by_domain, overall = {}, Counter()
    for scored in assessments.values():
        upto = sorted((a for a in scored if end is None or a[0] <= end), key=lambda a: a[:2])
        if len(upto) < 2 or (start is not None and upto[-1][0] < start):
            continue
        first, latest = upto[0][2], upto[-1][2]
        keys = [k for k in first if k in latest]
        for key in keys:
            by_domain.setdefault(key, Counter())[Pair(first[key], latest[key])] += 1
        if keys:
            overall[Pair(fmean(first[k] for k in keys), fmean(latest[k] for k in keys))] += 1
    return by_domain, overall


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_counted_pairs_match_the_definition_on_random_records(world, seed):
    rng = random.Random(seed)
    keys = [d.key for d in default_version().domains.all()]
    assessments = {}
    for _ in range(25):
        person = PersonFactory(neighbourhood=rng.choice([world.north, world.south]))
        assessments[person.pk] = []
        for _ in range(rng.randint(0, 4)):
            when = date(2024, 6, 1) + timedelta(days=rng.randint(0, 800))
            scores = {k: rng.randint(1, 5) for k in rng.sample(keys, rng.randint(1, len(keys)))}
            made = assess(person, when, scores)
            assessments[person.pk].append((when, made.pk, scores))
    # Someone elsewhere never counts.
    stranger = PersonFactory(neighbourhood=world.elsewhere)
    assess(stranger, date(2025, 1, 1), {keys[0]: 1})
    assess(stranger, date(2025, 6, 1), {keys[0]: 5})

    for start, end in ((START, END), (None, None), (None, END)):
        counted = distance.changes(distance.Scope([world.programme.pk], start, end))
        by_domain, overall = reference(assessments, start, end)
        got = counted.get(world.programme.pk)
        assert (dict(got.overall) if got else {}) == pytest.approx(dict(overall))
        assert ({k: dict(v) for k, v in got.by_domain.items()} if got else {}) == {
            k: dict(v) for k, v in by_domain.items()
        }
        assert world.other_programme.pk not in counted


def test_only_the_chosen_neighbourhoods_count(world):
    for neighbourhood in (world.north, world.south):
        person = PersonFactory(neighbourhood=neighbourhood)
        assess(person, date(2025, 5, 1), {"money": 2})
        assess(person, date(2025, 9, 1), {"money": 4})
    counted = distance.changes(distance.Scope([world.programme.pk], START, END, [world.south.pk]))[
        world.programme.pk
    ]
    assert counted.by_domain == {"money": {Pair(2, 4): 1}}
    assert distance.changes(distance.Scope([world.programme.pk], START, END, [])) == {}


def test_without_domains_only_the_overall_pairs_are_counted(world):
    person = PersonFactory(neighbourhood=world.north)
    assess(person, date(2025, 5, 1), {"money": 2, "home": 3})
    assess(person, date(2025, 9, 1), {"money": 4, "home": 4})
    scope = distance.Scope([world.programme.pk], START, END)
    both = distance.changes(scope)[world.programme.pk]
    overall_only = distance.changes(scope, by_domain=False)[world.programme.pk]
    assert overall_only.overall == both.overall == {Pair(2.5, 4.0): 1}
    assert overall_only.by_domain == {}


def test_a_level_limits_the_people_counted(world):
    from lac.people.models import Level

    for level in (Level.LEVEL_1, Level.LEVEL_2):
        person = PersonFactory(neighbourhood=world.north, level=level)
        assess(person, date(2025, 5, 1), {"money": 2})
        assess(person, date(2025, 9, 1), {"money": 3 + level})
    scope = distance.Scope([world.programme.pk], START, END, level=Level.LEVEL_2)
    assert distance.changes(scope)[world.programme.pk].by_domain == {"money": {Pair(2, 5): 1}}
