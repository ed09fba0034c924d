import time

from lac.accounts.middleware import LAST_SEEN_KEY
from tests.conftest import PASSWORD


def test_signing_in_lands_on_the_home_page(client, world):
    response = client.post(
        "/accounts/sign-in/", {"username": "alice", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Signed in as Alice" in response.content.decode()


def test_a_wrong_password_is_explained_and_linked_from_the_error_summary(client, world):
    response = client.post("/accounts/sign-in/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_username"' in html
    assert "Enter a correct username and password" in html
    assert html.count("<title>Error: Sign in") == 1


def test_empty_fields_name_the_field(client, world):
    html = client.post("/accounts/sign-in/", {}).content.decode()
    assert "Enter your username" in html
    assert "Enter your password" in html


def test_passwords_are_stored_with_argon2_outside_tests(settings):
    from lac import settings as real_settings

    assert real_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_signing_out_needs_a_post_and_ends_the_session(client, world):
    client.force_login(world.alice)
    response = client.post("/accounts/sign-out/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_an_idle_session_is_signed_out(client, world, settings):
    settings.SESSION_INACTIVITY_SECONDS = 60
    client.force_login(world.alice)
    assert client.get("/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 61
    session.save()
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/sign-in/")
    assert b"inactive" in response.content


def test_activity_keeps_the_session_alive(client, world, settings, monkeypatch):
    """One second inside the limit still counts as active: the clock is held still, so a
    slow machine between saving the session and the request cannot push it over."""
    settings.SESSION_INACTIVITY_SECONDS = 60
    client.force_login(world.alice)
    now = int(time.time())
    monkeypatch.setattr("lac.accounts.middleware.time.time", lambda: now)
    session = client.session
    session[LAST_SEEN_KEY] = now - 59
    session.save()
    assert client.get("/").status_code == 200
