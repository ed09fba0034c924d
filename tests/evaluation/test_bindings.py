from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.audit.actor import Actor
from lac.casework.models import Introduction
from lac.community.models import AssetEvent, Connection, Contribution, EventKind
from lac.evaluation.bindings import Period, resolve
from lac.evaluation.services import run_create
from lac.people.models import Level, Person
from tests.community.factories import AssetFactory
from tests.evaluation.factories import stored_map
from tests.outcomes.factories import assess, avoided, event

START, END = date(2025, 4, 1), date(2026, 3, 31)
IN, BEFORE = date(2025, 6, 1), date(2025, 1, 1)

ALL_KINDS = {
    "a": {"kind": "event_people", "parameter": "joined-group"},
    "b": {"kind": "level2_improved", "parameter": "people-support"},
    "c": {"kind": "avoided_items", "parameter": "A&E attendance"},
    "d": {"kind": "volunteering_hours"},
    "e": {"kind": "new_groups"},
    "f": {"kind": "people_connected"},
    "g": {"kind": "people_at_level", "parameter": "2"},
}


def person(neighbourhood, level=Level.LEVEL_1, name="Test Person", introduced=IN):
    p = Person.objects.create(full_name=name, neighbourhood=neighbourhood, level=level)
    Introduction.objects.create(
        person=p, programme=neighbourhood.programme, neighbourhood=neighbourhood, date=introduced
    )
    return p


def add_records(world, n: int) -> None:
    """n people in programme A with one of everything, plus records that must not count."""
    asset = AssetFactory(programme=world.programme)
    for i in range(n):
        p = person(world.north, Level.LEVEL_2, f"Person {i}")
        event(p, "joined-group", IN)
        event(p, "joined-group", IN)  # the same person twice counts once
        assess(p, BEFORE, {"people-support": 2}, kind="first")
        assess(p, IN, {"people-support": 4})
        avoided(p, "A&E attendance", IN, quantity="2")
        Contribution.objects.create(person=p, kind="volunteering", hours=Decimal("5"), started=IN)
        Connection.objects.create(person=p, kind="asset", asset=asset, date=IN)
        AssetEvent.objects.create(
            asset=asset, kind=EventKind.ESTABLISHED, date=IN, coordinator_part="started"
        )
    # Outside the period, and in the other programme: never counted.
    old = person(world.south, Level.LEVEL_2, "Old", introduced=BEFORE)
    event(old, "joined-group", BEFORE)
    avoided(old, "A&E attendance", BEFORE)
    Connection.objects.create(person=old, kind="asset", asset=asset, date=BEFORE)
    outsider = person(world.elsewhere, Level.LEVEL_2, "Outsider")
    event(outsider, "joined-group", IN)
    avoided(outsider, "A&E attendance", IN)


def test_each_binding_kind_counts_only_the_programmes_records_in_the_period(world):
    add_records(world, 3)
    counts = {
        r.outcome_id: r.quantity for r in resolve(Period(world.programme, START, END), ALL_KINDS)
    }
    assert counts == {"a": 3, "b": 3, "c": 6, "d": 15, "e": 3, "f": 3, "g": 3}


def test_a_level1_person_or_one_who_got_worse_is_not_counted_as_improved(world):
    better_l1 = person(world.north, Level.LEVEL_1)
    assess(better_l1, BEFORE, {"people-support": 2}, kind="first")
    assess(better_l1, IN, {"people-support": 4})
    worse = person(world.north, Level.LEVEL_2)
    assess(worse, BEFORE, {"people-support": 4}, kind="first")
    assess(worse, IN, {"people-support": 2})
    only_once = person(world.north, Level.LEVEL_2)
    assess(only_once, IN, {"people-support": 1}, kind="first")
    [r] = resolve(Period(world.programme, START, END), {"x": ALL_KINDS["b"]})
    assert r.quantity == 0


@pytest.mark.parametrize("size", [2, 8])
def test_resolving_every_kind_takes_the_same_number_of_queries_at_any_size(world, size):
    add_records(world, size)
    with CaptureQueriesContext(connection) as queries:
        resolve(Period(world.programme, START, END), ALL_KINDS)
    assert len(queries) == 7  # one per binding, whatever the size


def test_an_evaluative_run_records_the_counts_and_their_planned_values(world):
    add_records(world, 4)
    impact_map = stored_map(
        world.programme,
        bindings={"joined": ALL_KINDS["a"], "volunteers": ALL_KINDS["d"]},
    )
    run = run_create(
        version=impact_map.versions.get(), start=START, end=END, draws=100, seed=1, actor=Actor()
    )
    assert run.resolved["joined"]["quantity"] == 4
    assert run.resolved["joined"]["planned"] == 10
    assert run.resolved["volunteers"]["quantity"] == 20
    joined = next(o for o in run.document["outcomes"] if o["id"] == "joined")
    assert joined["quantity"] == 4
    assert "quantity" not in joined["ranges"]  # a count is a fact, not an assumption
    # 4 × £1,000 × 50% + 20 hours × £10, discounted one year, over £10,000 of inputs
    assert run.result["sroi_ratio"] == pytest.approx((2000 + 200) / 1.035 / 10000)


def test_a_level_binding_counts_only_people_at_that_level(world):
    """An outcome a map claims for Level 2 people is never counted from Level 1 records."""
    for level, count in ((Level.LEVEL_1, 2), (Level.LEVEL_2, 3)):
        for i in range(count):
            p = person(world.north, level, f"Level {level} person {i}")
            event(p, "reduced-isolation", IN)
            assess(p, BEFORE, {"health-wellbeing": 2}, kind="first")
            assess(p, IN, {"health-wellbeing": 3})
    bindings = {
        "everyone": {"kind": "event_people", "parameter": "reduced-isolation"},
        "l1": {"kind": "level1_event_people", "parameter": "reduced-isolation"},
        "l2": {"kind": "level2_event_people", "parameter": "reduced-isolation"},
        "l1_better": {"kind": "level1_improved", "parameter": "health-wellbeing"},
        "l2_better": {"kind": "level2_improved", "parameter": "health-wellbeing"},
    }
    counts = {
        r.outcome_id: r.quantity for r in resolve(Period(world.programme, START, END), bindings)
    }
    assert counts == {"everyone": 5, "l1": 2, "l2": 3, "l1_better": 2, "l2_better": 3}
