"""The coordinator's day in a real browser on a 320 px phone: a new introduction,
a conversation, a goal ticked off, a connection, and closing — counting every
tap and field."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from lac.casework.services import default_lists_ensure
from lac.people.models import Person, Status
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD


class Counted:
    """Taps and filled-in fields, so the walk-through reports its own cost."""

    def __init__(self, page) -> None:
        self.page, self.taps, self.fields = page, 0, 0

    def tap(self, locator) -> None:
        locator.click()
        self.page.wait_for_load_state()
        self.taps += 1

    def fill(self, locator, value: str) -> None:
        locator.fill(value)
        self.fields += 1

    def choose(self, locator, value: str | None = None) -> None:
        if value is None:
            locator.check()
        else:
            locator.select_option(label=value)
        self.fields += 1


def test_introduction_to_closure_on_a_phone(phone, live_server, transactional_world):
    default_lists_ensure()  # an earlier test's flush may have removed the seeded lists
    sign_in(phone, live_server, "alice", PASSWORD)
    walk = Counted(phone)
    expect(phone.get_by_role("heading", name="Caseload")).to_be_visible()
    assert_fits_width(phone)

    walk.tap(phone.get_by_role("link", name="New introduction"))
    walk.fill(phone.get_by_label("Full name"), "Mabel Meadowsweet")
    walk.choose(phone.get_by_label("Who introduced them?"), "Council department")
    walk.fill(phone.get_by_label("What do they hope for? (optional)"), "To get out more")
    walk.choose(phone.get_by_label("Feeling isolated or lonely"))
    assert_fits_width(phone)
    walk.tap(phone.get_by_role("button", name="Save introduction"))
    after_introduction = (walk.taps, walk.fields)
    expect(phone.get_by_text("Introduction of Mabel Meadowsweet recorded")).to_be_visible()
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-casework-person.png", full_page=True)

    walk.tap(phone.get_by_role("link", name="Log a conversation"))
    walk.choose(phone.get_by_label("Home visit"))
    walk.fill(phone.get_by_label("How long, in minutes (optional)"), "45")
    walk.fill(phone.get_by_label("Note (optional)"), "Tea and a chat about the walking group.")
    next_week = (timezone.localdate() + timedelta(days=7)).isoformat()
    walk.fill(phone.get_by_label("Next contact", exact=True), next_week)
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-casework-conversation.png", full_page=True)
    walk.tap(phone.get_by_role("button", name="Save conversation"))
    expect(phone.get_by_text("Tea and a chat about the walking group.")).to_be_visible()

    walk.tap(phone.get_by_role("link", name="Add a goal"))
    walk.fill(phone.get_by_label("Goal"), "Join the walking group")
    walk.fill(phone.get_by_label("Steps (optional)"), "Find the group\nGo along once together")
    walk.tap(phone.get_by_role("button", name="Add goal"))
    walk.tap(phone.get_by_role("button", name=re.compile(r"^Done\W+Find the group$")))
    phone.wait_for_selector("text=Done " + timezone.localdate().strftime("%-d %B %Y"))
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-casework-goal.png", full_page=True)

    # Connections belong to the community app; its section sits on the person page.
    walk.tap(phone.get_by_role("link", name="Record a connection"))
    walk.choose(phone.get_by_label("To a person (a neighbour, friend or family)"))
    walk.choose(phone.get_by_label("Who they are to the person"), "Neighbour")
    walk.fill(phone.get_by_label("Who, in a few words"), "Jean at number 12")
    walk.tap(phone.get_by_role("button", name=re.compile("Save|Record")))
    expect(phone.get_by_text("Connection recorded")).to_be_visible()

    walk.tap(phone.get_by_role("link", name="Pause or close"))
    walk.choose(phone.get_by_label("Close: the walk together ends (the door stays open)"))
    walk.choose(phone.get_by_label("If closing, why?"), "Goals met, things are going well")
    walk.tap(phone.get_by_role("button", name="Save"))
    expect(phone.get_by_text("Mabel Meadowsweet is now closed")).to_be_visible()
    assert_fits_width(phone)

    person = Person.objects.get(full_name="Mabel Meadowsweet")
    assert person.status == Status.CLOSED
    assert person.conversations.count() == 1
    assert person.goals.get().steps.filter(status="completed").count() == 1
    assert person.connections.count() == 1
    print(
        f"\nWalk-through: introduction {after_introduction[0]} taps, {after_introduction[1]} "
        f"fields; whole journey {walk.taps} taps, {walk.fields} fields"
    )
    assert after_introduction == (2, 4)
    assert (walk.taps, walk.fields) == (11, 15)
