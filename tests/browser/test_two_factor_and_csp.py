"""In real Chromium: the pages break no rule of their own Content Security Policy, and htmx works.

A manager signs in with password and security code; no page logs a CSP
violation, and an ``hx-get`` swap still happens under ``script-src 'self'``.
"""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD


def test_a_manager_signs_in_with_a_code_and_no_page_breaks_the_policy(
    desktop, live_server, transactional_world
):
    device = TOTPDevice.objects.create(user=transactional_world.bob, name="Phone")
    messages = []
    desktop.on("console", lambda message: messages.append(message.text))

    sign_in(desktop, live_server, "bob", PASSWORD)
    assert desktop.url.startswith(f"{live_server.url}/accounts/two-factor/verify/")
    code = TOTP(device.bin_key).token()
    desktop.get_by_label("Security code").fill(f"{code:06d}")
    desktop.get_by_role("button", name="Continue").click()
    desktop.wait_for_load_state()
    assert desktop.url == f"{live_server.url}/"

    desktop.goto(f"{live_server.url}/accounts/")
    desktop.evaluate(
        """() => {
            const button = document.createElement('button');
            button.id = 'htmx-probe';
            button.setAttribute('hx-get', '/healthz');
            document.querySelector('main').appendChild(button);
            htmx.process(button);
        }"""
    )
    desktop.click("#htmx-probe")
    # (Not wait_for_function: it evaluates a string, which the policy rightly forbids.)
    desktop.locator("#htmx-probe", has_text="ok").wait_for(timeout=5000)

    violations = [m for m in messages if "Content Security Policy" in m]
    assert violations == []
