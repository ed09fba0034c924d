"""Drafts of recording forms: kept at the sign-out, restored once, gone after saving."""

from __future__ import annotations

import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from lac.accounts.middleware import LAST_SEEN_KEY
from lac.accounts.models import FormDraft
from lac.casework.models import Conversation
from lac.people.models import Person
from tests.conftest import force_login_verified

NOTE = "Walked to the community garden together"


@pytest.fixture
def person(world):
    return Person.objects.create(full_name="Mabel Meadowsweet", neighbourhood=world.north)


def form_url(person: Person) -> str:
    return f"/casework/people/{person.pk}/conversations/new/"


def go_idle(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def conversation(**extra: str) -> dict[str, str]:
    return {"date": str(timezone.localdate()), "mode": "phone", "note": NOTE, **extra}


def test_a_form_posted_after_the_sign_out_is_kept_and_restored(client_for, client, person):
    client_for("alice")
    go_idle(client, 31 * 60)
    response = client.post(form_url(person), conversation(lac_draft="1"))
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/sign-in/" in response.url
    assert not Conversation.objects.exists()

    client_for("alice")
    page = client.get(form_url(person))
    assert "We kept what you typed here" in page.text
    assert NOTE in page.text


def test_a_form_without_the_draft_marker_is_not_kept(client_for, client, person):
    client_for("alice")
    go_idle(client, 31 * 60)
    client.post(form_url(person), conversation())
    assert not FormDraft.objects.exists()


def test_a_forged_post_after_the_sign_out_is_not_kept(world, person):
    client = force_login_verified(Client(enforce_csrf_checks=True), world.alice)
    go_idle(client, 31 * 60)
    client.post(form_url(person), conversation(lac_draft="1"))
    assert not FormDraft.objects.exists()


def test_saving_the_form_deletes_the_draft(client_for, client, person, world):
    client_for("alice")
    client.post("/accounts/drafts/", {"lac_draft_path": form_url(person), "note": NOTE})
    assert FormDraft.objects.filter(user=world.alice).count() == 1
    response = client.post(form_url(person), conversation(lac_draft="1"))
    assert response.status_code == HTTPStatus.FOUND
    assert not FormDraft.objects.exists()
    assert "We kept what you typed" not in client.get(form_url(person)).text


def test_keeping_a_draft_is_not_activity(client_for, client, person):
    client_for("alice")
    go_idle(client, 20 * 60)
    before = client.session[LAST_SEEN_KEY]
    client.post("/accounts/drafts/", {"lac_draft_path": form_url(person), "note": NOTE})
    assert client.session[LAST_SEEN_KEY] == before
    client.post("/accounts/session/keep-alive/")
    assert client.session[LAST_SEEN_KEY] > before


def test_a_draft_is_only_its_authors(client_for, client, person):
    client_for("alice")
    client.post("/accounts/drafts/", {"lac_draft_path": form_url(person), "note": NOTE})
    client_for("bob")
    assert NOTE not in client.get(form_url(person)).text


def test_an_old_draft_is_not_restored(client_for, client, person, settings):
    client_for("alice")
    client.post("/accounts/drafts/", {"lac_draft_path": form_url(person), "note": NOTE})
    old = timezone.now() - timedelta(hours=settings.LAC_DRAFT_KEEP_HOURS + 1)
    FormDraft.objects.update(saved=old)
    assert NOTE not in client.get(form_url(person)).text


def test_signed_out_people_cannot_keep_drafts(client, person):
    response = client.post("/accounts/drafts/", {"lac_draft_path": form_url(person), "note": NOTE})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not FormDraft.objects.exists()


def test_the_timed_out_page_signs_out_and_returns_to_the_form(client_for, client, person):
    client_for("alice")
    response = client.get(f"/accounts/signed-out/?next={form_url(person)}")
    assert response.url == f"/accounts/sign-in/?next={form_url(person).replace('/', '%2F')}"
    assert "_auth_user_id" not in client.session
