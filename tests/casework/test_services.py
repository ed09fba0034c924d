from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.casework import services
from lac.casework.models import (
    Challenge,
    ClosureReason,
    IntroductionSource,
    ProgressStatus,
)
from lac.people.models import Level, Status
from tests.casework.factories import GoalFactory, StepFactory
from tests.people.factories import PersonFactory


def introduce(world, **extra):
    today = timezone.localdate()
    return services.person_introduce(
        full_name="Edie Fernhill",
        neighbourhood=world.north,
        date=today - timedelta(days=30),
        source=IntroductionSource.objects.get(code="primary-health"),
        challenges=Challenge.objects.filter(code__in=["isolation", "money"]),
        hopes="To meet people nearby",
        actor=Actor(user=world.alice),
        **extra,
    )


def test_a_new_introduction_creates_the_person_their_level_and_active_status(world):
    today = timezone.localdate()
    introduction = introduce(world, level=Level.LEVEL_2)
    person = introduction.person
    assert person.coordinator == world.alice
    assert (person.level, person.status) == (Level.LEVEL_2, Status.ACTIVE)
    assert person.status_since == today - timedelta(days=30)
    assert introduction.programme == world.programme
    assert sorted(c.code for c in introduction.challenges.all()) == ["isolation", "money"]
    assert [c.level for c in person.level_changes.all()] == [Level.LEVEL_2]
    assert [c.status for c in person.status_changes.all()] == [Status.ACTIVE]
    assert AuditEvent.objects.filter(person=person).count() == 2  # person, introduction


def test_a_manager_recording_an_introduction_assigns_the_neighbourhoods_coordinator(world):
    today = timezone.localdate()
    introduction = services.person_introduce(
        full_name="Kofi Larkspur",
        neighbourhood=world.south,
        date=today,
        actor=Actor(user=world.bob),
    )
    assert introduction.person.coordinator == world.amir


def test_an_import_key_is_unique_within_a_programme(world):
    introduce(world, provenance={"import_key": "sheet-1-row-2", "source_row": 2})
    with pytest.raises(ValidationError):
        introduce(world, provenance={"import_key": "sheet-1-row-2"})


def test_moving_between_levels_is_dated_and_kept(world):
    today = timezone.localdate()
    person = introduce(world).person
    services.level_change(
        person=person, level=Level.LEVEL_2, date=today, actor=Actor(user=world.alice)
    )
    person.refresh_from_db()
    assert person.level == Level.LEVEL_2
    assert [(c.level, c.date) for c in person.level_changes.all()] == [
        (Level.LEVEL_2, today),
        (Level.LEVEL_1, today - timedelta(days=30)),
    ]
    with pytest.raises(ValidationError, match="already at Level 2"):
        services.level_change(
            person=person, level=Level.LEVEL_2, date=today, actor=Actor(user=world.alice)
        )


def test_closing_needs_a_reason_and_clears_the_next_contact(world):
    today = timezone.localdate()
    person = introduce(world).person
    person.next_contact_date = today + timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        services.status_change(
            person=person, status=Status.CLOSED, date=today, actor=Actor(user=world.alice)
        )
    assert "reason" in error.value.message_dict
    services.status_change(
        person=person,
        status=Status.CLOSED,
        date=today,
        reason=ClosureReason.objects.get(code="goals-met"),
        actor=Actor(user=world.alice),
    )
    person.refresh_from_db()
    assert (person.status, person.status_since, person.next_contact_date) == (
        Status.CLOSED,
        today,
        None,
    )


def test_a_status_change_cannot_be_dated_before_the_current_status_began(world):
    today = timezone.localdate()
    person = introduce(world).person
    with pytest.raises(ValidationError) as error:
        services.status_change(
            person=person,
            status=Status.PAUSED,
            date=today - timedelta(days=60),
            actor=Actor(user=world.alice),
        )
    assert "date" in error.value.message_dict


def test_introducing_a_closed_person_again_reopens_them_and_keeps_the_history(world):
    today = timezone.localdate()
    person = introduce(world).person
    services.status_change(
        person=person,
        status=Status.CLOSED,
        date=today - timedelta(days=10),
        reason=ClosureReason.objects.get(code="person-chose"),
        actor=Actor(user=world.alice),
    )
    services.introduction_record(person=person, date=today, actor=Actor(user=world.alice))
    person.refresh_from_db()
    assert person.status == Status.ACTIVE
    assert person.introductions.count() == 2
    assert [c.status for c in person.status_changes.order_by("date", "pk")] == [
        Status.ACTIVE,
        Status.CLOSED,
        Status.ACTIVE,
    ]


def test_a_conversation_moves_the_last_and_next_contact_on(world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north, next_contact_date=today - timedelta(days=2))
    services.conversation_log(
        person=person,
        date=today,
        mode="phone",
        duration_minutes=20,
        next_contact_date=today + timedelta(days=14),
        actor=Actor(user=world.alice),
    )
    person.refresh_from_db()
    assert person.last_contact_date == today
    assert person.next_contact_date == today + timedelta(days=14)


def test_logging_an_older_conversation_leaves_later_dates_alone(world):
    today = timezone.localdate()
    later = today + timedelta(days=5)
    person = PersonFactory(
        neighbourhood=world.north, last_contact_date=today, next_contact_date=later
    )
    services.conversation_log(
        person=person, date=today - timedelta(days=20), mode="phone", actor=Actor(user=world.alice)
    )
    person.refresh_from_db()
    assert (person.last_contact_date, person.next_contact_date) == (today, later)


def test_a_conversation_in_the_future_is_refused(world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north)
    with pytest.raises(ValidationError) as error:
        services.conversation_log(
            person=person,
            date=today + timedelta(days=1),
            mode="phone",
            actor=Actor(user=world.alice),
        )
    assert "date" in error.value.message_dict
    assert not person.conversations.exists()


def test_each_vision_is_a_new_dated_version(world):
    person = PersonFactory(neighbourhood=world.north)
    services.vision_record(
        person=person, text="First", date=date(2026, 1, 1), actor=Actor(user=world.alice)
    )
    services.vision_record(
        person=person, text="Second", date=date(2026, 3, 1), actor=Actor(user=world.alice)
    )
    assert [v.text for v in person.visions.all()] == ["Second", "First"]


def test_a_goal_is_added_with_its_steps_and_completing_a_step_starts_the_goal(world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north)
    goal = services.goal_add(
        person=person,
        title="Join a choir",
        set_on=today,
        steps=["Find one", "", "Go"],
        actor=Actor(user=world.alice),
    )
    assert [s.description for s in goal.steps.all()] == ["Find one", "Go"]
    services.step_update(
        step=goal.steps.first(), status=ProgressStatus.COMPLETED, actor=Actor(user=world.alice)
    )
    goal.refresh_from_db()
    assert goal.status == ProgressStatus.IN_PROGRESS
    services.goal_update(goal=goal, status=ProgressStatus.COMPLETED, actor=Actor(user=world.alice))
    goal.refresh_from_db()
    assert (goal.status, goal.completed_on) == (ProgressStatus.COMPLETED, today)


def test_a_step_marked_done_records_when(world):
    today = timezone.localdate()
    step = StepFactory(goal=GoalFactory(person=PersonFactory(neighbourhood=world.north)))
    services.step_update(step=step, status=ProgressStatus.COMPLETED, actor=Actor(user=world.alice))
    step.refresh_from_db()
    assert step.completed_on == today
