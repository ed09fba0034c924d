"""A coordinator on a 320 px phone starts a household from a person's page, adds the
person's son, follows the link to his page, and takes him out again."""

from __future__ import annotations

from playwright.sync_api import expect

from lac.people.models import Household
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD
from tests.people.factories import PersonFactory


def test_a_household_from_start_to_a_member_leaving_on_a_phone(
    phone, live_server, transactional_world
):
    world = transactional_world
    ada = PersonFactory(full_name="Ada Okafor", neighbourhood=world.north)
    PersonFactory(full_name="Ben Okafor", neighbourhood=world.north)
    sign_in(phone, live_server, "alice", PASSWORD)
    phone.goto(f"{live_server.url}/people/{ada.pk}/")

    phone.get_by_role("link", name="Start a household").click()
    assert phone.get_by_label("Household name").input_value() == "The Okafor household"
    phone.get_by_label("Notes (optional)").fill("Ada cares for her son Ben")
    assert_fits_width(phone)
    phone.get_by_role("button", name="Start household").click()
    expect(phone.get_by_text("The Okafor household started with Ada Okafor")).to_be_visible()

    phone.get_by_role("link", name="Add someone").click()
    phone.get_by_label("Search by name").fill("ben")
    phone.get_by_role("button", name="Search").click()
    phone.get_by_label("Ben Okafor — North").check()
    assert_fits_width(phone)
    phone.get_by_role("button", name="Add to household").click()
    expect(phone.get_by_text("Ben Okafor added to The Okafor household")).to_be_visible()
    assert_fits_width(phone)

    phone.locator("#household").get_by_role("link", name="Ben Okafor", exact=True).click()
    expect(phone.get_by_role("heading", name="Household: The Okafor household")).to_be_visible()
    phone.get_by_role("link", name="Remove Ben Okafor from the household").click()
    phone.get_by_role("button", name="Remove from household").click()
    expect(phone.get_by_text("Ben Okafor removed from The Okafor household")).to_be_visible()
    expect(phone.get_by_text("Not recorded as part of a household or family")).to_be_visible()
    assert Household.objects.get().members.get() == ada
