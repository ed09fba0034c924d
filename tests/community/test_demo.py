"""The demo directory: a realistic spread per neighbourhood, gaps to show, private gifts."""

from __future__ import annotations

import random
from datetime import date

from django.db.models import Count

from lac.community.models import Asset, AssetEvent, AssetKind, Connection, EventKind
from lac.community.selectors import gap_view
from lac.demo.community import build_community
from lac.demo.context import DemoContext
from lac.demo.organisation import build_organisation
from lac.demo.plan import small_plan
from lac.people.models import Person


def build(db) -> DemoContext:
    ctx = DemoContext(plan=small_plan(), today=date(2026, 11, 25), rng=random.Random(7))
    build_organisation(ctx)
    for neighbourhoods in ctx.neighbourhoods.values():
        Person.objects.bulk_create(
            Person(full_name=f"Demo Person {n.pk}-{i}", neighbourhood=n)
            for n in neighbourhoods
            for i in range(20)
        )
    build_community(ctx)
    return ctx


def test_each_neighbourhood_gets_fifteen_to_twenty_five_local_assets(db):
    ctx = build(db)
    counts = (
        Asset.objects.exclude(kind=AssetKind.INDIVIDUAL)
        .values("neighbourhoods")
        .annotate(n=Count("pk"))
    )
    local = {row["neighbourhoods"]: row["n"] for row in counts if row["neighbourhoods"]}
    assert len(local) == sum(len(n) for n in ctx.neighbourhoods.values())
    assert all(15 <= n <= 25 for n in local.values()), local


def test_people_with_a_gift_are_never_public_in_the_demo(db):
    build(db)
    gifts = Asset.objects.filter(kind=AssetKind.INDIVIDUAL)
    assert gifts.exists() and not gifts.filter(public=True).exists()


def test_the_demo_has_new_groups_volunteers_and_connections(db):
    build(db)
    established = AssetEvent.objects.filter(kind=EventKind.ESTABLISHED)
    assert established.exists()
    assert not established.filter(coordinator_part="").exists()
    assert AssetEvent.objects.filter(kind=EventKind.VOLUNTEERS, count__gt=0).exists()
    share = Connection.objects.values("person").distinct().count() / Person.objects.count()
    assert 0.45 < share < 0.75


def test_the_demo_leaves_some_gaps_for_the_gap_view_to_show(db):
    ctx = build(db)
    rows = gap_view(ctx.programmes["eastmere"])
    assert any(row.gaps for row in rows)
    assert not all(row.gaps for row in rows)
