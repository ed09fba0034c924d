import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.permission_matrix import Page, case_id, cases, check
from tests.reports.factories import people_with_records

FY = "?year=2025"
AGGREGATE_VIEWERS = frozenset({"bob", "lena", "eve", "nina", "root"})

PAGES = [
    Page("dashboard", lambda w: f"/reports/dashboard/{FY}", AGGREGATE_VIEWERS),
    Page("dashboard export", lambda w: f"/reports/dashboard/people.csv{FY}", AGGREGATE_VIEWERS),
    Page(
        "reach by ethnic group",
        lambda w: f"/reports/dashboard/reach_ethnic_group.csv{FY}",
        AGGREGATE_VIEWERS,
    ),
    Page(
        "dashboard workbook", lambda w: f"/reports/dashboard/workbook.xlsx{FY}", AGGREGATE_VIEWERS
    ),
]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def row_of(rows, first):
    return next(row for row in rows if row and row[0] == first)


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, page, user):
    check(client, world, page, user)


def test_a_manager_sees_the_programmes_figures_for_the_financial_year(client_for, world):
    people_with_records(world.north, 3)
    page = client_for("bob").get(f"/reports/dashboard/{FY}").content.decode()
    assert "Programme A, 1 April 2025 to 31 March 2026" in page
    assert "June 2025" in page
    assert "Joined a community group" in page
    assert "&lt;5" not in page  # a manager may see personal data, so nothing is suppressed


def test_an_evaluator_sees_small_numbers_as_fewer_than_five(client_for, world):
    people_with_records(world.north, 3)
    page = client_for("eve").get(f"/reports/dashboard/{FY}").content.decode()
    assert "&lt;5" in page
    assert "Counts too small to show safely are shown as “&lt;5”" in page


def test_an_evaluators_export_is_suppressed_too_and_the_managers_is_not(client_for, world):
    people_with_records(world.north, 3)
    rows = csv_rows(client_for("eve").get(f"/reports/dashboard/outcome_events.csv{FY}"))
    assert row_of(rows, "Joined a community group")[:3] == ["Joined a community group", "<5", "<5"]
    rows = csv_rows(client_for("bob").get(f"/reports/dashboard/outcome_events.csv{FY}"))
    assert row_of(rows, "Joined a community group")[:3] == ["Joined a community group", "3", "3"]


def test_a_suppressed_count_cannot_be_worked_out_from_the_totals_on_the_page(client_for, world):
    people_with_records(world.north, 3, source="council")
    people_with_records(world.north, 12, source="primary-health", start=100)
    response = client_for("eve").get(f"/reports/dashboard/introductions.csv{FY}")
    rows = csv_rows(response)
    june, total = row_of(rows, "June 2025"), row_of(rows, "Total")
    # Council 3 is hidden; health 12 must be hidden too or the June total (15) gives it away.
    assert june[1] == "<5"
    assert "[c]" in june[1:] or june[-1] == "[c]"
    assert total[1] == "<5"


def test_an_xlsx_download_holds_the_table(client_for, world):
    from openpyxl import load_workbook

    people_with_records(world.north, 6)
    response = client_for("bob").get(f"/reports/dashboard/contacts.xlsx{FY}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values.index(["How", "Conversations", "People", "Hours"])
    assert values[header + 1][:4] == ["Phone", 6, 6, 3]


def test_a_neighbourhood_can_be_chosen(client_for, world):
    people_with_records(world.north, 6)
    people_with_records(world.south, 7, start=50)
    response = client_for("bob").get(
        f"/reports/dashboard/people.csv{FY}&neighbourhoods={world.south.pk}"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[-1][-1] == "7"


def test_a_neighbourhood_of_another_programme_is_refused(client_for, world):
    response = client_for("bob").get(f"/reports/dashboard/{FY}&neighbourhoods={world.elsewhere.pk}")
    assert "Select one of the options for neighbourhoods" in response.content.decode()


def test_a_period_ending_before_it_starts_is_refused(client_for, world):
    response = client_for("bob").get("/reports/dashboard/?start=2025-05-01&end=2025-04-01")
    assert "The end of the period must be on or after its start" in response.content.decode()


QUERY_COUNTS = {}


@pytest.mark.parametrize("size", [3, 30])
def test_the_dashboard_takes_the_same_number_of_queries_at_any_size(client_for, world, size):
    people_with_records(world.north, size)
    client = client_for("bob")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/reports/dashboard/{FY}")
    assert response.status_code == 200
    QUERY_COUNTS[size] = len(queries)
    if len(QUERY_COUNTS) == 2:
        assert QUERY_COUNTS[3] == QUERY_COUNTS[30], QUERY_COUNTS


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_label_typed_as_a_formula_is_downloaded_as_text(client_for, world, file_format):
    from openpyxl import load_workbook

    from lac.casework.models import Challenge

    Challenge.objects.filter(code="isolation", programme=None).update(label="=cmd|' /C calc'!A0")
    people_with_records(world.north, 6)
    response = client_for("bob").get(f"/reports/dashboard/challenges.{file_format}{FY}")
    if file_format == "csv":
        text = response.content.decode("utf-8-sig")
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [c.value for row in sheet.iter_rows() for c in row]
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)


def test_every_download_names_its_filters_in_its_file_name_and_first_rows(client_for, world):
    """A table of two neighbourhoods never reads as the whole programme (#18 item 9)."""
    people_with_records(world.north, 6)
    client = client_for("bob")
    chosen = f"{FY}&neighbourhoods={world.north.pk}&prices=2019-20"
    response = client.get(f"/reports/dashboard/people.csv{chosen}")
    name = "programme-a-people-2025-04-01-to-2026-03-31-north-2019-20-prices.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    rows = csv_rows(response)
    assert rows[0] == ["People supported in the period, by level and status now"]
    assert rows[1] == ["Programme", "Programme A"]
    assert rows[2] == ["Period", "1 April 2025 to 31 March 2026"]
    assert rows[3] == ["Neighbourhoods", "North (1 of 2)"]
    assert rows[4][0] == "Money at" and rows[4][1].startswith("2019-20 prices (HM Treasury")
    whole = client.get(f"/reports/dashboard/people.xlsx{FY}")
    assert "-all-neighbourhoods-2024-25-prices.xlsx" in whole["Content-Disposition"]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(whole.content)).active
    assert [sheet["A4"].value, sheet["B4"].value] == ["Neighbourhoods", "All (the whole programme)"]


def test_the_workbook_holds_every_dashboard_table_as_it_is_shown(client_for, world):
    from openpyxl import load_workbook

    from lac.reports.dashboard import TABLES

    people_with_records(world.north, 3)
    response = client_for("eve").get(
        f"/reports/dashboard/workbook.xlsx{FY}&neighbourhoods={world.north.pk}"
    )
    name = "programme-a-dashboard-2025-04-01-to-2026-03-31-north-2024-25-prices.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    book = load_workbook(io.BytesIO(response.content))
    assert sorted(book.sheetnames) == sorted(TABLES)
    events = [[c.value for c in row] for row in book["outcome_events"].iter_rows()]
    assert events[0] == ["What changed: outcome events recorded", None, None]
    assert events[3][:2] == ["Neighbourhoods", "North (1 of 2)"]
    assert ["Joined a community group", "<5", "<5"] in [row[:3] for row in events]


def test_the_year_picker_names_the_period_the_figures_cover(client_for, world):
    from django.utils import timezone

    from lac.lib.periods import default_period

    client = client_for("bob")
    start, end = default_period(timezone.localdate())
    page = client.get("/reports/dashboard/").content.decode()
    assert f'<option value="{start.year}" selected>April {start.year} to March {end.year}' in page
    assert f"{start:%-d %B %Y} to {end:%-d %B %Y}" in page
    assert "Choose a year" not in page
    assert '<option value="2024-25" selected>2024-25</option>' in page  # the prices in use
    dated = client.get(f"/reports/dashboard/?year={start.year}&start=2025-05-01&end=2025-06-30")
    assert '<option value="" selected>The dates below</option>' in dated.content.decode()


def test_the_outcomes_summary_opens_on_the_dashboards_period(client_for, world):
    from django.utils import timezone

    from lac.lib.periods import default_period

    start, end = default_period(timezone.localdate())
    client = client_for("bob")
    summary = client.get("/outcomes/summary/").content.decode()
    assert f'value="{start:%Y-%m-%d}"' in summary and f'value="{end:%Y-%m-%d}"' in summary
    dashboard = client.get("/reports/dashboard/").content.decode()
    assert f"{start:%-d %B %Y} to {end:%-d %B %Y}" in dashboard
