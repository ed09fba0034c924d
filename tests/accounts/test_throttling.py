"""Too many wrong passwords lock signing in, and the page says so in plain English."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.utils import timezone

from lac.accounts.throttling import client_ip
from tests.conftest import PASSWORD

SIGN_IN = "/accounts/sign-in/"


def attempt(client, username: str, password: str = "wrong password", ip: str = "192.0.2.1"):
    return client.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_sign_in_locks_after_the_failure_limit_and_says_so(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 10
    for number in range(1, 10):
        response = attempt(client, "alice")
        assert response.status_code == 200, number
        assert "Enter a correct username and password" in response.content.decode()
    response = attempt(client, "alice")
    html = response.content.decode()
    assert response.status_code == 429
    assert "<title>You cannot sign in at the moment" in html
    assert "There have been 10 unsuccessful attempts to sign in to this account" in html
    assert "Wait 30 minutes, then" in html
    assert 'class="govuk-heading-xl"' in html  # the site's own page, not a bare error


def test_a_locked_account_refuses_even_the_right_password(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        attempt(client, "alice")
    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert client.get("/").status_code == 302  # not signed in


def test_the_lock_follows_the_username_to_another_address(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        attempt(client, "alice", ip="192.0.2.1")
    assert attempt(client, "alice", PASSWORD, ip="198.51.100.7").status_code == 429


def test_guessing_many_usernames_from_one_address_is_locked_too(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LAC_SIGN_IN_ADDRESS_FAILURE_LIMIT = 3
    for username in ("alice", "amir", "nobody"):
        attempt(client, username, ip="203.0.113.9")
    assert attempt(client, "charlie", PASSWORD, ip="203.0.113.9").status_code == 429
    assert attempt(client, "charlie", PASSWORD, ip="192.0.2.50").status_code == 302


def test_a_successful_sign_in_clears_the_count(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    attempt(client, "alice")
    attempt(client, "alice")
    assert attempt(client, "alice", PASSWORD).status_code == 302
    client.post("/accounts/sign-out/")
    attempt(client, "alice")
    attempt(client, "alice")
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_signing_in_as_yourself_does_not_clear_guesses_at_someone_else(world, settings):
    settings.AXES_FAILURE_LIMIT = 10
    settings.LAC_SIGN_IN_ADDRESS_FAILURE_LIMIT = 50
    for _ in range(3):
        guesser = Client()
        for _ in range(9):
            attempt(guesser, "bob")
        assert attempt(guesser, "alice", PASSWORD).status_code == 302

    response = attempt(Client(), "bob", PASSWORD)

    assert response.status_code == 429
    assert "You cannot sign in at the moment" in response.content.decode()


def test_one_address_is_locked_at_its_own_higher_limit(world, settings):
    settings.AXES_FAILURE_LIMIT = 10
    settings.LAC_SIGN_IN_ADDRESS_FAILURE_LIMIT = 12
    for username in ["nobody"] * 6 + ["someone"] * 6:
        attempt(Client(), username, ip="203.0.113.9")
    assert attempt(Client(), "alice", PASSWORD, ip="203.0.113.9").status_code == 429
    assert attempt(Client(), "alice", PASSWORD, ip="192.0.2.50").status_code == 302


def test_the_lock_lifts_after_the_cool_off_time(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        attempt(client, "alice")
    assert attempt(client, "alice", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_without_proxies_the_address_is_the_connection(settings):
    settings.LAC_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "192.0.2.1"


def test_behind_one_proxy_the_address_is_the_last_forwarded_one_not_what_the_client_wrote(
    settings,
):
    settings.LAC_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.1"
    )
    assert client_ip(request) == "192.0.2.1"
