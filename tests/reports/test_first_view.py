"""The first view after a change shows what counting everything afresh would show.

The dashboard and the network comparison bring their kept totals and figures up to
date from the changes alone (lac.reports.monthly, lac.reports.figures_cache); this
checks, through the pages, that nothing they show differs from a fresh count.
"""

from __future__ import annotations

from datetime import date

from django.core.cache import cache

from lac.audit.actor import Actor
from lac.casework.models import IntroductionSource
from lac.casework.services import conversation_log, level_change, person_introduce
from lac.people.models import Level
from lac.reports import monthly
from tests.reports.factories import IN_PERIOD, people_with_records

FY = "?year=2025"


def _dashboard(client) -> dict[str, object]:
    response = client.get(f"/reports/dashboard/{FY}")
    assert response.status_code == 200
    return {table.key: table.rows for table in response.context["tables"]}


def _network(client) -> list[dict[str, object]]:
    response = client.get(f"/reports/network/{FY}")
    assert response.status_code == 200
    return [vars(row) for row in response.context["rows"]]


def test_the_first_view_after_changes_shows_the_figures_of_a_fresh_count(client_for, world):
    people = people_with_records(world.north, 6)
    people += people_with_records(world.elsewhere, 6, start=100)
    monthly.rebuild()
    before = _dashboard(client_for("bob")), _network(client_for("nina"))

    # The everyday record in both programmes, someone new spoken with, a level changed.
    alice = Actor(user=world.alice)
    conversation_log(person=people[0], date=IN_PERIOD, mode="home_visit", actor=alice)
    conversation_log(person=people[6], date=IN_PERIOD, mode="phone", actor=Actor())
    newcomer = person_introduce(
        full_name="New Person",
        neighbourhood=world.south,
        date=date(2025, 9, 1),
        actor=alice,
        source=IntroductionSource.objects.get(code="police", programme=None),
    ).person
    conversation_log(person=newcomer, date=date(2025, 9, 2), mode="phone", actor=alice)
    level_change(person=people[1], level=Level.LEVEL_1, date=date(2025, 10, 1), actor=alice)

    first = _dashboard(client_for("bob")), _network(client_for("nina"))
    assert first != before  # the changes show at once
    cache.clear()
    monthly.rebuild()
    fresh = _dashboard(client_for("bob")), _network(client_for("nina"))
    assert first == fresh
