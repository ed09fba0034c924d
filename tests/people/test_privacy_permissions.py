"""Who may open subject access and erasure: team managers of the person's programme only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lac.accounts.models import Role
from lac.people.models import Person
from tests.conftest import force_login_verified
from tests.factories import UserFactory, grant
from tests.people.factories import PersonFactory
from tests.permission_matrix import Page, case_id, cases, check


def person_pk(world) -> int:
    person = Person.objects.filter(full_name="Matrix Person").first()
    if person is None:
        person = PersonFactory(full_name="Matrix Person", neighbourhood=world.north)
    return person.pk


PAGES = [
    Page(
        "subject access page",
        lambda w: reverse("people:subject_access", args=[person_pk(w)]),
        allowed=frozenset({"bob"}),
    ),
    Page(
        "erasure check page",
        lambda w: reverse("people:erase", args=[person_pk(w)]),
        allowed=frozenset({"bob"}),
    ),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, page, user):
    check(client, world, page, user)


@pytest.mark.parametrize("name", ["people:subject_access", "people:erase"])
def test_a_manager_of_another_programme_gets_not_found(client, world, name):
    other_manager = UserFactory(username="olga")
    grant(other_manager, Role.MANAGER, programme=world.other_programme)
    force_login_verified(client, other_manager)
    assert client.get(reverse(name, args=[person_pk(world)])).status_code == 404
    assert client.post(reverse(name, args=[person_pk(world)])).status_code == 404


@pytest.mark.parametrize("name", ["people:subject_access", "people:erase"])
def test_a_coordinator_cannot_post_either(client, world, name):
    force_login_verified(client, world.alice)
    assert client.post(reverse(name, args=[person_pk(world)])).status_code == 403
    assert not Person.objects.get(full_name="Matrix Person").is_anonymised


def test_the_person_page_links_a_manager_to_both(world, client_for):
    pk = person_pk(world)
    text = client_for("bob").get(reverse("people:detail", args=[pk])).content.decode()
    assert reverse("people:subject_access", args=[pk]) in text
    assert reverse("people:erase", args=[pk]) in text


def test_the_person_page_does_not_link_a_coordinator(world, client_for):
    pk = person_pk(world)
    text = client_for("alice").get(reverse("people:detail", args=[pk])).content.decode()
    assert reverse("people:erase", args=[pk]) not in text
