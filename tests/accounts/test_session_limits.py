"""Sessions end 12 hours after sign-in however busy; reading a page does not write the session."""

import time

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.accounts.middleware import LAST_SEEN_KEY, SIGNED_IN_KEY
from tests.conftest import PASSWORD


def sign_in(client) -> None:
    response = client.post("/accounts/sign-in/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def backdate(client, **seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_signing_in_records_when(client, world):
    before = int(time.time())
    sign_in(client)
    assert before <= client.session[SIGNED_IN_KEY] <= int(time.time())


def test_a_busy_session_still_ends_twelve_hours_after_sign_in(client, world, settings):
    settings.SESSION_COOKIE_AGE = 12 * 60 * 60
    sign_in(client)
    backdate(client, **{SIGNED_IN_KEY: 12 * 60 * 60 + 1, LAST_SEEN_KEY: 5})

    response = client.get("/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/accounts/sign-in/")
    assert "You were signed out because you signed in over 12 hours ago" in (
        response.content.decode()
    )


def test_a_session_within_twelve_hours_carries_on(client, world, settings):
    settings.SESSION_COOKIE_AGE = 12 * 60 * 60
    sign_in(client)
    backdate(client, **{SIGNED_IN_KEY: 12 * 60 * 60 - 60, LAST_SEEN_KEY: 5})
    assert client.get("/").status_code == 200


def test_reading_pages_does_not_write_the_session_each_time(client, world):
    sign_in(client)
    client.get("/")
    key = client.session.session_key
    stored = Session.objects.get(pk=key).session_data

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200

    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert writes == []
    assert Session.objects.get(pk=key).session_data == stored


def test_last_seen_is_written_again_after_its_resolution(client, world, settings):
    settings.LAC_LAST_SEEN_RESOLUTION_SECONDS = 120
    sign_in(client)
    backdate(client, **{LAST_SEEN_KEY: 121})
    client.get("/")
    assert int(time.time()) - client.session[LAST_SEEN_KEY] <= 1
