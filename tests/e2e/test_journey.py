"""The whole journey in a real browser, on a desktop and on a 375 px phone.

A coordinator signs in, records an introduction, a conversation, a first
scoring of progress and a connection; the team manager (signing in with a
security code) sees the programme dashboard count them; the programme lead
runs the social value map, whose "people connected" outcome is counted from
the records, and downloads the SROI report as a PDF.
"""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lac.casework.services import default_lists_ensure
from lac.evaluation.models import Run
from lac.outcomes.models import Assessment, FrameworkVersion
from lac.people.models import Person
from lac.reports.forms import financial_year_of
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD
from tests.evaluation.factories import stored_map

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


def seeded_defaults_ensure() -> None:
    """An earlier test's flush may have removed what the data migrations seed."""
    default_lists_ensure()
    if not FrameworkVersion.objects.exists():
        migration = importlib.import_module("lac.outcomes.migrations.0002_defaults")
        migration.create_defaults(apps, None)


@pytest.fixture(params=list(VIEWPORTS))
def new_page(request, browser):
    """A fresh browser (own cookies) for each person in the story, all at one viewport."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport=VIEWPORTS[request.param], device_scale_factor=1)
        contexts.append(context)
        return context.new_page()

    open_page.viewport = request.param
    yield open_page
    for context in contexts:
        context.close()


def sign_in_with_code(page, live_server, user) -> None:
    """Password, then the security code from the user's authenticator."""
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    sign_in(page, live_server, user.username, PASSWORD)
    assert "/accounts/two-factor/verify/" in page.url
    page.get_by_label("Security code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/"


def click(page, locator) -> None:
    locator.click()
    page.wait_for_load_state()


def dashboard_introductions(page, live_server) -> int:
    """The total of the dashboard's first table: introductions this financial year."""
    page.goto(f"{live_server.url}/reports/dashboard/")
    assert page.get_by_role("heading", name="Programme dashboard").is_visible()
    table = page.locator("section[aria-labelledby^=table-]").first
    assert "Introductions" in table.get_by_role("heading").inner_text()
    total = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Total"))
    if not total.count():
        return 0
    # The largest figure in the total row is the total of every column.
    return max(int(cell) for cell in total.get_by_role("cell").all_inner_texts() if cell.strip())


def test_from_introduction_to_the_sroi_pdf(
    new_page, live_server, transactional_world, tmp_path, settings
):
    # The PDF is prepared as a job; here the job runs at once, in the server's thread.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    seeded_defaults_ensure()
    world = transactional_world
    impact_map = stored_map(
        world.programme,
        bindings={
            "joined": {
                "kind": "people_connected",
                "parameter": "",
                "reason": "Being connected is the first step to the change this outcome values",
            }
        },
    )
    manager = new_page()
    sign_in_with_code(manager, live_server, world.bob)
    before = dashboard_introductions(manager, live_server)

    # The coordinator's part, on their own device.
    page = new_page()
    sign_in(page, live_server, "alice", PASSWORD)
    assert page.get_by_role("heading", name="Caseload").is_visible()
    click(page, page.get_by_role("link", name="New introduction"))
    page.get_by_label("Full name").fill("Ottoline Quince")
    page.get_by_label("Who introduced them?").select_option(label="Council department")
    page.get_by_label("Feeling isolated or lonely").check()
    assert_fits_width(page)
    click(page, page.get_by_role("button", name="Save introduction"))
    assert page.get_by_text("Introduction of Ottoline Quince recorded").is_visible()
    person_url = page.url

    click(page, page.get_by_role("link", name="Log a conversation"))
    page.get_by_label("Home visit").check()
    page.get_by_label("Note (optional)").fill("Talked about the allotment society.")
    click(page, page.get_by_role("button", name="Save conversation"))
    assert page.get_by_text("Talked about the allotment society.").is_visible()

    click(page, page.get_by_role("link", name="Score progress").first)
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_label("First", exact=True).check()
    page.locator("input[type=radio][name^=domain_][value='2']").first.check()
    assert_fits_width(page)
    click(page, page.get_by_role("button", name="Save scores"))
    assert page.locator(".govuk-notification-banner").is_visible()

    page.goto(person_url)
    click(page, page.get_by_role("link", name="Record a connection"))
    page.get_by_label("To a person (a neighbour, friend or family)").check()
    page.get_by_label("Who they are to the person").select_option(label="Neighbour")
    page.get_by_label("Who, in a few words").fill("Hal at the corner shop")
    click(page, page.get_by_role("button", name="Save", exact=True))
    assert page.get_by_text("Connection recorded").is_visible()
    assert_fits_width(page)

    person = Person.objects.get(full_name="Ottoline Quince")
    assert person.conversations.count() == 1
    assert Assessment.objects.filter(person=person).count() == 1
    assert person.connections.count() == 1

    # The manager's dashboard now counts the introduction.
    assert dashboard_introductions(manager, live_server) == before + 1
    assert_fits_width(manager)
    manager.screenshot(path=f"/tmp/lac-e2e-dashboard-{new_page.viewport}.png", full_page=True)

    # The lead runs the map over this financial year and downloads the report.
    lead = new_page()
    sign_in_with_code(lead, live_server, world.lena)
    lead.goto(f"{live_server.url}/evaluation/{impact_map.pk}/")
    click(lead, lead.get_by_role("link", name="Run the value engine"))
    year = financial_year_of(timezone.localdate())
    start = timezone.localdate().replace(year=year, month=4, day=1)
    lead.get_by_label("Period start").fill(start.isoformat())
    lead.get_by_label("Period end").fill((start + timedelta(days=364)).isoformat())
    lead.get_by_label("Monte Carlo draws").fill("200")
    click(lead, lead.get_by_role("button", name="Run and freeze the figures"))
    assert lead.get_by_text("Run saved").is_visible()
    run = Run.objects.get(version__impact_map=impact_map)
    assert run.resolved["joined"]["quantity"] == 1  # Ottoline, connected this year
    assert_fits_width(lead)
    click(lead, lead.get_by_role("button", name="Prepare the PDF"))
    with lead.expect_download() as download_info:
        lead.get_by_role("link", name="Download").click()
    pdf = tmp_path / "report.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert download_info.value.suggested_filename.endswith(".pdf")
