"""Work is never lost: the timeout warning, and a note typed before an
inactivity sign-out comes back after signing in again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lac.accounts.models import FormDraft
from lac.casework.models import Conversation
from lac.people.models import Person
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD

NOTE = "Talked about the allotment; Ŵyn will bring the seeds on Tuesday"


@pytest.fixture
def short_sessions(settings):
    """Signed out after 6 seconds without activity, warned 4 seconds before."""
    settings.SESSION_INACTIVITY_SECONDS = 6
    settings.SESSION_WARNING_SECONDS = 4


@pytest.fixture
def person(transactional_world):
    return Person.objects.create(
        full_name="Mabel Meadowsweet", neighbourhood=transactional_world.north
    )


def open_conversation_form(page, live_server, person) -> None:
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/casework/people/{person.pk}/conversations/new/")
    page.get_by_label("Note (optional)").fill(NOTE)


def sign_in_again(page) -> None:
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_the_warning_comes_and_the_note_survives_the_sign_out(
    phone, live_server, short_sessions, person
):
    open_conversation_form(phone, live_server, person)

    dialog = phone.get_by_role("dialog", name="You’re about to be signed out")
    dialog.wait_for(state="visible", timeout=5000)
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_visible()
    assert "we will sign you out in" in dialog.inner_text()
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-timeout-warning-320.png")

    phone.wait_for_url("**/accounts/sign-in/**", timeout=10000)
    expect(phone.get_by_text("You were signed out because you had been inactive")).to_be_visible()
    sign_in_again(phone)

    expect(phone.get_by_role("heading", name="Log a conversation")).to_be_visible()
    expect(phone.get_by_text("We kept what you typed here")).to_be_visible()
    assert phone.get_by_label("Note (optional)").input_value() == NOTE
    phone.get_by_label("Phone").check()
    phone.get_by_role("button", name="Save conversation").click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("Conversation with Mabel Meadowsweet logged")).to_be_visible()
    assert Conversation.objects.get(person=person).note == NOTE
    assert not FormDraft.objects.exists()


def test_staying_signed_in_keeps_the_session(desktop, live_server, short_sessions, person):
    open_conversation_form(desktop, live_server, person)
    dialog = desktop.get_by_role("dialog", name="You’re about to be signed out")
    dialog.wait_for(state="visible", timeout=5000)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    desktop.wait_for_timeout(3500)  # past the first deadline
    assert "/conversations/new/" in desktop.url
    assert desktop.get_by_label("Note (optional)").input_value() == NOTE


def test_a_form_posted_after_the_sign_out_is_kept_without_javascript(
    browser, live_server, settings, person
):
    settings.SESSION_INACTIVITY_SECONDS = 2
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        open_conversation_form(page, live_server, person)
        page.wait_for_timeout(3000)
        page.get_by_role("button", name="Save conversation").click()
        page.wait_for_load_state()
        expect(page.get_by_text("What you typed has been kept")).to_be_visible()
        assert not Conversation.objects.exists()
        sign_in_again(page)
        assert page.get_by_label("Note (optional)").input_value() == NOTE
    finally:
        context.close()


@pytest.fixture
def two_minute_warning(settings):
    """Warned 4 seconds in, with 2 minutes left before the sign-out."""
    settings.SESSION_INACTIVITY_SECONDS = 124
    settings.SESSION_WARNING_SECONDS = 120


def test_the_warning_counts_down_in_welsh(phone, live_server, two_minute_warning, person):
    """Welsh counts in six forms: two minutes is "2 funud", not "2 munud" or "2 minutes"."""
    sign_in(phone, live_server, "alice", PASSWORD)
    phone.get_by_role("button", name="Cymraeg").click()
    phone.wait_for_load_state()
    dialog = phone.get_by_role("dialog", name="Rydych chi ar fin cael eich allgofnodi")
    dialog.wait_for(state="visible", timeout=8000)
    expect(dialog.locator("[data-lac-countdown]")).to_have_text("2 funud")
    expect(dialog.locator("[data-lac-announce]")).to_have_text(
        "Byddwn yn eich allgofnodi ymhen 2 funud"
    )
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-timeout-warning-cy-320.png")
