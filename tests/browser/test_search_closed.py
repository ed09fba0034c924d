"""Someone comes back: a search on a phone finds them though closed, and
"Introduce again" opens their new introduction."""

from __future__ import annotations

from playwright.sync_api import expect

from lac.casework.services import default_lists_ensure
from lac.people.models import Status
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD
from tests.people.factories import PersonFactory


def test_a_closed_person_is_found_and_introduced_again(phone, live_server, transactional_world):
    default_lists_ensure()
    PersonFactory(
        full_name="Carys Closed", neighbourhood=transactional_world.north, status=Status.CLOSED
    )
    sign_in(phone, live_server, "alice", PASSWORD)
    phone.get_by_label("Search by name or postcode").fill("carys")
    phone.get_by_role("button", name="Search", exact=True).click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("link", name="Carys Closed", exact=True)).to_be_visible()
    expect(phone.get_by_role("heading", name="Paused or closed")).to_be_visible()
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-search-closed-320.png", full_page=True)
    phone.get_by_role("link", name="Introduce Carys Closed again").click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("heading", name="Record a new introduction")).to_be_visible()
