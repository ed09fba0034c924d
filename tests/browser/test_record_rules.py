"""The record rules on a 320 px phone and a desktop: a postcode, a phone number and a date
of birth that cannot be right are each named in the error summary and beside the field."""

from __future__ import annotations

import pytest

from lac.lib.rules import contact
from lac.people.ages import BORN_AFTER_INTRODUCTION
from lac.people.models import Person
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD
from tests.people.factories import PersonFactory


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_person_page_names_each_field_that_cannot_be_right(
    request, device, live_server, transactional_world
):
    page = request.getfixturevalue(device)
    person = PersonFactory(neighbourhood=transactional_world.north, postcode="DE1 1AA")
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/people/{person.pk}/edit/")
    page.get_by_label("Postcode").fill("NOT A POSTCODE!!")
    page.get_by_label("Phone").fill("call me maybe")
    born = page.get_by_role("group", name="Date of birth (if they want to share it)")
    born.get_by_label("Day").fill("1")
    born.get_by_label("Month").fill("1")
    born.get_by_label("Year").fill("1800")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    for message in (contact.POSTCODE_INVALID, contact.PHONE_INVALID, "Date of birth must be on"):
        assert message in summary.inner_text()
    assert page.locator(".govuk-error-message").count() >= 3
    if device == "phone":
        assert_fits_width(page)
    page.screenshot(path=f"/tmp/lac-record-rules-{device}.png", full_page=True)
    person.refresh_from_db()
    assert person.postcode == "DE1 1AA"


def test_a_new_introduction_born_after_it_is_refused_on_a_phone(
    phone, live_server, transactional_world
):
    from lac.casework.services import default_lists_ensure

    default_lists_ensure()
    sign_in(phone, live_server, "alice", PASSWORD)
    phone.goto(f"{live_server.url}/casework/introductions/new/")
    phone.get_by_label("Full name").fill("Mabel Later")
    born = phone.get_by_role("group", name="Date of birth (optional)")
    born.get_by_label("Day").fill("1")
    born.get_by_label("Month").fill("1")
    born.get_by_label("Year").fill("2000")
    phone.get_by_label("Date of introduction").fill("1999-12-31")
    phone.get_by_label("Who introduced them?").select_option(label="Council department")
    phone.get_by_role("button", name="Save introduction").click()
    phone.wait_for_load_state()
    assert str(BORN_AFTER_INTRODUCTION) in phone.locator(".govuk-error-summary").inner_text()
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-record-rules-introduction-320.png", full_page=True)
    assert not Person.objects.filter(full_name="Mabel Later").exists()
