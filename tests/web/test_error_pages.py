import html
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import include, path

from lac.web import views


def boom(request):
    raise RuntimeError("deliberate")


urlpatterns = [path("boom", boom), path("", include("lac.urls"))]
handler500 = views.server_error


def test_an_unknown_page_gets_the_styled_404(client_for, world):
    response = client_for("alice").get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"govuk-header" in response.content


@override_settings(ROOT_URLCONF=__name__)
def test_a_crash_gets_the_styled_500_without_a_traceback(client, db):
    client.raise_request_exception = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"Traceback" not in response.content


def test_a_forbidden_page_gets_the_styled_403(rf, world):
    request = rf.get("/")
    request.user = world.alice
    response = views.permission_denied(request)
    assert response.status_code == 403
    assert b"You cannot see this page" in response.content


def test_a_refusal_that_says_why_says_it_in_the_readers_language(client_for, world):
    world.alice.preferred_language = "cy"
    world.alice.save()
    response = client_for("alice").get("/community/a/import/")
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "Dim ond rheolwyr all fewnforio i’r cyfeiriadur." in page
    assert "Ni allwch weld y dudalen hon" in page


def test_a_refusal_by_role_alone_shows_only_the_pages_own_words(rf, world):
    request = rf.get("/")
    request.user = world.alice
    response = views.permission_denied(request, PermissionDenied())
    assert b"Your role does not give access to this page" in response.content


class Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.mark.parametrize("host", ["evil.example", "a b", "x" * 300, "[::1", "lac.example.org:9x"])
def test_a_bad_host_header_gets_the_styled_400_and_no_error_log(client, db, settings, host):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["lac.example.org"]
    client.raise_request_exception = False
    error_log = Collected()
    logging.getLogger().addHandler(error_log)  # where the console handler is
    try:
        response = client.get("/", HTTP_HOST=host)
        client.post("/accounts/sign-in/", {"username": "x"}, HTTP_HOST=host)
    finally:
        logging.getLogger().removeHandler(error_log)
    assert response.status_code == 400
    assert b"Sorry, there is a problem with that request" in response.content
    assert b"govuk-header" in response.content
    assert [r.getMessage() for r in error_log.records if r.levelno >= logging.ERROR] == []
