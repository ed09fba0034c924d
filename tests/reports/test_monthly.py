"""The kept monthly totals equal the records after every kind of write, and give the pages
the same figures as grouping the records does."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.audit.actor import Actor
from lac.casework.models import Conversation, IntroductionSource
from lac.casework.services import (
    conversation_log,
    introduction_record,
    level_change,
    person_introduce,
    status_change,
)
from lac.imports.models import ImportJob
from lac.imports.undo import import_undo
from lac.outcomes.models import AvoidedService
from lac.outcomes.services import avoided_service_delete, avoided_service_record
from lac.people.erasure import person_erase
from lac.people.models import Level, Person, Status
from lac.people.services import person_merge, person_update
from lac.reports import dashboard, monthly, network
from lac.reports.models import FiguresMark, MonthlyFigure
from tests.imports import workbooks
from tests.reports.factories import IN_PERIOD, people_with_records

YEAR = (date(2025, 4, 1), date(2026, 3, 31))


def _programmes(world):
    return [world.programme.pk, world.other_programme.pk]


def assert_equal_to_the_records(world):
    monthly.bring_up_to_date()
    kept = monthly.kept(_programmes(world))
    assert kept, "nothing was counted"
    assert kept == monthly.recounted(_programmes(world))


@pytest.fixture
def counted(world):
    """Varied records in both programmes, counted once from scratch."""
    people = people_with_records(world.north, 5)
    people += people_with_records(world.south, 4, start=10, source="primary-health")
    people += people_with_records(world.elsewhere, 3, start=20)
    # Another year, another mode, a month later, no duration.
    Conversation.objects.create(person=people[0], date=date(2024, 11, 2), mode="home_visit")
    Conversation.objects.create(
        person=people[1], date=date(2025, 7, 1), mode="home_visit", duration_minutes=45
    )
    monthly.rebuild()
    return people


def test_a_rebuild_counts_what_the_records_say(world, counted):
    assert_equal_to_the_records(world)
    north = monthly.totals(
        [world.programme.pk],
        *YEAR,
        [monthly.CONVERSATIONS, monthly.CONVERSATION_PEOPLE, monthly.SUPPORTED],
    )
    assert north[(world.programme.pk, None, monthly.CONVERSATIONS, "phone")] == 9
    assert north[(world.programme.pk, None, monthly.CONVERSATION_PEOPLE, "home_visit")] == 1
    # People 0 and 1 had two conversations this year: still counted once each.
    supported = sum(v for (_, _, m, _), v in north.items() if m == monthly.SUPPORTED)
    assert supported == 9


def test_every_write_path_keeps_the_totals_equal_to_the_records(world, counted, tmp_path):
    alice = Actor(user=world.alice)
    first, second, third = counted[0], counted[1], counted[2]

    conversation_log(person=first, date=date(2025, 9, 3), mode="home_visit", actor=alice)
    assert_equal_to_the_records(world)
    # Someone new: created and introduced, then spoken with the next year.
    newcomer = person_introduce(
        full_name="New Person",
        neighbourhood=world.north,
        date=date(2025, 5, 2),
        actor=alice,
        source=IntroductionSource.objects.get(code="police", programme=None),
    ).person
    conversation_log(person=newcomer, date=date(2026, 5, 2), mode="phone", actor=alice)
    assert_equal_to_the_records(world)
    introduction_record(person=second, date=date(2025, 12, 1), actor=alice)
    level_change(person=third, level=Level.LEVEL_2, date=date(2025, 10, 1), actor=alice)
    status_change(person=second, status=Status.PAUSED, date=date(2025, 10, 1), actor=alice)
    assert_equal_to_the_records(world)
    # Moved to the other programme: counted there, no longer here.
    person_update(
        person=first, expected_version=first.version, actor=alice, neighbourhood=world.elsewhere
    )
    assert_equal_to_the_records(world)
    record = avoided_service_record(
        person=third,
        unit_cost=AvoidedService.objects.first().unit_cost,
        when=date(2025, 8, 8),
        quantity=Decimal("2.5"),
        confidence="evidenced",
        actor=alice,
    )
    assert_equal_to_the_records(world)
    avoided_service_delete(record=record, actor=alice)
    assert_equal_to_the_records(world)
    person_merge(keep=Person.objects.get(pk=second.pk), duplicate=third, actor=alice)
    assert_equal_to_the_records(world)
    person_erase(person=Person.objects.get(pk=counted[3].pk), actor=Actor(user=world.bob))
    assert_equal_to_the_records(world)


def test_an_import_and_its_undoing_keep_the_totals_equal(world, counted, tmp_path, capsys):
    header = ["Name", "DOB", "Ward", "Date introduced", "Phone", "Status", "Closed date"]
    rows = [
        ["Ann Example", "14/03/1950", "North", "04/05/2025", "07700 900001", "Open", ""],
        ["Bob Sample", "02/02/1960", "South", "01/06/2025", "07700 900002", "Open", ""],
    ]
    path = workbooks.simple_workbook(tmp_path / "a.xlsx", rows, header=header)
    call_command("import", str(path), "--programme", "a", "--format", "json")
    json.loads(capsys.readouterr().out)
    before = sum(
        v
        for (_, _, measure, _), v in monthly.totals(
            [world.programme.pk], *YEAR, [monthly.INTRODUCTIONS]
        ).items()
    )
    assert_equal_to_the_records(world)
    after = monthly.totals([world.programme.pk], *YEAR, [monthly.INTRODUCTIONS])
    assert sum(after.values()) == before  # brought up to date by the first read
    job = ImportJob.objects.order_by("-pk").first()
    import_undo(job=job, actor=Actor(user=world.bob))
    assert_equal_to_the_records(world)
    undone = monthly.totals([world.programme.pk], *YEAR, [monthly.INTRODUCTIONS])
    assert sum(undone.values()) == sum(after.values()) - 2


def _tables(f):
    return {t.key: t.rows for t in dashboard.dashboard(f)}


def test_the_dashboard_shows_the_same_figures_as_grouping_the_records(world, counted, monkeypatch):
    conversation_log(person=counted[0], date=date(2025, 9, 3), mode="home_visit", actor=Actor())
    for neighbourhoods in (None, [world.north.pk]):
        f = dashboard.Filter(world.programme, *YEAR, neighbourhood_ids=neighbourhoods)
        kept = _tables(f)
        with monkeypatch.context() as m:
            m.setattr(monthly, "adds_up", lambda *a, **k: False)
            grouped = _tables(dashboard.Filter(world.programme, *YEAR, neighbourhoods))
        assert kept == grouped
        assert kept["contacts"][0][0] == "Phone"


def test_the_network_shows_the_same_figures_as_grouping_the_records(world, counted, monkeypatch):
    programmes = [world.programme, world.other_programme]
    kept = network.compare(programmes, *YEAR)
    with monkeypatch.context() as m:
        m.setattr(monthly, "adds_up", lambda *a, **k: False)
        grouped = network.compare(programmes, *YEAR)
    assert [vars(r) for r in kept] == [vars(r) for r in grouped]
    assert [r.people for r in kept] == [9, "<5"]


def test_periods_the_totals_cannot_give_are_grouped_from_the_records(world, counted):
    assert monthly.adds_up(*YEAR, distinct=True)
    assert monthly.adds_up(date(2025, 4, 1), date(2025, 6, 30), distinct=True)
    assert not monthly.adds_up(date(2025, 5, 1), date(2025, 6, 30), distinct=True)
    assert monthly.adds_up(date(2025, 5, 1), date(2025, 6, 30), distinct=False)
    assert not monthly.adds_up(date(2025, 4, 1), date(2026, 4, 30), distinct=True)
    assert not monthly.adds_up(date(2025, 4, 2), date(2025, 6, 30), distinct=False)
    # A period starting mid-year still counts each person once.
    f = dashboard.Filter(world.programme, date(2025, 6, 1), date(2025, 6, 30))
    assert dashboard.contacts(f).rows == [("Phone", [9, 9, 4.5])]


def test_pages_read_the_totals_in_the_same_queries_however_many_changes_came_before(world, counted):
    f = dashboard.Filter(world.programme, *YEAR)
    monthly.totals([world.programme.pk], *YEAR, [monthly.CONVERSATIONS])
    with CaptureQueriesContext(connection) as quiet:
        dashboard.contacts(f)
    conversation_log(person=counted[0], date=IN_PERIOD, mode="home_visit", actor=Actor())
    conversation_log(person=counted[1], date=IN_PERIOD, mode="home_visit", actor=Actor())
    dashboard.contacts(f)  # brings the totals up to date
    with CaptureQueriesContext(connection) as again:
        table = dashboard.contacts(f)
    assert len(again) == len(quiet) == 3
    assert ("Home visit", [3, 2, 0.8]) in table.rows


def test_nothing_counted_yet_is_counted_at_the_first_read(world):
    people_with_records(world.north, 6)
    assert not FiguresMark.objects.exists()
    rows = dashboard.contacts(dashboard.Filter(world.programme, *YEAR)).rows
    assert rows == [("Phone", [6, 6, 3.0])]
    assert MonthlyFigure.objects.exists()


def test_the_command_rebuilds_and_checks(world, counted, capsys):
    call_command("rebuild_monthly_figures", "--check")
    assert "monthly totals equal the records" in capsys.readouterr().out
    # Records loaded behind the services' back are found by the check, and by a rebuild.
    Conversation.objects.create(person=counted[0], date=IN_PERIOD, mode="home_visit")
    with pytest.raises(CommandError, match="differ from the records"):
        call_command("rebuild_monthly_figures", "--check")
    call_command("rebuild_monthly_figures", "--if-missing")
    assert "left as they are" in capsys.readouterr().out
    call_command("rebuild_monthly_figures")
    assert "afresh" in capsys.readouterr().out
    call_command("rebuild_monthly_figures", "--check")
