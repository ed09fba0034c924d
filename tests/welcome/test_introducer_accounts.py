"""A manager gives a partner's member of staff an introducer account; nobody else can."""

import pytest
from django.urls import reverse

from lac.accounts.models import Membership, Role, User
from lac.accounts.permissions import Capability, scope_for_user
from lac.lib.rules import contact
from tests.permission_matrix import Page, case_id, cases, check

pytestmark = pytest.mark.django_db

PAGES = [
    Page(
        "introducer accounts",
        lambda w: reverse("welcome:introducers"),
        allowed=frozenset({"bob"}),
    )
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, page, user):
    check(client, world, page, user)


def answers(world, **given):
    return {
        "programme": world.programme.pk,
        "first_name": "Pat",
        "last_name": "Hale",
        "email": "Pat.Hale@example.org",
        "organisation": "Derby Fire and Rescue",
        "password": "a long pass phrase 4 fire",
    } | given


def test_a_manager_makes_an_introducer_who_may_only_introduce(client_for, world):
    response = client_for("bob").post(reverse("welcome:introducers"), answers(world))
    assert response.status_code == 302
    pat = User.objects.get(username="pat.hale@example.org")
    membership = Membership.objects.get(user=pat)
    assert (membership.role, membership.organisation) == (Role.INTRODUCER, "Derby Fire and Rescue")
    scope = scope_for_user(pat)
    assert scope.can(Capability.INTRODUCE)
    assert not scope.can(Capability.VIEW_PERSONAL)
    assert pat.check_password("a long pass phrase 4 fire")


def test_a_weak_password_or_a_taken_email_is_refused_by_field(client_for, world):
    client = client_for("bob")
    weak = client.post(reverse("welcome:introducers"), answers(world, password="password"))
    assert "This password is too common" in weak.content.decode()
    client.post(reverse("welcome:introducers"), answers(world))
    again = client.post(reverse("welcome:introducers"), answers(world))
    assert "Someone already has an account with this email address" in again.content.decode()
    assert User.objects.filter(email="pat.hale@example.org").count() == 1


@pytest.mark.parametrize("email", ["pat.hale@", "not an email", "pat@example.c"])
def test_an_email_the_shared_rule_refuses_makes_no_account(client_for, world, email):
    page = client_for("bob").post(reverse("welcome:introducers"), answers(world, email=email))
    assert contact.EMAIL_INVALID in page.content.decode()
    assert not User.objects.filter(first_name="Pat").exists()
