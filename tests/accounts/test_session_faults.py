"""A database blip costs a reconnect, never a saved record answered as an error."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.wsgi import WSGIHandler
from django.db import DatabaseError, connection
from django.test import RequestFactory

from lac.people.models import Person
from tests.casework.test_views import new_introduction


@pytest.mark.parametrize("failure", [UpdateError, DatabaseError])
def test_a_committed_save_is_answered_as_saved_when_the_session_cannot_be_saved(
    client_for, world, monkeypatch, failure
):
    client = client_for("alice")

    def session_save_fails(self, must_create=False):
        raise failure("connection lost")

    monkeypatch.setattr(SessionStore, "save", session_save_fails)
    response = client.post(
        "/casework/introductions/new/", new_introduction(neighbourhood=world.north.pk)
    )

    person = Person.objects.get(full_name="Pearl Nettlebed")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"


def wsgi_get(app: WSGIHandler, path: str) -> str:
    """A request through the same WSGI entry gunicorn uses (the test client skips its signals)."""
    environ = RequestFactory().get(path, HTTP_COOKIE="sessionid=x" * 2).environ  # read from the db
    statuses: list[str] = []
    body = b"".join(app(environ, lambda status, headers: statuses.append(status)))
    assert body is not None
    return statuses[0]


def test_on_postgresql_a_request_after_the_backends_were_terminated_succeeds(
    transactional_db, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("terminating the app's database backends needs PostgreSQL")
    import psycopg

    settings.ALLOWED_HOSTS = ["testserver"]
    app = WSGIHandler()
    assert wsgi_get(app, "/accounts/sign-in/").startswith("200")
    assert connection.connection is not None  # kept for reuse (CONN_MAX_AGE)
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )

    assert wsgi_get(app, "/accounts/sign-in/").startswith("200")
    assert wsgi_get(app, "/accounts/sign-in/").startswith("200")
