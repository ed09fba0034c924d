"""The dashboard on a 320 px phone: the pickers name what is shown, and the one
workbook of every table says which neighbourhoods, period and prices it covers."""

from __future__ import annotations

from openpyxl import load_workbook
from playwright.sync_api import expect

from lac.casework.services import default_lists_ensure
from lac.outcomes.services import defaults_ensure
from lac.reports.dashboard import TABLES
from tests.browser.conftest import assert_fits_width
from tests.browser.test_privacy_and_api_docs import sign_in_as_bob
from tests.reports.factories import people_with_records


def test_a_manager_downloads_the_whole_dashboard_for_one_neighbourhood_on_a_phone(
    phone, live_server, transactional_world
):
    world = transactional_world
    # A test on real transactions starts without the lists the migrations put in.
    default_lists_ensure()
    defaults_ensure()
    people_with_records(world.north, 6)
    sign_in_as_bob(phone, live_server, world)

    phone.goto(
        f"{live_server.url}/reports/dashboard/"
        f"?year=2025&neighbourhoods={world.north.pk}&prices=2019-20"
    )
    expect(phone.get_by_text("Programme A, 1 April 2025 to 31 March 2026: North.")).to_be_visible()
    assert phone.get_by_label("Financial year").input_value() == "2025"
    assert phone.get_by_label("State money at the prices of").input_value() == "2019-20"
    assert_fits_width(phone)
    phone.screenshot(path="/tmp/lac-dashboard-320.png", full_page=True)

    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download every table as one spreadsheet (XLSX)").click()
    assert download.value.suggested_filename == (
        "programme-a-dashboard-2025-04-01-to-2026-03-31-north-2019-20-prices.xlsx"
    )
    with open(download.value.path(), "rb") as saved:  # a download's path has no extension
        book = load_workbook(saved)
    assert sorted(book.sheetnames) == sorted(TABLES)
    people = book["people"]
    assert [people["A4"].value, people["B4"].value] == ["Neighbourhoods", "North (1 of 2)"]
