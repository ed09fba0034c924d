"""Risk flag review: every flag is due FLAG_REVIEW_MONTHS after it was set or kept; flags
due are listed for the person's coordinator and the programme's managers; a review keeps
the flag (saying why) or removes it (saying why), audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.lib.periods import months_after
from lac.safety import services
from lac.safety.models import FlagReview, RiskFlag
from tests.people.factories import PersonFactory
from tests.permission_matrix import Page, case_id, cases, check


def _flag(world, person, kind="not_alone"):
    return services.flag_add(
        person=person, kind=kind, details="", review_by=None, actor=Actor(user=world.alice)
    )


def _due(flag, days_ago=1):
    RiskFlag.objects.filter(pk=flag.pk).update(
        review_by=timezone.localdate() - timedelta(days=days_ago)
    )


@pytest.fixture
def due_flag(world):
    person = PersonFactory(full_name="Dora Due", neighbourhood=world.north, coordinator=world.alice)
    flag = _flag(world, person)
    _due(flag)
    return flag


def test_a_flag_set_without_a_date_is_due_for_review_after_the_setting(world):
    person = PersonFactory(neighbourhood=world.north)
    today = timezone.localdate()
    assert _flag(world, person).review_by == months_after(today, 6)
    with override_settings(LAC_FLAG_REVIEW_MONTHS=3):
        assert _flag(world, person, "animal").review_by == months_after(today, 3)


def test_flags_due_are_listed_for_the_persons_coordinator_and_the_manager(
    client_for, world, due_flag
):
    not_yet = _flag(world, PersonFactory(full_name="Nell Notyet", neighbourhood=world.north))
    assert not_yet.review_by > timezone.localdate()
    caseload = client_for("alice").get("/casework/").content.decode()
    assert "1 flag due for review" in caseload
    assert f"/safety/flags/{due_flag.pk}/review/" in caseload
    home = client_for("bob").get("/").content.decode()
    assert (
        "1 flag due for review" in home and "Dora Due: <strong>Do not visit alone</strong>" in home
    )
    for other in ("amir", "charlie"):
        assert "due for review" not in client_for(other).get("/").content.decode()
    seen = AuditEvent.objects.filter(user=world.bob, person=due_flag.person, action="read")
    assert seen.exists()


def test_keeping_a_flag_needs_a_reason_and_moves_its_review_date(client_for, world, due_flag):
    url = f"/safety/flags/{due_flag.pk}/review/"
    alice = client_for("alice")
    refused = alice.post(url, {"decision": "keep", "note": " "}).content.decode()
    assert str(services.FLAG_KEEP_NOTE) in refused and 'href="#id_note"' in refused
    response = alice.post(url, {"decision": "keep", "note": "Spoke with her carer: still true"})
    assert response.status_code == 302
    due_flag.refresh_from_db()
    next_by = months_after(timezone.localdate(), 6)
    assert due_flag.review_by == next_by and due_flag.removed_at is None
    review = FlagReview.objects.get(flag=due_flag)
    assert (review.kept, review.note, review.by) == (
        True,
        "Spoke with her carer: still true",
        world.alice,
    )
    event = AuditEvent.objects.get(what__startswith="Risk flag reviewed and kept")
    assert (event.user, event.person_id) == (world.alice, due_flag.person_id)
    page = alice.get("/casework/").content.decode()
    assert "Flag kept: it is due for review again on" in page
    assert "flag due for review" not in page


def test_removing_a_flag_at_review_needs_a_reason(client_for, world, due_flag):
    url = f"/safety/flags/{due_flag.pk}/review/"
    alice = client_for("alice")
    refused = alice.post(url, {"decision": "remove", "note": ""}).content.decode()
    assert str(services.FLAG_REMOVE_REASON) in refused
    assert (
        "Select whether the flag is still needed" in alice.post(url, {"note": "x"}).content.decode()
    )
    alice.post(url, {"decision": "remove", "note": "Moved to a care home"})
    due_flag.refresh_from_db()
    assert (due_flag.removed_by, due_flag.removed_because) == (world.alice, "Moved to a care home")
    assert FlagReview.objects.get(flag=due_flag).kept is False
    assert AuditEvent.objects.filter(what="Risk flag removed: Do not visit alone").exists()


def _review_url(world):
    flag = _flag(world, PersonFactory(neighbourhood=world.north))
    return f"/safety/flags/{flag.pk}/review/"


PAGES = [
    Page(
        "flag review",
        _review_url,
        allowed=frozenset({"alice", "bob"}),
        hidden=frozenset({"amir", "charlie"}),
    ),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, page, user):
    check(client, world, page, user)
