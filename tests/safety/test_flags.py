"""Risk flags: seen first by everyone who may see the person, set and removed with a reason."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.safety import services
from lac.safety.models import RiskFlag
from tests.people.factories import PersonFactory
from tests.permission_matrix import Page, case_id, cases, check


@pytest.fixture
def person(world):
    return PersonFactory(full_name="Ada Flagged", neighbourhood=world.north)


def test_a_flag_is_shown_first_to_everyone_who_may_see_the_person(client_for, world, person):
    response = client_for("alice").post(
        f"/safety/people/{person.pk}/flags/add/",
        {"kind": "animal", "details": "A large dog, shut in the kitchen on request"},
    )
    assert response.status_code == 302
    for reader in ("alice", "bob", "lena"):
        page = client_for(reader).get(f"/people/{person.pk}/").content.decode()
        assert "Know before you meet" in page
        assert "An animal at the home</strong>: A large dog, shut in the kitchen on request" in page
    event = AuditEvent.objects.get(what="Risk flag set: An animal at the home")
    assert (event.user, event.person_id) == (world.alice, person.pk)


def test_something_else_needs_details_and_the_message_names_the_field(client_for, person):
    response = client_for("alice").post(
        f"/safety/people/{person.pk}/flags/add/", {"kind": "other", "details": " "}
    )
    assert str(services.FLAG_DETAILS_NEEDED) in response.content.decode()
    assert not RiskFlag.objects.exists()


def test_the_rules_refusal_reads_in_welsh_on_a_welsh_page(client_for, world, person):
    world.alice.preferred_language = "cy"
    world.alice.save()
    response = client_for("alice").post(
        f"/safety/people/{person.pk}/flags/add/", {"kind": "other", "details": " "}
    )
    page = html.unescape(response.content.decode())
    assert "Rhowch y manylion: dywedwch beth y dylai pawb ei wybod yn gyntaf" in page
    assert "Enter the details" not in page


def test_the_service_refuses_a_review_date_in_the_past(world, person):
    with pytest.raises(ValidationError) as refused:
        services.flag_add(
            person=person,
            kind="not_alone",
            details="",
            review_by=timezone.localdate() - timedelta(days=1),
            actor=Actor(user=world.alice),
        )
    assert refused.value.message_dict == {"review_by": [services.FLAG_REVIEW_PAST]}


def test_removing_a_flag_needs_a_reason_and_keeps_it_in_the_history(client_for, world, person):
    flag = services.flag_add(
        person=person, kind="not_alone", details="", review_by=None, actor=Actor(user=world.alice)
    )
    url = f"/safety/flags/{flag.pk}/remove/"
    refused = client_for("alice").post(url, {"because": ""})
    assert "Say why the flag is no longer needed" in refused.content.decode()
    client_for("alice").post(url, {"because": "Moved to supported housing with staff on site"})
    flag.refresh_from_db()
    assert (flag.removed_by, flag.removed_because) == (
        world.alice,
        "Moved to supported housing with staff on site",
    )
    assert (
        "Know before you meet"
        not in client_for("bob").get(f"/people/{person.pk}/").content.decode()
    )
    with pytest.raises(ValidationError, match="already removed"):
        services.flag_remove(flag=flag, because="again", actor=Actor(user=world.bob))


def _flag_url(world):
    person = PersonFactory(neighbourhood=world.north)
    flag = services.flag_add(
        person=person, kind="not_alone", details="", review_by=None, actor=Actor(user=world.alice)
    )
    return f"/safety/flags/{flag.pk}/remove/"


PAGES = [
    Page(
        "flag add",
        lambda w: f"/safety/people/{PersonFactory(neighbourhood=w.north).pk}/flags/add/",
        allowed=frozenset({"alice", "bob", "root"}) - {"root"},
        hidden=frozenset({"amir", "charlie"}),
    ),
    Page(
        "flag remove",
        _flag_url,
        allowed=frozenset({"alice", "bob"}),
        hidden=frozenset({"amir", "charlie"}),
    ),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, page, user):
    check(client, world, page, user)
