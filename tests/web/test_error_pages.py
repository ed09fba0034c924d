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
