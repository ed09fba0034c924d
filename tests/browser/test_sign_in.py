"""Signing in on a 320 px phone in a real browser."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD


def test_a_coordinator_signs_in_on_a_phone_and_reaches_their_home(
    phone, live_server, transactional_world
):
    sign_in(phone, live_server, "alice", PASSWORD)
    assert phone.url == f"{live_server.url}/"
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-home-phone.png", full_page=True)


def test_a_wrong_password_shows_the_error_summary_linked_to_the_field(
    phone, live_server, transactional_world
):
    sign_in(phone, live_server, "alice", "not the password")
    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert "Enter a correct username and password" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert phone.evaluate("document.activeElement.id") == "id_username"
    assert_fits_width(phone)


def test_the_skip_link_is_the_first_thing_a_keyboard_reaches(
    desktop, live_server, transactional_world
):
    desktop.goto(f"{live_server.url}/accounts/sign-in/")
    desktop.keyboard.press("Tab")
    focused = desktop.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"


def test_the_stylesheet_and_scripts_load(desktop, live_server, transactional_world):
    failures = []
    desktop.on("requestfailed", lambda request: failures.append(request.url))
    desktop.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    desktop.goto(f"{live_server.url}/accounts/sign-in/")
    desktop.wait_for_load_state("networkidle")
    assert failures == []
    assert desktop.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    font = desktop.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" not in font and "arial" in font.lower()
