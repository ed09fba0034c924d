"""No one forgotten, on a 320 px phone: "No next contact" heads the caseload and
setting a date from there moves the person into their group."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from lac.people.models import Person
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD


def test_no_next_contact_is_the_first_group_and_can_be_set(phone, live_server, transactional_world):
    world, today = transactional_world, timezone.localdate()
    Person.objects.create(
        full_name="Olive Overdue",
        neighbourhood=world.north,
        coordinator=world.alice,
        next_contact_date=today - timedelta(days=2),
    )
    Person.objects.create(
        full_name="Nell Nodate", neighbourhood=world.north, coordinator=world.alice
    )
    sign_in(phone, live_server, "alice", PASSWORD)

    # The passkey prompt's banner ("Important") may come first; the home's own sections follow.
    headings = [
        h for h in phone.get_by_role("heading", level=2).all_inner_texts() if h != "Important"
    ]
    assert headings[:2] == ["Today", "Your month so far"]
    assert headings[2:4] == ["No next contact (1)", "Overdue (1)"]
    expect(phone.get_by_text("1 with no next contact")).to_be_visible()
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-home-no-next-contact-320.png", full_page=True)

    phone.get_by_role("link", name="Set a next contact for Nell Nodate").click()
    phone.get_by_label("Next contact").fill(str(today + timedelta(days=3)))
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_load_state()
    phone.goto(f"{live_server.url}/")
    # The passkey prompt's banner ("Important") may come first; the home's own sections follow.
    headings = [
        h for h in phone.get_by_role("heading", level=2).all_inner_texts() if h != "Important"
    ]
    assert "No next contact (1)" not in headings
    assert "Due this week (1)" in headings
