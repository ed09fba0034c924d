"""Storage full, storage read-only and the database down each get their own honest page."""

import errno

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import include, path

from lac.imports import services
from lac.imports.models import ImportJob
from lac.web import views


def raising(exc):
    def view(request):
        raise exc

    return view


urlpatterns = [
    path("full", raising(OSError(errno.ENOSPC, "No space left on device"))),
    path("read-only", raising(OSError(errno.EROFS, "Read-only file system"))),
    path("sqlite-full", raising(OperationalError("database or disk is full"))),
    path("sqlite-read-only", raising(OperationalError("attempt to write a readonly database"))),
    # Closing a server-side cursor on a connection PostgreSQL ended: the driver's error, raw.
    path("cursor-gone", raising(psycopg.OperationalError("server closed the connection"))),
    path("", include("lac.urls")),
]
handler500 = views.server_error

FULL = "The server has run out of storage space"
READ_ONLY = "The server&#x27;s storage has been made read-only"
DOWN = "The database is not answering"


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("url", "advice"),
    [
        ("/full", FULL),
        ("/sqlite-full", FULL),
        ("/read-only", READ_ONLY),
        ("/sqlite-read-only", READ_ONLY),
    ],
)
def test_storage_failures_get_their_own_503_page(client, db, url, advice):
    client.raise_request_exception = False
    response = client.post(url)
    html = response.content.decode()
    assert response.status_code == 503
    assert "Sorry, the service cannot save anything at the moment" in html
    assert advice in html
    assert "problem with that request" not in html


@override_settings(ROOT_URLCONF=__name__)
def test_a_connection_lost_where_django_does_not_wrap_the_error_is_still_unavailable(client, db):
    client.raise_request_exception = False
    response = client.get("/cursor-gone")
    assert response.status_code == 503
    assert DOWN in response.content.decode()


def test_a_database_that_does_not_answer_gets_the_unavailable_page(client_for, world, monkeypatch):
    client = client_for("alice")
    client.raise_request_exception = False

    def refused():
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: refused')

    monkeypatch.setattr(connection, "ensure_connection", refused)
    response = client.get("/")
    monkeypatch.undo()

    html = response.content.decode()
    assert response.status_code == 503
    assert "<title>Sorry, the service is unavailable" in html
    assert DOWN in html


def test_any_other_crash_is_still_the_general_500(client, db):
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF=__name__):
        urlpatterns.insert(0, path("boom", raising(RuntimeError("deliberate"))))
        try:
            response = client.get("/boom")
        finally:
            urlpatterns.pop(0)
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_an_upload_that_fills_the_disk_leaves_no_partial_file(
    client_for, world, tmp_path, settings, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = client_for("bob")
    client.raise_request_exception = False
    written = []
    real_open = services.open_private

    class FillsUp:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, chunk):
            written.append(self.handle.write(chunk[: len(chunk) // 2]))  # the disk fills here
            self.handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    def open_that_fills(path):
        handle = real_open(path)
        return FillsUp(handle) if path.name.startswith("upload") else handle

    monkeypatch.setattr(services, "open_private", open_that_fills)
    big = SimpleUploadedFile("big.csv", b"Name\n" + b"Ann Example\n" * 50_000)
    response = client.post("/imports/", {"programme": world.programme.pk, "file": big})
    monkeypatch.undo()

    assert response.status_code == 503
    assert FULL in response.content.decode()
    assert written  # it got part of the way
    assert list((tmp_path / "media" / "imports").iterdir()) == []
    assert not ImportJob.objects.exists()
