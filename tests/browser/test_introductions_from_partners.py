"""Each route of an introduction from outside the team, in a real browser: a resident on a
320 px phone, an introducer's account, the coordinator welcoming it, news back once the
person agrees, and no news while they have not."""

from __future__ import annotations

import time
from datetime import timedelta

from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from lac.people.models import ConsentTopic
from lac.welcome.models import Decision, IncomingIntroduction
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD
from tests.people.factories import ConsentFactory


def _routed(world):
    world.north.postcodes = "DE23 6"
    world.north.save()
    return world


def _sign_in_with_code(page, live_server, user) -> None:
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    sign_in(page, live_server, user.username, PASSWORD)
    page.get_by_label("Security code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def test_a_resident_introduces_themselves_on_a_phone(phone, live_server, transactional_world):
    world = _routed(transactional_world)
    phone.goto(f"{live_server.url}/welcome/introduce/a/")
    expect(
        phone.get_by_role("heading", name="Introduce yourself or someone you know")
    ).to_be_visible()
    assert_fits_width(phone)
    phone.get_by_label("Myself").check()
    phone.get_by_label("Full name of the person being introduced").fill("Sam Finch")
    phone.get_by_label("Phone number (optional)").fill("07700 900123")
    phone.get_by_label("Postcode (optional)").fill("de23 6ab")
    phone.get_by_label("What do they hope for? (optional)").fill("Meeting people nearby")
    phone.screenshot(path="/tmp/lac-introduce-yourself-320.png", full_page=True)
    time.sleep(3)  # a person takes longer than a robot to fill the form
    phone.get_by_role("button", name="Send the introduction").click()
    expect(phone.get_by_role("heading", name="Introduction sent")).to_be_visible()
    assert_fits_width(phone)
    incoming = IncomingIntroduction.objects.get()
    assert (incoming.full_name, incoming.neighbourhood) == ("Sam Finch", world.north)


def test_an_introducer_introduces_and_the_coordinator_welcomes(
    desktop, live_server, transactional_world
):
    world = _routed(transactional_world)
    _sign_in_with_code(desktop, live_server, world.ivy)
    expect(desktop.get_by_role("heading", name="Your introductions")).to_be_visible()
    desktop.get_by_role("link", name="Introduce someone to Programme A").click()
    desktop.get_by_label("Full name").fill("Dot Wren")
    desktop.get_by_label("Phone number (optional)").fill("07700 900124")
    desktop.get_by_label("Postcode (optional)").fill("DE23 6AB")
    desktop.get_by_label("They agree to a Local Area Coordinator getting in touch").check()
    desktop.get_by_role("button", name="Send the introduction").click()
    expect(desktop.get_by_text("Waiting to be welcomed")).to_be_visible()

    # The coordinator, in a browser of her own; the introducer stays signed in.
    introducer = desktop
    coordinator_context = introducer.context.browser.new_context(
        viewport={"width": 1280, "height": 900}
    )
    desktop = coordinator_context.new_page()
    sign_in(desktop, live_server, "alice", PASSWORD)
    expect(desktop.get_by_role("heading", name="New introductions to welcome")).to_be_visible()
    desktop.get_by_role("link", name="Dot Wren").click()
    desktop.get_by_label("No, someone new").check()
    desktop.screenshot(path="/tmp/lac-welcome-introduction.png", full_page=True)
    desktop.get_by_role("button", name="Welcome them").click()
    expect(desktop.get_by_text("Dot Wren welcomed")).to_be_visible()
    incoming = IncomingIntroduction.objects.get()
    assert incoming.decision == Decision.WELCOMED and incoming.person is not None

    # No news while the person has not agreed to it.
    expect(desktop.get_by_text("has not agreed to news going back")).to_be_visible()
    assert not incoming.news.exists()

    ConsentFactory(
        person=incoming.person,
        topic=ConsentTopic.INTRODUCER_NEWS,
        given_on=timezone.localdate() - timedelta(days=1),
    )
    desktop.reload()
    desktop.get_by_label("What matters to them").fill("Her garden")
    desktop.get_by_label("What was agreed").fill("Try the allotment group")
    desktop.get_by_role("button", name="Approve and send the summary").click()
    expect(desktop.get_by_text("News sent to the introducer")).to_be_visible()

    coordinator_context.close()
    introducer.goto(f"{live_server.url}/welcome/partners/{incoming.pk}/")
    expect(introducer.get_by_text("Her garden")).to_be_visible()
    expect(introducer.get_by_role("link", name="Download as FHIR JSON")).to_be_visible()
    introducer.screenshot(path="/tmp/lac-news-back-introducer.png", full_page=True)
