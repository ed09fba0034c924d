"""Figures kept per programme until one of its records changes, and only then."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.casework.services import conversation_log
from lac.reports import figures_cache
from lac.reports.network import compare
from tests.reports.factories import IN_PERIOD, people_with_records

START, END = date(2025, 4, 1), date(2026, 3, 31)


def _people(rows):
    return {row.programme.name: row.people for row in rows}


def test_the_mark_moves_on_a_write_and_not_on_a_read(world):
    person = people_with_records(world.north, 1)[0]
    before = figures_cache.records_marks([world.programme.pk, world.other_programme.pk])
    audit_write(obj=person, action=Action.READ, what="Looked", actor=Actor(user=world.alice))
    assert figures_cache.records_marks([world.programme.pk]) == {
        world.programme.pk: before[world.programme.pk]
    }
    audit_write(obj=person, action=Action.UPDATE, what="Changed", actor=Actor(user=world.alice))
    after = figures_cache.records_marks([world.programme.pk, world.other_programme.pk])
    assert after[world.programme.pk] > before[world.programme.pk]
    assert after[world.other_programme.pk] == before[world.other_programme.pk] == 0


def test_unchanged_programmes_reuse_their_figures_and_a_changed_one_is_counted_again(world):
    people_with_records(world.north, 6)
    people_with_records(world.elsewhere, 6, start=100)
    programmes = [world.programme, world.other_programme]
    first = compare(programmes, START, END)
    with CaptureQueriesContext(connection) as reused:
        again = compare(programmes, START, END)
    assert _people(again) == _people(first)

    # A coordinator logs a conversation with someone new to the period in A.
    newcomer = people_with_records(world.north, 1, start=200)[0]
    newcomer.conversations.all().delete()
    newcomer.introductions.all().delete()
    conversation_log(person=newcomer, date=IN_PERIOD, mode="phone", actor=Actor(user=world.alice))
    with CaptureQueriesContext(connection) as recounted:
        changed = compare(programmes, START, END)
    assert _people(changed) == {"Programme A": 7, "Programme B": 6}
    # Only A was counted again: more queries than reusing both, the same
    # queries as counting both from nothing would take.
    assert len(recounted) > len(reused)


def test_the_period_is_part_of_what_is_kept(world):
    people_with_records(world.north, 6)
    this_year = compare([world.programme], START, END)
    next_year = compare([world.programme], date(2026, 4, 1), date(2027, 3, 31))
    assert (this_year[0].people, next_year[0].people) == (6, 0)


def test_keys_suit_every_cache_backend_whatever_the_scope(world):
    """Memcached refuses keys with spaces or over 250 characters; a deflator's name has both."""
    scope = "2025-04-01:2026-03-31:" + "HM Treasury GDP deflators, September 2025 " * 10
    figures_cache.kept("by_area:2025:" + scope, world.programme.pk, 7, scope, lambda: 1)
    key = figures_cache._key("by_area:2025:" + scope, world.programme.pk, 7, scope)
    assert len(key) <= 250 and not any(c.isspace() for c in key)
    assert key != figures_cache._key("by_area:2024:" + scope, world.programme.pk, 7, scope)
    assert figures_cache.kept("by_area:2025:" + scope, world.programme.pk, 7, scope, list) == 1


def test_outcome_figures_outlive_a_conversation_and_nothing_else(world):
    from lac.reports.dashboard import Filter, distance

    person = people_with_records(world.north, 6)[0]
    distance(Filter(world.programme, START, END))
    with CaptureQueriesContext(connection) as reused:
        distance(Filter(world.programme, START, END))

    conversation_log(person=person, date=IN_PERIOD, mode="phone", actor=Actor(user=world.alice))
    with CaptureQueriesContext(connection) as after_conversation:
        distance(Filter(world.programme, START, END))
    assert len(after_conversation) == len(reused) == 1  # the mark alone

    audit_write(obj=person, action=Action.UPDATE, what="Changed", actor=Actor(user=world.alice))
    with CaptureQueriesContext(connection) as after_change:
        table = distance(Filter(world.programme, START, END))
    assert len(after_change) > len(reused)
    assert table.rows[-1][1][0] == 6


def _tables_read(compute) -> set[str]:
    """The tables ``compute``'s queries read, with nothing kept beforehand."""
    import re

    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        compute()
    read = set()
    for query in queries.captured_queries:
        read |= set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    return read


def _tables_of(labels) -> set[str]:
    from django.apps import apps

    return {apps.get_model(label)._meta.db_table for label in labels}


def test_figures_read_no_record_type_they_outlive(world):
    """A figure may outlive writes to a record type only while it never reads its table."""
    from lac.reports import dashboard
    from lac.reports.network import _travelled

    people_with_records(world.north, 6)
    f = dashboard.Filter(world.programme, START, END)

    def not_everyday():
        dashboard.demographics(f)
        dashboard.challenges(f)
        dashboard.distance(f)
        dashboard.outcome_events(f)
        dashboard.avoided_costs(f)
        for grouping in dashboard.GROUPINGS:
            dashboard.outcomes_by(f, grouping[0])
        for characteristic in dashboard.reach.OUTCOME_CHARACTERISTICS:
            dashboard.reach.outcomes_by_characteristic(f, characteristic)
        _travelled([world.programme.pk], START, END)

    read = _tables_read(not_everyday)
    assert {"outcomes_domainscore", "casework_introduction_challenges"} <= read  # it sees them
    assert read.isdisjoint(_tables_of(figures_cache.EVERYDAY_RECORD))

    def community():
        dashboard.connections(f)
        dashboard.contributions(f)

    read = _tables_read(community)
    assert {"community_connection", "community_contribution"} <= read
    assert read.isdisjoint(_tables_of(figures_cache.CONVERSATIONS))


def test_outcome_figures_outlive_the_everyday_record_of_walking_alongside(world):
    from datetime import datetime, timedelta

    from django.utils import timezone

    from lac.casework.services import goal_add, vision_record
    from lac.community.services import connection_record
    from lac.reports.dashboard import Filter, distance
    from lac.safety.services import flag_add, visit_start

    person = people_with_records(world.north, 6)[0]
    actor = Actor(user=world.alice)
    distance(Filter(world.programme, START, END))
    with CaptureQueriesContext(connection) as reused:
        distance(Filter(world.programme, START, END))

    vision_record(person=person, text="Back at the allotment", date=IN_PERIOD, actor=actor)
    goal_add(person=person, title="Join the walking group", set_on=IN_PERIOD, actor=actor)
    connection_record(
        person=person,
        data={"kind": "person", "date": IN_PERIOD, "described": "A neighbour"},
        actor=actor,
    )
    flag_add(person=person, kind="animal", details="A friendly dog", review_by=None, actor=actor)
    back: datetime = timezone.now() + timedelta(hours=1)
    visit_start(
        actor=actor, programme=world.programme, place="Home", expected_back=back, person=person
    )
    with CaptureQueriesContext(connection) as after_everyday:
        table = distance(Filter(world.programme, START, END))
    assert len(after_everyday) == len(reused) == 1  # the mark alone
    assert table.rows[-1][1][0] == 6


def test_a_kept_figure_counts_a_record_of_its_own_kind_at_once(world):
    from lac.community.services import connection_record
    from lac.reports import dashboard

    person = people_with_records(world.north, 6)[0]
    f = dashboard.Filter(world.programme, START, END)

    def people_connected_to_a_person() -> int:
        table = dashboard.connections(dashboard.Filter(world.programme, START, END))
        return sum(values[0] for label, values in table.rows if "person" in str(label))

    before = people_connected_to_a_person()
    conversation_log(person=person, date=IN_PERIOD, mode="phone", actor=Actor(user=world.alice))
    with CaptureQueriesContext(connection) as after_conversation:
        dashboard.connections(f)
    assert len(after_conversation) <= 1  # the mark alone (read once per page)
    connection_record(
        person=person,
        data={"kind": "person", "date": IN_PERIOD, "described": "A neighbour"},
        actor=Actor(user=world.alice),
    )
    assert people_connected_to_a_person() == before + 1
