"""Following up months after closure: who is due (one rule, for the list, the dashboard and
the command), the link the person answers on their phone, and "declined" or "not reached"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.casework.closure_follow_ups import (
    follow_up_link_give,
    follow_up_not_answered,
    follow_ups_due,
)
from lac.casework.models import FollowUp, FollowUpSettings, FollowUpState
from lac.lib.periods import months_after
from lac.outcomes.models import Assessment, FrameworkVersion
from lac.outcomes.services import defaults_ensure
from lac.people.models import Person, Status
from lac.reports.dashboard import Filter
from lac.reports.dashboard import follow_ups as dashboard_follow_ups
from lac.reports.tables import protect
from lac.selfservice.models import PersonalLink
from tests.people.factories import PersonFactory
from tests.permission_matrix import Page, case_id, cases, check

EDITORS = frozenset({"alice", "bob"})
OUTSIDERS = frozenset({"amir", "charlie"})


def today() -> date:
    return timezone.localdate()


def closed(world, name: str, *, months_ago: int, level: int = 1, coordinator=None, **extra):
    return PersonFactory(
        full_name=name,
        neighbourhood=extra.pop("neighbourhood", world.north),
        status=Status.CLOSED,
        status_since=months_after(today(), -months_ago),
        level=level,
        coordinator=coordinator or world.alice,
        **extra,
    )


@pytest.fixture
def due(world):
    """Programme A follows Level 1 and 2 up six months after closure; Dora is due."""
    defaults_ensure()
    FollowUpSettings.objects.create(programme=world.programme, on=True, months=6)
    return closed(world, "Dora Due", months_ago=7)


def names(people) -> list[str]:
    return sorted(p.full_name for p in people)


def test_a_follow_up_is_due_months_after_closure_for_the_levels_chosen(world, due):
    closed(world, "Nell Notyet", months_ago=5)
    closed(world, "Lev Leveltwo", months_ago=8, level=2)
    PersonFactory(full_name="Ada Active", neighbourhood=world.north, coordinator=world.alice)
    closed(world, "Mo Merged", months_ago=9, merged_into=due)
    closed(world, "Otto Otherprogramme", months_ago=9, neighbourhood=world.elsewhere)
    assert names(follow_ups_due(world.programme, today=today())) == ["Dora Due", "Lev Leveltwo"]

    FollowUpSettings.objects.filter(programme=world.programme).update(level_2=False, months=4)
    assert names(follow_ups_due(world.programme, today=today())) == ["Dora Due", "Nell Notyet"]
    FollowUpSettings.objects.filter(programme=world.programme).update(on=False)
    assert names(follow_ups_due(world.programme, today=today())) == []


def test_a_link_keeps_them_due_and_an_answer_or_no_answer_ends_it_until_the_next_closure(
    world, due
):
    follow_up_link_give(Actor.working_as(world.alice, job="test"), person=due)
    assert names(follow_ups_due(world.programme, today=today())) == ["Dora Due"]
    follow_up_not_answered(Actor.working_as(world.alice, job="test"), person=due, state="declined")
    assert names(follow_ups_due(world.programme, today=today())) == []
    # They came back and were closed again seven months ago: that closure is followed up too.
    reclosed = months_after(today(), -7) + timedelta(days=1)
    Person.objects.filter(pk=due.pk).update(status_since=reclosed)
    assert names(follow_ups_due(world.programme, today=today())) == ["Dora Due"]


def test_nobody_not_due_can_be_given_a_follow_up_link(world, due):
    early = closed(world, "Nell Notyet", months_ago=5)
    with pytest.raises(ValidationError, match="Nell Notyet has no follow-up due"):
        follow_up_link_give(Actor.working_as(world.alice, job="test"), person=early)
    with pytest.raises(ValidationError, match="Choose whether they declined"):
        follow_up_not_answered(
            Actor.working_as(world.alice, job="test"), person=due, state="answered"
        )
    assert not PersonalLink.objects.exists() and not FollowUp.objects.exists()


def test_the_coordinator_sees_only_their_own_people_due_and_the_list_is_audited(
    client_for, world, due
):
    closed(world, "Sam South", months_ago=9, neighbourhood=world.south, coordinator=world.amir)
    page = client_for("alice").get("/casework/follow-ups/").content.decode()
    assert "Dora Due" in page and "Sam South" not in page
    assert (
        "Programme A follows people up after closure. Months from closure to follow-up: 6." in page
    )
    assert "No link given yet" in page
    event = AuditEvent.objects.filter(what="Follow-ups due").get()
    assert event.user == world.alice
    caseload = client_for("alice").get("/casework/").content.decode()
    assert "Follow-ups due after closure, for people you walked alongside: 1." in caseload
    assert (
        "Follow-ups due after closure"
        not in client_for("charlie").get("/casework/").content.decode()
    )


def give_link_on_the_web(client_for, person) -> str:
    response = client_for("alice").post(f"/casework/people/{person.pk}/follow-up/link/")
    assert response.status_code == 200
    assert "Works once, until" in response.content.decode()
    return response.context["shown"].address.removeprefix("http://testserver")


def ons4_answers(**overrides) -> dict[str, int | str]:
    version = FrameworkVersion.objects.get(framework__slug="ons4")
    keys = {d.key: f"item_{d.key}" for d in version.domains.all()}
    given = {"life-satisfaction": 7, "worthwhile": 8, "happiness": 6, "anxiety": 2, **overrides}
    return {keys[k]: v for k, v in given.items() if v is not None}


def test_the_person_answers_their_follow_up_through_the_link_once(client, client_for, world, due):
    path = give_link_on_the_web(client_for, due)
    assert FollowUp.objects.get().state == FollowUpState.LINK_GIVEN
    page = client.get(path).content.decode()
    assert "How are things now?" in page and "Dora" not in page

    missing = client.post(path, {**ons4_answers(happiness=None), "what_changed": "More"})
    assert "Choose an answer for: Overall, how happy did you feel yesterday?" in (
        missing.content.decode()
    )
    assert not Assessment.objects.exists()

    words = "I go to the lunch club on Tuesdays and help run it now."
    sent = client.post(path, {**ons4_answers(), "what_changed": words})
    assert "Your answers have been sent" in sent.content.decode()
    follow_up = FollowUp.objects.get()
    assert (follow_up.state, follow_up.what_changed) == (FollowUpState.ANSWERED, words)
    assessment = follow_up.assessment
    assert (assessment.person, assessment.self_reported) == (due, True)
    assert client.post(path, {**ons4_answers(), "what_changed": "again"}).status_code == 410

    person_page = client_for("alice").get(f"/people/{due.pk}/").content.decode()
    assert "How things are now: follow-ups after closure" in person_page
    assert words in person_page and "Answered by them" in person_page
    assert "Life satisfaction</dt>" in person_page and "7 (High)" in person_page
    assert "2 (Low)" in person_page  # anxiety, banded the other way round by ONS
    assert "Dora Due" not in client_for("alice").get("/casework/follow-ups/").content.decode()
    assert AuditEvent.objects.filter(what="Follow-up after closure answered by the person")


def test_a_follow_up_with_no_answer_is_recorded_and_named_when_not_chosen(client_for, world, due):
    path = f"/casework/people/{due.pk}/follow-up/not-answered/"
    refused = client_for("alice").post(path, {})
    assert "Choose whether they declined or could not be reached" in refused.content.decode()
    response = client_for("alice").post(path, {"state": "unreachable"})
    assert response.status_code == 302
    assert FollowUp.objects.get().state == FollowUpState.UNREACHABLE
    assert AuditEvent.objects.filter(
        person_id=due.pk, what="Follow-up after closure: could not be reached"
    ).exists()


def test_a_manager_sets_when_and_whom_to_follow_up_and_is_told_what_is_wrong(client_for, world):
    path = "/casework/follow-ups/settings/a/"
    client = client_for("bob")
    wrong = client.post(path, {"on": "yes", "months": "0", "levels": ["1"]}).content.decode()
    assert "Months after closure must be 1 or more" in wrong
    nobody = client.post(path, {"on": "yes", "months": "3"}).content.decode()
    assert "Choose at least one level to follow up" in nobody
    assert client.post(path, {"on": "yes", "months": "3", "levels": ["2"]}).status_code == 302
    chosen = FollowUpSettings.objects.get(programme=world.programme)
    assert (chosen.on, chosen.months, chosen.levels) == (True, 3, [2])


def test_the_dashboard_counts_follow_ups_by_outcome_with_small_numbers_suppressed(world, due):
    others = [closed(world, f"Person {n}", months_ago=8) for n in range(6)]
    follow_up_link_give(Actor.working_as(world.alice, job="test"), person=others[0])
    follow_up_not_answered(
        Actor.working_as(world.alice, job="test"), person=others[1], state="declined"
    )
    period = Filter(world.programme, months_after(today(), -12), today())
    table = dashboard_follow_ups(period)
    assert [(label, values[0]) for label, values in table.rows] == [
        ("Due, no link given yet", 5),
        ("Link given, not answered yet", 1),
        ("Answered", 0),
        ("Declined", 1),
        ("Could not be reached", 0),
    ]
    assert table.total_row == [7]
    shown = protect(table)
    assert [values[0] for _, values in shown.rows][:2] == [5, "<5"]
    # A period the follow-ups did not fall due in counts none of them.
    earlier = Filter(world.programme, date(2020, 4, 1), date(2021, 3, 31))
    assert dashboard_follow_ups(earlier).total_row == [0]


def test_the_command_counts_and_emails_coordinators_without_personal_data(world, due, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.alice.email = "alice@example.org"
    world.alice.save()
    out = call_command_output("follow_ups_due", "--notify")
    assert "Programme A: 1 follow-up due" in out and "Emails sent: 1" in out
    (sent,) = mail.outbox
    assert sent.to == ["alice@example.org"]
    assert "Dora" not in sent.body and "/casework/follow-ups/" in sent.body


def call_command_output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def matrix(world, due):
    return world


def person_due() -> Person:
    return Person.objects.get(full_name="Dora Due")


PAGES = [
    Page(
        "follow-ups due",
        lambda w: "/casework/follow-ups/",
        allowed=frozenset({"alice", "amir", "bob", "charlie"}),
    ),
    Page(
        "follow-up settings",
        lambda w: "/casework/follow-ups/settings/a/",
        allowed=frozenset({"bob", "lena", "root"}),
        hidden=frozenset(),
    ),
    Page(
        "follow-up: no answer",
        lambda w: f"/casework/people/{person_due().pk}/follow-up/not-answered/",
        allowed=EDITORS,
        hidden=OUTSIDERS,
    ),
    Page(
        "follow-up: give a link",
        lambda w: f"/casework/people/{person_due().pk}/follow-up/link/",
        allowed=EDITORS,
        hidden=OUTSIDERS,
        method="post",
    ),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, matrix, page, user):
    check(client, matrix, page, user)
