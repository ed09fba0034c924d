import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings

from lac.audit.actor import Actor
from lac.audit.models import Action, AuditEvent
from lac.audit.selectors import list_views, trail_for
from lac.audit.services import (
    audit_list_view,
    audit_read,
    audit_write,
    create_audited,
    diff,
)
from lac.casework.models import Step
from tests.casework.factories import GoalFactory, StepFactory
from tests.people.factories import PersonFactory


def request_from(user, address="198.51.100.7", **headers):
    request = RequestFactory().get("/people/1/?tab=x", REMOTE_ADDR=address, **headers)
    request.user = user
    return request


def actor_from(user, **kwargs):
    return Actor.of(request_from(user, **kwargs))


def test_a_read_records_who_when_what_and_from_where(world):
    person = PersonFactory(neighbourhood=world.north)
    event = audit_read(actor_from(world.alice), person, what="Viewed the record")
    assert (event.user, event.username, event.action) == (world.alice, "alice", Action.READ)
    assert (event.ip_address, event.path) == ("198.51.100.7", "/people/1/?tab=x")
    assert (event.person_id, event.programme_id) == (person.pk, world.programme.pk)
    assert event.object_type == "people.person"


def test_a_write_about_a_step_is_filed_under_its_person(world):
    person = PersonFactory(neighbourhood=world.north)
    step = StepFactory(goal=GoalFactory(person=person))
    event = audit_write(obj=step, what="Ticked off", actor=Actor(user=world.alice))
    assert event.person_id == person.pk
    assert event.action == Action.UPDATE
    assert event.ip_address is None  # not from a web request


def test_the_forwarded_address_is_only_believed_behind_a_trusted_proxy(world):
    request = request_from(world.alice, HTTP_X_FORWARDED_FOR="203.0.113.1, 10.0.0.1")
    with override_settings(LAC_TRUSTED_PROXY_COUNT=0):
        assert Actor.of(request).ip_address == "198.51.100.7"
    with override_settings(LAC_TRUSTED_PROXY_COUNT=1):
        # The proxy appended the real client; the left-most entry was the client's own claim.
        assert Actor.of(request).ip_address == "10.0.0.1"


def test_diff_lists_only_what_changed_as_text():
    assert diff({"a": 1, "b": None}, {"a": 1, "b": "x"}) == {"b": ["", "x"]}


def test_a_persons_trail_includes_records_merged_into_theirs(world):
    keep = PersonFactory(neighbourhood=world.north)
    merged = PersonFactory(neighbourhood=world.north, merged_into=keep)
    other = PersonFactory(neighbourhood=world.north)
    for person in (keep, merged, other):
        audit_write(obj=person, actor=Actor(user=world.alice), what="x")
    assert {e.person_id for e in trail_for(keep)} == {keep.pk, merged.pk}
    assert AuditEvent.objects.count() == 3


def test_a_list_view_is_one_event_per_programme_written_in_one_query(
    world, django_assert_num_queries
):
    actor = actor_from(world.bob)
    with django_assert_num_queries(1):
        events = audit_list_view(
            actor,
            list_name="casework.caseload",
            what="Viewed the caseload",
            filters="Level 2, status active",
            shown=50,
            total=1234,
            programme_ids=[world.programme.pk, world.other_programme.pk, world.programme.pk],
        )
    assert len(events) == 2 == AuditEvent.objects.count()
    event = AuditEvent.objects.get(programme_id=world.programme.pk)
    assert (event.action, event.user, event.person_id) == (Action.LIST, world.bob, None)
    assert event.object_type == "casework.caseload" and event.path == "/people/1/?tab=x"
    assert event.changes == {
        "filters": ["", "Level 2, status active"],
        "people": ["", "50 shown of 1,234"],
    }


def test_list_views_are_found_by_programme_and_by_user(world):
    for user in (world.alice, world.amir):
        audit_list_view(
            actor_from(user),
            list_name="casework.caseload",
            what="Viewed the caseload",
            filters="",
            shown=1,
            total=1,
            programme_ids=[world.programme.pk],
        )
    audit_read(actor_from(world.alice), PersonFactory(neighbourhood=world.north))
    assert list_views([world.programme.pk]).count() == 2
    assert [e.user for e in list_views([world.programme.pk], world.amir.pk)] == [world.amir]
    assert not list_views([world.other_programme.pk]).exists()


def test_a_write_about_no_one_person_is_filed_under_its_programme(world):
    event = audit_write(
        obj=world.programme, action=Action.CREATE, what="Imported a file", actor=Actor()
    )
    assert (event.person_id, event.programme_id) == (None, world.programme.pk)
    assert audit_write(obj=world.alice, what="Changed a user", actor=Actor()).programme_id is None


def test_a_new_record_is_saved_with_its_creation_filed_under_its_person(world):
    goal = GoalFactory(person=PersonFactory(neighbourhood=world.north))
    step = create_audited(
        Step(goal=goal, description="Ring the walking group"),
        what="Added a step",
        actor=Actor(user=world.alice),
    )
    event = AuditEvent.objects.get(object_type="casework.step", object_id=str(step.pk))
    assert (event.action, event.what, event.person_id) == (
        Action.CREATE,
        "Added a step",
        goal.person_id,
    )


def test_a_new_record_that_breaks_its_rules_is_neither_saved_nor_audited(world):
    goal = GoalFactory(person=PersonFactory(neighbourhood=world.north))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        create_audited(
            Step(goal=goal, description="x" * 301),
            what="Added a step",
            actor=Actor(user=world.alice),
        )
    assert list(refused.value.message_dict) == ["description"]
    assert (Step.objects.count(), AuditEvent.objects.count()) == (0, events)


def test_a_new_record_whose_audit_row_fails_is_not_kept(world, monkeypatch):
    goal = GoalFactory(person=PersonFactory(neighbourhood=world.north))

    def audit_fails(**_):
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr("lac.audit.services.audit_write", audit_fails)
    with pytest.raises(RuntimeError):
        create_audited(
            Step(goal=goal, description="Ring the group"),
            what="Added",
            actor=Actor(user=world.alice),
        )
    assert not Step.objects.exists()
