"""Two saves at once: the newest contact date is kept, and of two level or status changes one
is saved and the other told plainly (issue 17 item 5)."""

from __future__ import annotations

import threading
from datetime import timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from lac.audit.actor import Actor
from lac.casework import services
from lac.casework.models import ClosureReason, Conversation, LevelChange, StatusChange
from lac.people.models import Level, Person, Status
from tests.people.factories import PersonFactory


def copies(person: Person, n: int = 2) -> list[Person]:
    """The same person as n pages (or requests) loaded it, before any of them saved."""
    return [Person.objects.get(pk=person.pk) for _ in range(n)]


def test_an_older_conversation_saved_after_a_newer_one_leaves_the_newer_date(world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north, last_contact_date=None)
    first, second = copies(person)
    services.conversation_log(
        person=first, date=today, mode="home_visit", actor=Actor(user=world.alice)
    )
    services.conversation_log(
        person=second, date=today - timedelta(days=3), mode="phone", actor=Actor(user=world.alice)
    )
    person.refresh_from_db()
    assert person.last_contact_date == today


def test_of_two_level_changes_made_at_once_the_second_is_told_and_not_saved(world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north, level=Level.LEVEL_1)
    first, second = copies(person)
    services.level_change(
        person=first, level=2, date=today, actor=Actor(user=world.alice), seen_level=Level.LEVEL_1
    )
    with pytest.raises(ValidationError) as refused:
        services.level_change(
            person=second,
            level=2,
            date=today,
            actor=Actor(user=world.alice),
            seen_level=Level.LEVEL_1,
        )
    assert refused.value.messages == [
        f"Someone else changed {person.full_name}'s level while you were on this page: "
        "it is now Level 2. Nothing was saved. Check it, then try again."
    ]
    assert LevelChange.objects.filter(person=person).count() == 1


def test_a_level_change_without_what_it_saw_is_checked_against_the_row(world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north, level=Level.LEVEL_1)
    first, second = copies(person)
    services.level_change(person=first, level=2, date=today, actor=Actor(user=world.alice))
    with pytest.raises(ValidationError, match="already at Level 2"):
        services.level_change(person=second, level=2, date=today, actor=Actor(user=world.alice))
    assert LevelChange.objects.filter(person=person).count() == 1


def status_page_post(client, person, status, reason=None):
    today = timezone.localdate()
    data = {"status": status, "date": today.isoformat(), "seen_status": Status.ACTIVE}
    if reason:
        data["reason"] = reason
    return client.post(f"/casework/people/{person.pk}/status/", data)


def test_pause_and_close_at_once_one_wins_and_the_other_is_told_on_the_page(client_for, world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north, status_since=today - timedelta(days=5))
    alice, lena = client_for("alice"), client_for("alice")
    assert (
        'name="seen_status" value="active"'
        in alice.get(f"/casework/people/{person.pk}/status/").content.decode()
    )
    paused = status_page_post(alice, person, Status.PAUSED)
    assert paused.status_code == 302
    reason = ClosureReason.objects.get(code="goals-met").pk
    closed = status_page_post(lena, person, Status.CLOSED, reason)
    assert closed.status_code == 200
    page = unescape(closed.content.decode())
    assert (
        f"Someone else changed {person.full_name}'s status while you were on this page: "
        "it is now paused. Nothing was saved." in page
    )
    person.refresh_from_db()
    assert person.status == Status.PAUSED
    assert StatusChange.objects.filter(person=person).count() == 1


def test_two_level_changes_from_two_pages_one_is_saved_the_other_told(client_for, world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north, level=Level.LEVEL_1)
    url = f"/casework/people/{person.pk}/level/"
    first, second = client_for("alice"), client_for("alice")
    assert 'name="seen_level" value="1"' in first.get(url).content.decode()
    data = {"level": "2", "date": today.isoformat(), "seen_level": "1"}
    assert first.post(url, data).status_code == 302
    page = unescape(second.post(url, data).content.decode())
    assert "changed " + person.full_name + "'s level while you were on this page" in page
    assert LevelChange.objects.filter(person=person).count() == 1


# Real threads, each with its own connection, against PostgreSQL (or a SQLite file).


def at_once(*calls) -> list[BaseException | None]:
    """Run the calls on their own threads, released together; each one's error or None."""
    start = threading.Barrier(len(calls))
    outcomes: list[BaseException | None] = [None] * len(calls)

    def run(i: int, call) -> None:
        try:
            start.wait()
            call()
        except BaseException as error:
            outcomes[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def real_threads(transactional_world):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs PostgreSQL or a SQLite database file: threads need their own")
    return transactional_world


def test_two_conversations_saved_at_once_keep_the_newest_date_every_time(real_threads):
    today = timezone.localdate()
    world = real_threads
    for round_ in range(10):
        person = PersonFactory(neighbourhood=world.north, last_contact_date=None)
        newer, older = copies(person)
        outcomes = at_once(
            lambda: services.conversation_log(
                person=newer, date=today, mode="home_visit", actor=Actor(user=world.alice)
            ),
            lambda: services.conversation_log(
                person=older,
                date=today - timedelta(days=3),
                mode="phone",
                actor=Actor(user=world.alice),
            ),
        )
        assert outcomes == [None, None]
        person.refresh_from_db()
        assert person.last_contact_date == today, f"round {round_}"
    assert Conversation.objects.count() == 20


def test_two_level_changes_at_once_save_one_and_refuse_the_other(real_threads):
    today = timezone.localdate()
    world = real_threads
    for _ in range(6):
        person = PersonFactory(neighbourhood=world.north, level=Level.LEVEL_1)
        a, b = copies(person)
        outcomes = at_once(
            *(
                lambda p=p: services.level_change(
                    person=p, level=2, date=today, actor=Actor(user=world.alice), seen_level=1
                )
                for p in (a, b)
            )
        )
        assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "ValidationError"]
        assert LevelChange.objects.filter(person=person).count() == 1


def test_pause_and_close_at_once_save_one_and_refuse_the_other(real_threads):
    today = timezone.localdate()
    world = real_threads
    reason = ClosureReason.objects.get(code="goals-met")
    for _ in range(6):
        person = PersonFactory(neighbourhood=world.north, status_since=today - timedelta(days=5))
        a, b = copies(person)
        outcomes = at_once(
            lambda: services.status_change(
                person=a,
                status=Status.PAUSED,
                date=today,
                actor=Actor(user=world.alice),
                seen_status="active",
            ),
            lambda: services.status_change(
                person=b,
                status=Status.CLOSED,
                date=today,
                reason=reason,
                actor=Actor(user=world.alice),
                seen_status="active",
            ),
        )
        assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "ValidationError"]
        assert StatusChange.objects.filter(person=person).count() == 1
