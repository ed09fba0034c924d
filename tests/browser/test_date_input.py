"""The GOV.UK date input on a 320 px phone: 1948 typed, not scrolled to."""

from __future__ import annotations

from datetime import date

from lac.casework.services import default_lists_ensure
from lac.people.models import Person
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD


def test_a_date_of_birth_is_typed_into_three_boxes(phone, live_server, transactional_world):
    default_lists_ensure()
    sign_in(phone, live_server, "alice", PASSWORD)
    phone.goto(f"{live_server.url}/casework/introductions/new/")
    phone.get_by_label("Full name").fill("Mabel Meadowsweet")
    born = phone.get_by_role("group", name="Date of birth (optional)")
    born.get_by_label("Day").fill("27")
    born.get_by_label("Month").fill("3")
    born.get_by_label("Year").fill("1948")
    phone.get_by_label("Who introduced them?").select_option(label="Council department")
    assert_fits_width(phone)
    born.screenshot(path="/tmp/lac-date-input-320.png")
    phone.get_by_role("button", name="Save introduction").click()
    phone.wait_for_load_state()
    assert Person.objects.get().date_of_birth == date(1948, 3, 27)


def test_the_error_summary_takes_you_to_the_day_box(phone, live_server, transactional_world):
    default_lists_ensure()
    sign_in(phone, live_server, "alice", PASSWORD)
    phone.goto(f"{live_server.url}/casework/introductions/new/")
    phone.get_by_label("Full name").fill("Mabel Meadowsweet")
    born = phone.get_by_role("group", name="Date of birth (optional)")
    born.get_by_label("Day").fill("31")
    born.get_by_label("Month").fill("2")
    born.get_by_label("Year").fill("1948")
    phone.get_by_label("Who introduced them?").select_option(label="Council department")
    phone.get_by_role("button", name="Save introduction").click()
    phone.wait_for_load_state()
    summary = phone.locator(".govuk-error-summary")
    summary.get_by_role("link", name="Enter a real date of birth").click()
    focused = phone.evaluate("document.activeElement.id")
    assert focused == "id_date_of_birth_day"
    assert (
        phone.get_by_role("group", name="Date of birth (optional)")
        .get_by_label("Day")
        .input_value()
        == "31"
    )
    assert not Person.objects.exists()
