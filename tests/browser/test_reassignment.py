"""Passing a leaver's caseload on, on a 320 px phone: the manager's form and home page, and
the receiving coordinator's notice, each checked with axe-core (WCAG 2.2 AA, 0 violations)."""

from __future__ import annotations

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from lac.accounts.models import Role
from lac.casework.services import default_lists_ensure
from tests.a11y.test_axe import AXE, violations_here
from tests.browser.conftest import PHONE, assert_fits_width, sign_in
from tests.conftest import PASSWORD
from tests.factories import UserFactory, grant
from tests.people.factories import PersonFactory
from tests.required import missing


@pytest.fixture
def phone_with_axe(browser):
    """Opens 320 px pages, each its own browser (its own sign-in), with axe-core loaded
    into every document they open."""
    if not AXE.exists():
        missing("axe-core", "npm ci")
    contexts = []

    def new_page():
        context = browser.new_context(viewport=PHONE, device_scale_factor=1)
        context.add_init_script(path=str(AXE))
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


def sign_in_with_code(page, live_server, user) -> None:
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    sign_in(page, live_server, user.username, PASSWORD)
    page.get_by_label("Security code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def looks_right(page, name: str) -> None:
    """Fits a 320 px screen, passes axe, and is kept as a screenshot to look at."""
    assert_fits_width(page)
    assert violations_here(page, name) == []
    page.screenshot(path=f"/tmp/lac-{name}-320.png", full_page=True)


def test_a_manager_passes_a_leavers_caseload_on_and_the_receiver_is_told(
    phone_with_axe, live_server, transactional_world
):
    world = transactional_world
    default_lists_ensure()
    nora = UserFactory(username="nora", first_name="Nora", last_name="Quill")
    grant(nora, Role.COORDINATOR, programme=world.programme, neighbourhoods=(world.north,))
    for n in range(3):
        PersonFactory(
            full_name=f"Leaver Person {n}", neighbourhood=world.north, coordinator=world.alice
        )
    PersonFactory(full_name="Southern Person", neighbourhood=world.south, coordinator=world.alice)

    manager = phone_with_axe()
    sign_in_with_code(manager, live_server, world.bob)
    expect(manager.get_by_role("heading", name="What needs doing")).to_be_visible()
    looks_right(manager, "manager-home")

    manager.goto(f"{live_server.url}/casework/team/")
    manager.get_by_role("link", name="Pass people to another coordinator").click()
    manager.wait_for_load_state()
    manager.get_by_label("Whose people are being passed on?").select_option(
        label="Alice (4 people)"
    )
    manager.get_by_label("Who should they go to?").select_option(label="Nora Quill (North)")
    manager.get_by_role("button", name="Pass on").click()
    manager.wait_for_load_state()
    # Nora does not work in South: the form says so on its field, and nothing moves.
    expect(manager.get_by_role("link", name="Nora Quill does not work in South")).to_be_visible()
    looks_right(manager, "pass-on-error")
    manager.get_by_label("North").check()
    manager.get_by_role("button", name="Pass on").click()
    manager.wait_for_load_state()
    expect(manager.get_by_text("3 people passed from Alice to Nora Quill")).to_be_visible()
    assert "/casework/team/" in manager.url
    manager.set_viewport_size({"width": 1280, "height": 900})
    manager.goto(f"{live_server.url}/")
    assert violations_here(manager, "manager-home-desktop") == []
    manager.screenshot(path="/tmp/lac-manager-home-desktop.png", full_page=True)

    receiver = phone_with_axe()
    sign_in(receiver, live_server, "nora", PASSWORD)
    notice = receiver.get_by_role("region", name="Passed to you")
    assert "3 people were passed to you by Bob on " in notice.inner_text()
    looks_right(receiver, "handover-notice")
    receiver.get_by_role("button", name="Dismiss").click()
    receiver.wait_for_load_state()
    assert notice.count() == 0
    expect(receiver.get_by_role("link", name="Leaver Person 0", exact=True)).to_be_visible()
