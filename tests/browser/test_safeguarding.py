"""A safeguarding concern on a 320 px phone: recorded from the person page, reported with a
reference number, then added to; the manager sees it, nobody else does."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from lac.safety.models import Concern
from tests.a11y.test_axe import sign_in_as
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD
from tests.people.factories import PersonFactory


def test_a_coordinator_records_a_concern_on_a_phone_and_the_manager_reads_it(
    phone, desktop, live_server, transactional_world
):
    world = transactional_world
    person = PersonFactory(full_name="Ivy Ash", neighbourhood=world.north, coordinator=world.alice)
    sign_in(phone, live_server, "alice", PASSWORD)
    phone.goto(f"{live_server.url}/people/{person.pk}/")
    phone.get_by_role("link", name="Record a safeguarding concern").click()
    phone.get_by_label("Financial or material abuse").check()
    phone.get_by_label("What was seen or said").fill("Said a neighbour keeps her bank card")
    phone.get_by_label("When was it seen or said?").fill(timezone.localdate().isoformat())
    phone.get_by_label("The council's safeguarding team").check()
    phone.get_by_label("Reference number (optional)").fill("SG-2041")
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-concern-form-320.png", full_page=True)
    phone.get_by_role("button", name="Record concern").click()
    expect(phone.get_by_role("heading", name="Financial or material abuse")).to_be_visible()
    phone.get_by_label("What happened next").fill("The safeguarding team will visit on Monday")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("The safeguarding team will visit on Monday")).to_be_visible()
    assert "SG-2041" in phone.content()
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-concern-320.png", full_page=True)
    assert Concern.objects.get().updates.count() == 2
    phone.goto(f"{live_server.url}/people/{person.pk}/")
    expect(phone.get_by_role("link", name="Financial or material abuse")).to_be_visible()
    assert_fits_width(phone)
    phone.locator("#concerns").scroll_into_view_if_needed()
    phone.screenshot(path="/tmp/lac-concern-panel-320.png")

    sign_in_as(desktop, live_server, world.bob, code=True)
    desktop.goto(f"{live_server.url}/people/{person.pk}/")
    desktop.get_by_role("link", name="Financial or material abuse").click()
    expect(desktop.get_by_text("Said a neighbour keeps her bank card")).to_be_visible()
    desktop.context.clear_cookies()
    sign_in_as(desktop, live_server, world.lena, code=True)
    desktop.goto(f"{live_server.url}/people/{person.pk}/")
    expect(desktop.get_by_role("heading", name="Ivy Ash")).to_be_visible()
    assert "Financial or material abuse" not in desktop.content()
