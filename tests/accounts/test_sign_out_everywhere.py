"""Sign out everywhere: every session of the user ends, on every device; others' do not."""

from django.contrib.sessions.models import Session
from django.test import Client

from tests.conftest import force_login_verified


def test_sign_out_everywhere_ends_the_users_other_sessions_and_this_one(world):
    laptop, phone, colleague = Client(), Client(), Client()
    force_login_verified(laptop, world.alice)
    force_login_verified(phone, world.alice)
    force_login_verified(colleague, world.amir)
    assert phone.get("/").status_code == 200

    response = laptop.post("/accounts/sign-out-everywhere/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/sign-in/"
    assert "You have been signed out everywhere (2 sessions ended)" in response.content.decode()
    assert phone.get("/")["Location"].startswith("/accounts/sign-in/")
    assert laptop.get("/")["Location"].startswith("/accounts/sign-in/")
    assert colleague.get("/").status_code == 200


def test_sign_out_everywhere_needs_a_post(client_for, world):
    client = client_for("alice")
    assert client.get("/accounts/sign-out-everywhere/").status_code == 405
    assert client.get("/").status_code == 200


def test_sign_out_everywhere_leaves_no_session_of_the_user_behind(world):
    clients = [Client() for _ in range(3)]
    for client in clients:
        force_login_verified(client, world.bob)
    clients[0].post("/accounts/sign-out-everywhere/")
    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(world.bob.pk) not in remaining


def test_the_account_page_offers_sign_out_everywhere_and_shows_two_factor(client_for, world):
    html = client_for("bob").get("/accounts/").content.decode()
    assert '<h1 class="govuk-heading-xl">Your account</h1>' in html
    assert 'action="/accounts/sign-out-everywhere/"' in html
    assert "On: a code from your authenticator app" in html
    assert "Team manager" in html


def test_sign_out_everywhere_revokes_the_users_api_tokens_and_says_so(client_for, world):
    from django.test import Client

    from tests.api.data import bearer, token

    mine, colleagues = token(world.alice), token(world.amir)
    api = Client()
    assert api.get("/api/people", **bearer(mine)).status_code == 200

    response = client_for("alice").post("/accounts/sign-out-everywhere/", follow=True)

    assert "(1 session ended, 1 API token revoked)" in response.content.decode()
    assert api.get("/api/people", **bearer(mine)).status_code == 401
    assert api.get("/api/people", **bearer(colleagues)).status_code == 200


def test_sign_out_everywhere_counts_in_welsh_for_a_welsh_reader(world):
    from tests.api.data import token

    token(world.alice)
    laptop, phone = Client(), Client()
    force_login_verified(laptop, world.alice)
    force_login_verified(phone, world.alice)
    laptop.cookies["django_language"] = "cy"

    response = laptop.post("/accounts/sign-out-everywhere/", follow=True)

    assert (
        "Rydych wedi cael eich allgofnodi ym mhobman "
        "(2 sesiwn wedi dod i ben, 1 tocyn API wedi’i ddiddymu)." in response.content.decode()
    )
