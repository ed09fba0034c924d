"""Lone working on a 320 px phone: a visit started from the person page, on every page
until ended in one tap; when it runs late, the check emails the manager (no personal
data) and the manager sees it overdue."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from lac.safety.models import Visit
from tests.a11y.test_axe import sign_in_as
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD
from tests.people.factories import PersonFactory


def test_a_visit_runs_late_the_manager_sees_it_and_one_tap_ends_it(
    phone, desktop, live_server, transactional_world
):
    world = transactional_world
    world.bob.email = "bob@council.example"
    world.bob.save()
    person = PersonFactory(full_name="Ivy Ash", neighbourhood=world.north)
    sign_in(phone, live_server, "alice", PASSWORD)
    phone.goto(f"{live_server.url}/people/{person.pk}/")
    phone.get_by_role("link", name="Start a visit").click()
    phone.get_by_label("30 minutes", exact=True).check()
    phone.get_by_role("button", name="Start visit").click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("heading", name="Your visit")).to_be_visible()
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-visit-320.png", full_page=True)

    Visit.objects.update(expected_back=timezone.now() - timedelta(minutes=2))
    out = StringIO()
    call_command("visits", "check", stdout=out)
    assert out.getvalue() == "1 overdue visits alerted.\n"
    [email] = mail.outbox
    assert email.to == ["bob@council.example"] and "/safety/visits/" in email.body
    assert "Ivy" not in email.body and "Home visit" not in email.body
    sign_in_as(desktop, live_server, world.bob, code=True)
    for page in ("/", "/casework/team/"):
        desktop.goto(f"{live_server.url}{page}")
        alert = desktop.get_by_role("alert").filter(has_text="Lone working")
        expect(alert).to_contain_text("1 visit overdue: not back when expected.")
    desktop.screenshot(path="/tmp/lac-team-overdue.png", full_page=True)
    desktop.goto(f"{live_server.url}/")
    expect(desktop.get_by_text("Lone-working visits overdue")).to_be_visible()
    desktop.goto(f"{live_server.url}/safety/visits/")
    assert "1 overdue: not back when expected" in desktop.content()
    assert "Home visit (Ivy Ash)" in desktop.locator("table").inner_text()

    phone.goto(f"{live_server.url}/")
    banner = phone.get_by_role("region", name="Your visit under way")
    expect(banner).to_be_visible()
    phone.screenshot(path="/tmp/lac-visit-banner-320.png", full_page=True)
    banner.get_by_role("button", name="End visit: I'm safe").click()
    phone.wait_for_load_state()
    assert "Visit ended: welcome back" in phone.content()
    assert phone.get_by_role("region", name="Your visit under way").count() == 0

    desktop.reload()
    assert "overdue" not in desktop.content()
    desktop.goto(f"{live_server.url}/casework/team/")
    assert desktop.get_by_role("alert").filter(has_text="Lone working").count() == 0
    desktop.goto(f"{live_server.url}/safety/visits/")
    assert "Home visit" in desktop.locator("ul.govuk-list").inner_text()
