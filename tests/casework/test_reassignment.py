"""Passing people to another coordinator: one person or a leaver's caseload, through the
web and the API, by the one rule in ``lac.casework.reassignment`` (issue 18 item 7)."""

from __future__ import annotations

import json
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lac.accounts.models import Membership, Role
from lac.accounts.permissions import scope_for_user
from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.casework import reassignment
from lac.casework.models import Handover
from lac.casework.selectors import caseload_holders
from lac.people.models import Person, Status
from tests.api.data import bearer, token
from tests.casework.test_races import at_once, real_threads  # noqa: F401 (a fixture)
from tests.conftest import force_login_verified
from tests.factories import UserFactory, grant
from tests.people.factories import PersonFactory


@pytest.fixture
def team(world):
    """Nora joins North beside alice; alice holds three people there and one in South."""
    world.nora = UserFactory(username="nora", first_name="Nora", last_name="Quill")
    grant(world.nora, Role.COORDINATOR, programme=world.programme, neighbourhoods=(world.north,))
    world.bob.first_name, world.bob.last_name = "Bob", "Marsh"
    world.bob.save()
    world.alices = [
        PersonFactory(
            full_name=f"North Person {n}", neighbourhood=world.north, coordinator=world.alice
        )
        for n in range(2)
    ] + [
        PersonFactory(
            full_name="Closed Person",
            neighbourhood=world.north,
            coordinator=world.alice,
            status=Status.CLOSED,
        )
    ]
    world.southern = PersonFactory(
        full_name="South Person", neighbourhood=world.south, coordinator=world.alice
    )
    return world


def coordinators(*people):
    return [Person.objects.get(pk=p.pk).coordinator_id for p in people]


def bob_scope(world):
    return scope_for_user(world.bob)


# --- The rule -------------------------------------------------------------------


def test_passing_one_person_moves_them_audits_their_trail_and_tells_the_receiver(team):
    today = timezone.localdate()
    person = team.alices[0]
    reassignment.person_reassign(
        scope=bob_scope(team), person=person, to_coordinator=team.nora, actor=Actor(user=team.bob)
    )
    assert coordinators(person) == [team.nora.pk]
    event = AuditEvent.objects.get(person=person)
    assert event.what == "Passed from Alice to Nora Quill by Bob Marsh"
    assert event.changes == {"coordinator": [str(team.alice.pk), str(team.nora.pk)]}
    assert event.programme_id == team.programme.pk
    handover = Handover.objects.get()
    assert handover.notice == (f"1 person was passed to you by Bob Marsh on {today:%-d %B %Y}")


def test_the_receiver_must_work_in_the_persons_neighbourhood(team):
    with pytest.raises(ValidationError) as refused:
        reassignment.person_reassign(
            scope=bob_scope(team),
            person=team.alices[0],
            to_coordinator=team.amir,
            actor=Actor(user=team.bob),
        )
    assert refused.value.message_dict["to_coordinator"] == [
        "Amir does not work in North, where North Person 0 lives, so could not open their "
        "record. Choose a coordinator who works in North, or ask an administrator to add it "
        "to Amir's neighbourhoods first."
    ]
    assert coordinators(team.alices[0]) == [team.alice.pk]
    assert not Handover.objects.exists()


def test_a_whole_caseload_moves_only_where_the_receiver_works(team):
    with pytest.raises(ValidationError, match="where 1 of these 4 people live"):
        reassignment.caseload_reassign(
            scope=bob_scope(team),
            from_coordinator=team.alice,
            to_coordinator=team.nora,
            actor=Actor(user=team.bob),
        )
    assert coordinators(*team.alices, team.southern) == [team.alice.pk] * 4


def test_a_caseload_shared_out_by_neighbourhood_moves_closed_people_too(team):
    handovers = reassignment.caseload_reassign(
        scope=bob_scope(team),
        from_coordinator=team.alice,
        to_coordinator=team.nora,
        actor=Actor(user=team.bob),
        neighbourhood_ids=[team.north.pk],
    )
    assert [h.people_count for h in handovers] == [3]
    assert coordinators(*team.alices) == [team.nora.pk] * 3
    assert coordinators(team.southern) == [team.alice.pk]
    assert AuditEvent.objects.filter(what__startswith="Passed from Alice").count() == 3
    assert handovers[0].notice.startswith("3 people were passed to you by Bob Marsh on ")


def test_a_leavers_people_are_offered_and_passed_on_after_their_role_has_gone(team):
    Membership.objects.filter(user=team.alice).delete()
    holders = {h.label for h in caseload_holders(bob_scope(team))}
    assert "Alice (4 people, no longer a coordinator here)" in holders
    reassignment.caseload_reassign(
        scope=bob_scope(team),
        from_coordinator=team.alice,
        to_coordinator=team.amir,
        actor=Actor(user=team.bob),
        neighbourhood_ids=[team.south.pk],
    )
    assert coordinators(team.southern) == [team.amir.pk]


def test_a_change_made_meanwhile_is_not_overwritten(team):
    person = team.alices[0]
    reassignment.person_reassign(
        scope=bob_scope(team), person=person, to_coordinator=team.nora, actor=Actor(user=team.bob)
    )
    with pytest.raises(ValidationError) as refused:
        reassignment.person_reassign(
            scope=bob_scope(team),
            person=person,
            to_coordinator=team.nora,
            actor=Actor(user=team.bob),
            seen_coordinator_id=team.alice.pk,
        )
    assert refused.value.messages == [
        f"Someone else changed {person.full_name}'s coordinator to Nora Quill while you were "
        "on this page. Nothing was saved. Check who it should be, then try again."
    ]
    assert Handover.objects.count() == 1


def test_passing_someone_to_their_own_coordinator_says_so(team):
    with pytest.raises(ValidationError, match="Alice is already North Person 0's coordinator"):
        reassignment.person_reassign(
            scope=bob_scope(team),
            person=team.alices[0],
            to_coordinator=team.alice,
            actor=Actor(user=team.bob),
        )


def test_a_manager_of_another_programme_moves_no_one_here(team):
    other = UserFactory(username="olga")
    grant(other, Role.MANAGER, programme=team.other_programme)
    with pytest.raises(ValidationError, match="no one in your programmes"):
        reassignment.caseload_reassign(
            scope=scope_for_user(other),
            from_coordinator=team.alice,
            to_coordinator=team.charlie,
            actor=Actor(user=other),
        )
    assert coordinators(*team.alices) == [team.alice.pk] * 3


# --- Through the web ---------------------------------------------------------------


def test_a_manager_passes_a_caseload_on_and_the_receiver_is_told_until_they_dismiss(client, team):
    today = timezone.localdate()
    force_login_verified(client, team.bob)
    form = client.get("/casework/team/pass-on/").content.decode()
    assert "Alice (4 people)" in form
    response = client.post(
        "/casework/team/pass-on/",
        {
            "from_coordinator": team.alice.pk,
            "to_coordinator": team.nora.pk,
            "neighbourhoods": [team.north.pk],
        },
        follow=True,
    )
    assert "3 people passed from Alice to Nora Quill" in unescape(response.content.decode())

    force_login_verified(client, team.nora)
    home = unescape(client.get("/").content.decode())
    notice = f"3 people were passed to you by Bob Marsh on {today:%-d %B %Y}"
    assert notice in home
    assert "They were Alice’s." in home
    handover = Handover.objects.get()
    client.post(f"/casework/handovers/{handover.pk}/dismiss/")
    assert notice not in unescape(client.get("/").content.decode())


def test_someone_elses_notice_cannot_be_dismissed(client, team):
    reassignment.person_reassign(
        scope=bob_scope(team),
        person=team.alices[0],
        to_coordinator=team.nora,
        actor=Actor(user=team.bob),
    )
    handover = Handover.objects.get()
    force_login_verified(client, team.alice)
    client.post(f"/casework/handovers/{handover.pk}/dismiss/")
    handover.refresh_from_db()
    assert handover.dismissed_at is None


def test_the_caseload_form_names_each_problem_on_its_field(client, team):
    force_login_verified(client, team.bob)
    page = unescape(client.post("/casework/team/pass-on/", {}).content.decode())
    assert "Select whose people are being passed on" in page
    assert "Select the coordinator to pass them to" in page
    page = unescape(
        client.post(
            "/casework/team/pass-on/",
            {"from_coordinator": team.alice.pk, "to_coordinator": team.nora.pk},
        ).content.decode()
    )
    assert "Nora Quill does not work in South" in page


def test_the_person_page_offers_only_coordinators_who_work_there(client, team):
    person = team.alices[0]
    force_login_verified(client, team.bob)
    assert f"/casework/people/{person.pk}/coordinator/" in client.get(f"/people/{person.pk}/").text
    page = client.get(f"/casework/people/{person.pk}/coordinator/").text
    assert "Nora Quill (North)" in page
    assert "Amir" not in page
    response = client.post(
        f"/casework/people/{person.pk}/coordinator/",
        {"to_coordinator": team.nora.pk, "seen_coordinator": team.alice.pk},
    )
    assert response.status_code == 302
    assert coordinators(person) == [team.nora.pk]


def test_the_person_form_tells_the_second_of_two_managers(client, team):
    person = team.alices[0]
    reassignment.person_reassign(
        scope=bob_scope(team), person=person, to_coordinator=team.nora, actor=Actor(user=team.bob)
    )
    force_login_verified(client, team.bob)
    page = unescape(
        client.post(
            f"/casework/people/{person.pk}/coordinator/",
            {"to_coordinator": team.nora.pk, "seen_coordinator": team.alice.pk},
        ).content.decode()
    )
    assert "Someone else changed North Person 0's coordinator to Nora Quill" in page


def test_a_coordinator_is_not_offered_passing_on(client, team):
    force_login_verified(client, team.alice)
    person = team.alices[0]
    assert "/coordinator/" not in client.get(f"/people/{person.pk}/").text
    assert client.get(f"/casework/people/{person.pk}/coordinator/").status_code == 403


# --- Through the API -------------------------------------------------------------


def api_post(client, user, path, body):
    return client.post(
        path, json.dumps(body), content_type="application/json", **bearer(token(user))
    )


def test_the_api_passes_one_person_on_by_the_same_rule(client, team):
    person = team.alices[0]
    response = api_post(
        client,
        team.bob,
        f"/api/people/{person.pk}/coordinator",
        {"to_coordinator_id": team.amir.pk},
    )
    assert response.status_code == 422
    assert "Amir does not work in North" in response.json()["detail"][0]["msg"]
    response = api_post(
        client,
        team.bob,
        f"/api/people/{person.pk}/coordinator",
        {"to_coordinator_id": team.nora.pk, "seen_coordinator_id": team.alice.pk},
    )
    assert response.status_code == 200
    assert response.json()["coordinator"] == "nora"
    assert AuditEvent.objects.filter(person=person, what__startswith="Passed").count() == 1


def test_the_api_passes_a_caseload_on_and_names_what_it_refuses(client, team):
    response = api_post(
        client,
        team.bob,
        "/api/handovers",
        {"from_coordinator_id": team.alice.pk, "to_coordinator_id": team.charlie.pk},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "to_coordinator_id"]
    response = api_post(
        client,
        team.bob,
        "/api/handovers",
        {
            "from_coordinator_id": team.alice.pk,
            "to_coordinator_id": team.nora.pk,
            "neighbourhood_ids": [team.north.pk],
        },
    )
    assert response.status_code == 201
    assert response.json() == {"moved": 3, "from_coordinator": "alice", "to_coordinator": "nora"}


def test_a_coordinators_token_cannot_pass_people_on(client, team):
    response = api_post(
        client,
        team.alice,
        f"/api/people/{team.alices[0].pk}/coordinator",
        {"to_coordinator_id": team.nora.pk},
    )
    assert response.status_code == 403


# --- At once, on real connections ----------------------------------------------------


def test_two_managers_passing_one_caseload_at_once_move_each_person_once(real_threads):  # noqa: F811
    """Of two managers sharing out the same leaver's North people at the same moment, one
    moves them all and the other is told there is no one left to move."""
    world = real_threads
    mona = UserFactory(username="mona")
    grant(mona, Role.MANAGER, programme=world.programme)
    receivers = [UserFactory(username=f"receiver{n}") for n in range(2)]
    for receiver in receivers:
        grant(receiver, Role.COORDINATOR, programme=world.programme, neighbourhoods=(world.north,))
    for round_ in range(4):
        people = [
            PersonFactory(neighbourhood=world.north, coordinator=world.alice) for _ in range(5)
        ]
        outcomes = at_once(
            *(
                lambda manager=manager, receiver=receiver: reassignment.caseload_reassign(
                    scope=scope_for_user(manager),
                    from_coordinator=world.alice,
                    to_coordinator=receiver,
                    actor=Actor(user=manager),
                    neighbourhood_ids=[world.north.pk],
                )
                for manager, receiver in zip((world.bob, mona), receivers, strict=True)
            )
        )
        assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "ValidationError"]
        moved_to = set(coordinators(*people))
        assert len(moved_to) == 1 and moved_to < {r.pk for r in receivers}, f"round {round_}"
        assert Handover.objects.filter(people_count=5).count() == round_ + 1
        assert AuditEvent.objects.filter(person__in=people).count() == 5
