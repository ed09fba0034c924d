"""Two-factor sign-in: who must use it, setting it up, and entering a code."""

import re

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD

SETUP = "/accounts/two-factor/set-up/"
VERIFY = "/accounts/two-factor/verify/"


def code_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    valid = {code_for(device, step) for step in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(123456, 999999) if f"{n:06d}" not in valid)


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def sign_in_with_password(client, username: str):
    return client.post("/accounts/sign-in/", {"username": username, "password": PASSWORD})


@pytest.mark.parametrize("name", ["bob", "lena", "eve", "nina", "root"])
def test_a_role_that_needs_two_factor_is_sent_to_set_it_up_and_can_reach_nothing_else(
    client, world, name
):
    client.force_login(world.user(name))
    assert client.get("/")["Location"] == SETUP
    for path in ("/accounts/", "/admin/", "/no-such-page/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(SETUP + "?next="), path
    assert client.post("/accounts/sign-out-everywhere/")["Location"] == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "Set up two-factor sign-in" in page.content.decode()


def test_signing_in_as_a_manager_leads_to_two_factor_set_up(client, world):
    response = sign_in_with_password(client, "bob")
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == SETUP


def test_the_set_up_page_shows_a_qr_code_as_inline_svg_and_the_key_without_inline_script(
    client, world
):
    client.force_login(world.bob)
    html = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=world.bob)
    assert not device.confirmed
    assert '<svg class="lac-qr-code" role="img"' in html
    assert "<title>QR code for your authenticator app</title>" in html
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    shown = "".join(re.findall(r"<span>([A-Z2-7]{4})</span>", html))
    assert shown == secret
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "Sign out" in html
    assert 'class="govuk-service-navigation"' not in html  # nothing else to go to yet


def test_reloading_the_set_up_page_keeps_the_same_secret(client, world):
    client.force_login(world.bob)
    client.get(SETUP)
    first = TOTPDevice.objects.get(user=world.bob).key
    client.get(SETUP)
    assert list(TOTPDevice.objects.filter(user=world.bob).values_list("key", flat=True)) == [first]


def test_a_correct_code_confirms_the_device_and_opens_the_site(client, world):
    client.force_login(world.bob)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.bob)
    response = client.post(SETUP, {"token": code_for(device), "next": "/accounts/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/"
    assert "Two-factor sign-in is set up" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_a_wrong_code_at_set_up_is_explained_against_the_field(client, world):
    client.force_login(world.bob)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.bob)
    html = client.post(SETUP, {"token": wrong_code_for(device)}).content.decode()
    assert "There is a problem" in html
    assert 'href="#id_token"' in html
    assert "Security code is not correct" in html
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/")["Location"] == SETUP


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the security code from your authenticator app"),
        ("12345", "Security code must be 6 digits"),
        ("12a456", "Security code must be 6 digits"),
    ],
)
def test_a_missing_or_malformed_code_names_the_field(client, world, typed, message):
    client.force_login(world.bob)
    html = client.post(SETUP, {"token": typed}).content.decode()
    assert message in html
    assert 'href="#id_token"' in html


def test_a_coordinator_is_not_forced_when_the_setting_says_optional(client, world, settings):
    settings.LAC_TWO_FACTOR_REQUIRED_FOR_COORDINATORS = False
    client.force_login(world.alice)
    assert client.get("/").status_code == 200
    assert "Off (optional for your role)" in client.get("/accounts/").content.decode()


def test_a_coordinator_is_forced_when_the_setting_says_required(client, world, settings):
    settings.LAC_TWO_FACTOR_REQUIRED_FOR_COORDINATORS = True
    client.force_login(world.alice)
    assert client.get("/")["Location"] == SETUP


def test_a_coordinator_who_chose_two_factor_is_asked_for_a_code(client, world, settings):
    settings.LAC_TWO_FACTOR_REQUIRED_FOR_COORDINATORS = False
    confirmed_device(world.alice)
    client.force_login(world.alice)
    assert client.get("/")["Location"] == VERIFY


def test_after_the_password_a_user_with_a_device_enters_a_code_and_goes_where_they_were_going(
    client, world
):
    device = confirmed_device(world.bob)
    client.force_login(world.bob)
    response = client.get("/accounts/")
    assert response["Location"] == VERIFY + "?next=%2Faccounts%2F"
    page = client.get(response["Location"])
    assert "Enter your security code" in page.content.decode()
    response = client.post(VERIFY, {"token": code_for(device), "next": "/accounts/"})
    assert response["Location"] == "/accounts/"
    assert client.get("/accounts/").status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_is_rejected_with_a_message_naming_the_field(client, world):
    device = confirmed_device(world.bob)
    client.force_login(world.bob)
    response = client.post(VERIFY, {"token": wrong_code_for(device)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Security code is not correct" in html
    assert 'href="#id_token"' in html
    assert "<title>Error: Enter your security code" in html
    assert client.get("/")["Location"] == VERIFY


def test_a_code_cannot_be_used_twice(client, world):
    device = confirmed_device(world.bob)
    code = code_for(device)
    client.force_login(world.bob)
    assert client.post(VERIFY, {"token": code})["Location"] == "/"
    client.post("/accounts/sign-out/")
    client.force_login(world.bob)
    html = client.post(VERIFY, {"token": code}).content.decode()
    assert "not correct or has already been used" in html


def test_repeated_wrong_codes_are_slowed_down(client, world):
    device = confirmed_device(world.bob)
    client.force_login(world.bob)
    client.post(VERIFY, {"token": wrong_code_for(device)})
    html = client.post(VERIFY, {"token": code_for(device)}).content.decode()
    assert "Too many wrong security codes. Wait" in html
    assert client.get("/")["Location"] == VERIFY


def test_a_password_alone_cannot_replace_the_device(client, world):
    confirmed_device(world.bob)
    client.force_login(world.bob)
    response = client.get(SETUP)
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=world.bob).count() == 1


def test_a_verified_user_can_move_to_a_new_phone_and_the_old_one_stops_working(client, world):
    old = confirmed_device(world.bob)
    client.force_login(world.bob)
    client.post(VERIFY, {"token": code_for(old)})
    html = client.get(SETUP).content.decode()
    assert "on a new phone" in html
    new = TOTPDevice.objects.get(user=world.bob, confirmed=False)
    response = client.post(SETUP, {"token": code_for(new)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=world.bob)) == [new]


def test_the_next_address_must_be_on_this_site(client, world):
    device = confirmed_device(world.bob)
    client.force_login(world.bob)
    response = client.post(VERIFY, {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_an_htmx_request_is_sent_to_the_whole_page(client, world):
    client.force_login(world.bob)
    response = client.get("/accounts/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(SETUP)


def test_an_unverified_user_can_still_sign_out(client, world):
    client.force_login(world.bob)
    response = client.post("/accounts/sign-out/")
    assert response["Location"] == "/accounts/sign-in/"
    assert client.get("/")["Location"].startswith("/accounts/sign-in/")


def test_the_test_helper_signs_in_fully_verified(client_for, world):
    client = client_for("bob")
    assert client.get("/").status_code == 200
