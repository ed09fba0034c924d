"""The safety figures per coordinator: on the managers' dashboard and its downloads, counts
only, suppressed for readers who see aggregates only."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lac.audit.actor import Actor
from lac.lib.periods import financial_year, financial_year_of
from lac.safety import services
from lac.safety.selectors import CoordinatorSafety, safety_by_coordinator
from tests.people.factories import PersonFactory
from tests.reports.test_dashboard import csv_rows, row_of


def concerns_and_visits(world):
    """Alice: two concerns about two people (one closed), a visit that ran late. Amir: a visit."""
    actor = Actor.working_as(world.alice, job="test")
    for name in ("Ada One", "Bea Two"):
        person = PersonFactory(full_name=name, neighbourhood=world.north, coordinator=world.alice)
        concern = services.concern_record(
            person=person,
            category="neglect",
            what_happened="No food in the house",
            happened_on=timezone.localdate(),
            actor=actor,
        )
    services.concern_update(concern=concern, note="Family now shopping", close=True, actor=actor)
    for coordinator, minutes in ((world.alice, 30), (world.amir, 120)):
        services.visit_start(
            actor=Actor.working_as(coordinator, job="test"),
            programme=world.programme,
            place="Community centre",
            expected_back=timezone.now() + timedelta(minutes=minutes),
        )
    late = world.alice.visits.get()
    services.visits_alert_overdue(late.expected_back + timedelta(minutes=1))


def this_year() -> str:
    return f"?year={financial_year_of(timezone.localdate())}"


def test_per_coordinator_concerns_open_concerns_visits_and_overdue_check_ins(world):
    concerns_and_visits(world)
    start, end = financial_year(financial_year_of(timezone.localdate()))
    rows = safety_by_coordinator(world.programme.pk, start, end)
    alice = world.alice.get_full_name() or "alice"
    amir = world.amir.get_full_name() or "amir"
    assert sorted(rows, key=lambda r: r.visits) == sorted(
        [CoordinatorSafety(alice, 2, 1, 1, 1), CoordinatorSafety(amir, 0, 0, 1, 0)],
        key=lambda r: r.visits,
    )
    assert safety_by_coordinator(world.other_programme.pk, start, end) == []
    assert [r.visits for r in safety_by_coordinator(world.programme.pk, start, end, [])] == []


def test_a_manager_sees_the_counts_and_an_evaluator_sees_them_suppressed(client_for, world):
    concerns_and_visits(world)
    alice = world.alice.get_full_name() or "alice"
    page = client_for("bob").get(f"/reports/dashboard/{this_year()}").content.decode()
    assert "Keeping people and coordinators safe" in page
    rows = csv_rows(client_for("bob").get(f"/reports/dashboard/keeping_safe.csv{this_year()}"))
    assert row_of(rows, alice)[:5] == [alice, "2", "1", "1", "1"]
    rows = csv_rows(client_for("eve").get(f"/reports/dashboard/keeping_safe.csv{this_year()}"))
    assert row_of(rows, alice)[:5] == [alice, "<5", "<5", "<5", "<5"]
    assert "No food" not in page
