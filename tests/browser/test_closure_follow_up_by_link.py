"""Months after closure, on a 320 px phone: the coordinator gives a follow-up link from their
list, the person says how things are now (ONS4 and in their own words) without signing in,
the link refuses a second use, and every page passes axe; the manager's settings page too."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lac.casework.models import FollowUp, FollowUpSettings
from lac.lib.periods import months_after
from lac.outcomes.services import defaults_ensure
from lac.people.models import Status
from tests.a11y.test_axe import AXE, sign_in_as, violations, violations_here
from tests.browser.conftest import PHONE, assert_fits_width
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("LAC_SCREENSHOTS", "/tmp")


@pytest.fixture
def staff(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    yield page
    context.close()


def test_the_person_says_how_things_are_now_on_their_phone_once(
    own_phone, staff, live_server, transactional_world
):
    defaults_ensure()
    world = transactional_world
    FollowUpSettings.objects.create(programme=world.programme, on=True, months=6)
    person = PersonFactory(
        full_name="Rowan Ashdown",
        neighbourhood=world.north,
        status=Status.CLOSED,
        status_since=months_after(timezone.localdate(), -7),
        coordinator=world.alice,
    )
    sign_in_as(staff, live_server, world.alice, code=False)
    assert violations(staff, live_server, "/casework/follow-ups/") == []
    expect(staff.get_by_role("heading", name="Rowan Ashdown")).to_be_visible()
    assert_fits_width(staff)
    staff.screenshot(path=f"{SHOTS}/lac-follow-ups-due-320.png", full_page=True)
    staff.get_by_role("button", name="Give a link to Rowan Ashdown").click()
    expect(staff.get_by_role("heading", name="Link ready")).to_be_visible()
    assert violations_here(staff, "follow-up link") == []
    address = staff.get_by_label("Link to copy").input_value()

    own_phone.goto(address)
    expect(own_phone.get_by_role("heading", name="How are things now?")).to_be_visible()
    assert_fits_width(own_phone)
    assert violations_here(own_phone, "follow-up questions") == []
    own_phone.get_by_role("button", name="Send my answers").click()
    expect(own_phone.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert violations_here(own_phone, "follow-up with errors") == []
    for question, answer in (
        ("Overall, how satisfied are you with your life nowadays?", "8"),
        ("Overall, to what extent do you feel that the things", "7"),
        ("Overall, how happy did you feel yesterday?", "7"),
        ("Overall, how anxious did you feel yesterday?", "1"),
    ):
        own_phone.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    words = "I help at the community garden twice a week."
    own_phone.get_by_label("What has changed for you since then?").fill(words)
    own_phone.screenshot(path=f"{SHOTS}/lac-follow-up-answers-320.png", full_page=True)
    own_phone.get_by_role("button", name="Send my answers").click()
    expect(own_phone.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_fits_width(own_phone)
    assert violations_here(own_phone, "follow-up thanks") == []
    assert FollowUp.objects.get(person=person).what_changed == words

    own_phone.goto(address)
    expect(own_phone.get_by_role("heading", name="This link has already been used")).to_be_visible()

    staff.goto(f"{live_server.url}/people/{person.pk}/")
    section = staff.locator("#follow-ups")
    expect(section).to_have_text("How things are now: follow-ups after closure")
    expect(staff.get_by_text(words)).to_be_visible()
    staff.locator("#follow-ups").scroll_into_view_if_needed()
    staff.screenshot(path=f"{SHOTS}/lac-person-follow-up-320.png", full_page=True)


def test_the_managers_settings_and_the_no_answer_page_pass_axe(
    staff, live_server, transactional_world
):
    world = transactional_world
    FollowUpSettings.objects.create(programme=world.programme, on=True, months=3)
    person = PersonFactory(
        full_name="Ash Closed",
        neighbourhood=world.north,
        status=Status.CLOSED,
        status_since=months_after(timezone.localdate(), -4),
        coordinator=world.bob,
    )
    sign_in_as(staff, live_server, world.bob, code=True)
    assert violations(staff, live_server, "/casework/follow-ups/settings/a/") == []
    staff.get_by_label("How many months after closure?").fill("0")
    staff.get_by_role("button", name="Save settings").click()
    expect(staff.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert violations_here(staff, "settings with errors") == []
    assert_fits_width(staff)
    staff.screenshot(path=f"{SHOTS}/lac-follow-up-settings-320.png", full_page=True)
    path = f"/casework/people/{person.pk}/follow-up/not-answered/"
    assert violations(staff, live_server, path) == []
    staff.get_by_label("I could not reach them").check()
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Follow-up recorded for Ash Closed")).to_be_visible()
    assert violations_here(staff, "follow-ups after recording") == []
