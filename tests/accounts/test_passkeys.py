"""Passkeys (WebAuthn) as a second factor: offered to every role, asked of coordinators."""

from base64 import urlsafe_b64encode

from django_otp_webauthn.models import WebAuthnCredential

from tests.conftest import PASSWORD

PROMPT = "Add a passkey to keep people’s records safe"


def passkey_for(user) -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user,
        name="Phone",
        confirmed=True,
        credential_id=b"credential-" + str(user.pk).encode(),
        public_key=b"key",
        sign_count=0,
        credential_type="public-key",
    )


def test_a_coordinator_without_a_passkey_is_asked_on_their_home_page(client_for, world):
    html = client_for("alice").get("/").content.decode()
    assert PROMPT in html
    assert 'class="govuk-notification-banner"' in html
    assert 'href="/accounts/#passkeys"' in html


def test_not_now_hides_the_invitation_for_the_rest_of_the_session(client_for, world):
    client = client_for("alice")
    response = client.post("/accounts/passkeys/not-now/")
    assert response["Location"] == "/"
    assert PROMPT not in client.get("/").content.decode()


def test_a_coordinator_with_a_passkey_is_not_asked(client_for, world):
    passkey_for(world.alice)
    assert PROMPT not in client_for("alice").get("/").content.decode()


def test_every_role_can_add_a_passkey_from_their_account(client_for, world):
    for name in ("alice", "bob"):
        html = client_for(name).get("/accounts/").content.decode()
        assert '<h2 class="govuk-heading-l" id="passkeys">Passkeys</h2>' in html
        assert 'id="passkey-register-button"' in html
        assert "/static/django_otp_webauthn/otp_webauthn_register.js" in html


def test_the_account_page_lists_a_users_passkeys(client_for, world):
    passkey_for(world.bob)
    html = client_for("bob").get("/accounts/").content.decode()
    assert "Phone, added" in html


def test_registration_begins_for_this_site_and_this_user(client_for, world, settings):
    response = client_for("bob").post("/accounts/passkeys/registration/begin/")
    options = response.json()
    assert response.status_code == 200
    assert options["rp"] == {"id": settings.OTP_WEBAUTHN_RP_ID, "name": "Local Area Coordination"}
    assert options["user"]["name"] == "bob"
    assert options["authenticatorSelection"]["userVerification"] in {"preferred", "required"}


def test_a_password_alone_cannot_add_a_passkey_to_an_account_with_a_second_factor(client, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=world.bob, name="App", confirmed=True)
    client.post("/accounts/sign-in/", {"username": "bob", "password": PASSWORD})
    response = client.post("/accounts/passkeys/registration/begin/")
    assert response.status_code == 403
    assert not WebAuthnCredential.objects.exists()


def test_after_the_password_a_passkey_user_is_offered_their_passkey(client, world):
    passkey = passkey_for(world.alice)
    client.post("/accounts/sign-in/", {"username": "alice", "password": PASSWORD})
    response = client.get("/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/verify/")
    assert "<title>Confirm it is you" in html
    assert 'id="passkey-verification-button"' in html
    assert "Use your passkey" in html
    assert 'name="token"' not in html  # no authenticator app to ask a code of

    begin = client.post("/accounts/passkeys/authentication/begin/")
    options = begin.json()
    assert begin.status_code == 200
    own = urlsafe_b64encode(bytes(passkey.credential_id)).rstrip(b"=").decode()
    assert options["allowCredentials"] == [{"id": own, "type": "public-key"}]


def test_passwordless_sign_in_is_refused(client, world):
    response = client.post("/accounts/passkeys/authentication/begin/")
    assert response.status_code == 403


def test_a_coordinator_with_only_an_authenticator_app_is_still_invited(client, world):
    from tests.accounts.test_two_factor import VERIFY, code_for, confirmed_device

    device = confirmed_device(world.alice)
    client.force_login(world.alice)
    assert client.get("/")["Location"] == VERIFY
    client.post(VERIFY, {"token": code_for(device), "next": "/"})
    assert PROMPT in client.get("/").content.decode()


def test_a_passkey_not_yet_confirmed_neither_gates_nor_counts(client_for, world):
    passkey_for(world.alice)
    WebAuthnCredential.objects.filter(user=world.alice).update(confirmed=False)
    response = client_for("alice").get("/")
    assert response.status_code == 200
    assert PROMPT in response.content.decode()


def test_the_home_page_reads_every_kind_of_second_factor_in_one_query(client_for, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("alice")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    # (django-otp also reads the device this session was verified with, by its id.)
    passkeys = [q["sql"] for q in queries if "webauthncredential" in q["sql"]]
    assert len(passkeys) == 1
    assert "otp_totp_totpdevice" in passkeys[0]
