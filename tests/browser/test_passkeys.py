"""In real Chromium with a virtual authenticator (DevTools' WebAuthn domain): a coordinator
adds a passkey from the invitation on their home page, then signs in with it."""

from django_otp_webauthn.models import WebAuthnCredential

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD


def test_a_coordinator_adds_a_passkey_then_signs_in_with_it(
    phone, live_server, transactional_world, settings
):
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    devtools = phone.context.new_cdp_session(phone)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    messages = []
    phone.on("console", lambda message: messages.append(message.text))

    sign_in(phone, live_server, "alice", PASSWORD)
    assert "Add a passkey to keep people’s records safe" in phone.content()
    phone.get_by_role("link", name="Add a passkey").click()
    # The button is put in by the page's script, which then attaches its handler: wait until
    # the page is quiet, or a click can land before the handler under a loaded machine.
    phone.wait_for_load_state("networkidle")
    phone.locator("#passkey-register-button").click()
    phone.locator("main li", has_text=", added").wait_for(timeout=30_000)
    assert WebAuthnCredential.objects.filter(user=transactional_world.alice).count() == 1

    phone.goto(f"{live_server.url}/")
    assert "Add a passkey to keep people’s records safe" not in phone.content()
    phone.context.clear_cookies()  # signed out; the phone (its authenticator) stays
    sign_in(phone, live_server, "alice", PASSWORD)
    assert phone.url.startswith(f"{live_server.url}/accounts/two-factor/verify/")
    before = {c["name"]: c["value"] for c in phone.context.cookies()}["sessionid"]
    phone.get_by_role("button", name="Use your passkey").click()
    phone.wait_for_url(f"{live_server.url}/", timeout=30_000)
    after = {c["name"]: c["value"] for c in phone.context.cookies()}["sessionid"]
    assert after != before  # a new session id for the higher privilege
    assert "Add a passkey" not in phone.content()
    assert [m for m in messages if "Content Security Policy" in m] == []
