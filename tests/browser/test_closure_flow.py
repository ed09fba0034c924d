"""Closing on a 320 px phone: the closure goes straight on to "Record what
changed", and either records it or says why there is nothing to record."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from lac.casework.models import StatusChange
from lac.casework.services import default_lists_ensure
from lac.outcomes.services import defaults_ensure
from lac.people.models import Person, Status
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD


def close_on_a_phone(phone, live_server, world) -> Person:
    default_lists_ensure()
    defaults_ensure()
    person = Person.objects.create(full_name="Ivy Ash", neighbourhood=world.north)
    StatusChange.objects.create(person=person, status=Status.ACTIVE, date=timezone.localdate())
    sign_in(phone, live_server, "alice", PASSWORD)
    phone.goto(f"{live_server.url}/casework/people/{person.pk}/status/")
    phone.get_by_label("Close: the walk together ends (the door stays open)").check()
    phone.get_by_label("If closing, why?").select_option(label="Goals met, things are going well")
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("heading", name="Record what changed")).to_be_visible()
    return person


def test_closing_records_what_changed_in_the_same_flow(phone, live_server, transactional_world):
    person = close_on_a_phone(phone, live_server, transactional_world)
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-closure-320.png", full_page=True)
    phone.get_by_role("link", name="What changed").click()
    phone.get_by_role("radio").first.check()
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("heading", name="Record what changed")).to_be_visible()
    assert phone.locator("#closure-outcome-status").inner_text() == "Completed"
    phone.get_by_role("button", name="Finish closing").click()
    phone.wait_for_load_state()
    assert f"/people/{person.pk}/" in phone.url


def test_closing_with_nothing_to_record_says_why(phone, live_server, transactional_world):
    person = close_on_a_phone(phone, live_server, transactional_world)
    phone.get_by_role("button", name="Finish without recording").click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("link", name="Enter why there is no final assessment")).to_be_visible()
    phone.get_by_label("Why is there nothing to record?").fill("Moved to Cardiff")
    phone.get_by_role("button", name="Finish without recording").click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("Closure of Ivy Ash finished")).to_be_visible()
    assert StatusChange.objects.get(person=person, status="closed").outcome_skipped
