"""Outcomes by main reason for support and by age band on the dashboard (#15 item 6)."""

import csv
import io

from lac.people.models import Person
from tests.reports.factories import people_with_records

FY = "?year=2025"


def _two_groups(world):
    """Six older people aged 65 to 79 and three with mental health needs aged 31 to 64."""
    older = people_with_records(world.north, 6)
    younger = people_with_records(world.north, 3, start=6)
    Person.objects.filter(pk__in=[p.pk for p in older]).update(primary_category="older_person")
    Person.objects.filter(pk__in=[p.pk for p in younger]).update(
        primary_category="mental_health", age_band="31_64"
    )


def _csv(client, key):
    text = client.get(f"/reports/dashboard/{key}.csv{FY}").content.decode("utf-8-sig")
    return {row[0]: row[1:] for row in csv.reader(io.StringIO(text)) if row}


def test_a_manager_sees_each_outcome_by_main_reason_and_by_age(client_for, world):
    _two_groups(world)
    page = client_for("bob").get(f"/reports/dashboard/{FY}").content.decode()
    for title in (
        "Distance travelled by main reason for support: first and latest scores",
        "What changed, by main reason for support: outcome events recorded",
        "Services avoided, by main reason for support (2024-25 prices)",
        "Distance travelled by age band: first and latest scores",
        "What changed, by age band: outcome events recorded",
        "Services avoided, by age band (2024-25 prices)",
    ):
        assert title in page
    client = client_for("bob")
    distance = _csv(client, "distance_by_category")
    assert distance["Older person"][:4] == ["6", "2", "1", "100"]
    assert distance["Mental health"][:4] == ["3", "2", "1", "100"]
    events = _csv(client, "outcome_events_by_age")
    assert events["65 to 79"][:2] == ["6", "6"]
    assert events["31 to 64"][:2] == ["3", "3"]
    avoided = _csv(client, "avoided_costs_by_category")
    assert avoided["Older person"][:2] == ["6", "6"]
    assert avoided["Older person"][2] == "947.8"  # 6 × £117 at 2014-15, × 100 / 74.0662


def test_an_evaluator_sees_small_groups_suppressed_on_the_page_and_in_downloads(client_for, world):
    _two_groups(world)
    client = client_for("eve")
    events = _csv(client, "outcome_events_by_category")
    assert events["Mental health"][:2] == ["<5", "<5"]
    assert events["Older person"][:2] == ["[c]", "6"]  # else the total would give the 3 away
    distance = _csv(client, "distance_by_age")
    assert distance["31 to 64"][0] == "<5"
    page = client.get(f"/reports/dashboard/{FY}").content.decode()
    assert "Services avoided, by age band" in page
