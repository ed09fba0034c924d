"""One threshold, every route: with LAC_SUPPRESSION_THRESHOLD at 10, a count of 7 is hidden
from roles that see aggregates only, on pages, in files and in the API."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date

import openpyxl
import pytest
import yaml
from django.utils import timezone

from lac.audit.actor import Actor
from lac.casework.models import FollowUpState
from lac.evaluation.services import run_create
from lac.lib.periods import financial_year_of
from lac.reports import dashboard
from lac.reports.pdf import sroi_html
from lac.safety.services import concern_record
from tests.api.data import bearer, token
from tests.evaluation.factories import small_document, stored_map
from tests.people.factories import PersonFactory
from tests.reports.factories import people_with_records
from tests.reports.test_dashboard import csv_rows, row_of

FY = "?year=2025"
CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


@pytest.fixture
def seven(world, settings):
    """Seven people with the same records, and a run that counts them, under a threshold of 10."""
    settings.LAC_SUPPRESSION_THRESHOLD = 10
    people = people_with_records(world.north, 7)
    impact_map = stored_map(
        world.programme,
        document=small_document(),
        bindings={"joined": {"kind": "event_people", "parameter": "joined-group"}},
    )
    run = run_create(
        version=impact_map.versions.get(),
        start=date(2025, 4, 1),
        end=date(2026, 3, 31),
        draws=200,
        seed=3,
        actor=Actor(),
    )
    assert run.resolved["joined"]["quantity"] == 7
    return people, run


def test_the_dashboard_page_and_its_download(client_for, seven):
    client = client_for("eve")
    page = client.get(f"/reports/dashboard/{FY}").content.decode()
    [joined] = [row for row in page.split("</tr>") if "Joined a community group" in row]
    assert "&lt;10" in joined and ">7<" not in joined
    download = client.get(f"/reports/dashboard/outcome_events.csv{FY}").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(download)))
    assert ["Joined a community group", "<10", "<10"] in [row[:3] for row in rows]


def test_the_outcomes_summary(client_for, world, seven):
    period = {
        "programme": world.programme.pk,
        "start": "2025-04-01",
        "end": "2026-03-31",
        "price_year": "2024-25",
    }
    html = client_for("eve").get("/outcomes/summary/", period).content.decode()
    assert CELL.format("&lt;10") in html
    assert CELL.format("7") not in html
    assert "Fewer than 10 people were scored again" in html


def test_the_network_comparison(client_for, seven):
    page = client_for("nina").get(f"/reports/network/{FY}").content.decode()
    assert "&lt;10" in page and ">7<" not in page


def test_an_assets_people_welcomed(client_for, seven):
    people, _ = seven
    asset = people[0].connections.get().asset
    page = client_for("eve").get(f"/community/assets/{asset.pk}/").content.decode()
    assert "&lt;10" in page and ">7<" not in page


def test_the_sroi_page_and_pdf(client_for, seven):
    _, run = seven
    page = client_for("eve").get(f"/reports/sroi/{run.pk}/").content.decode()
    assert "&lt;10" in page
    assert "&lt;10" in sroi_html(run, suppress=True)


def test_the_map_as_calculated(client_for, seven):
    _, run = seven
    url = f"/reports/sroi/{run.pk}/as-calculated.yaml"
    shown = yaml.safe_load(client_for("eve").get(url).content)
    assert {o["id"]: o["quantity"] for o in shown["outcomes"]}["joined"] == "<10"


def test_the_api_run(client, world, seven):
    _, run = seven
    body = client.get(f"/api/runs/{run.pk}", **bearer(token(world.eve))).json()
    assert body["resolved"]["joined"]["quantity"] == "<10"


def test_a_lead_who_may_see_the_people_gets_the_exact_count(client, client_for, world, seven):
    _, run = seven
    body = client.get(f"/api/runs/{run.pk}", **bearer(token(world.lena))).json()
    assert body["resolved"]["joined"]["quantity"] == 7
    url = f"/reports/sroi/{run.pk}/as-calculated.yaml"
    shown = yaml.safe_load(client_for("lena").get(url).content)
    assert {o["id"]: o["quantity"] for o in shown["outcomes"]}["joined"] == 7


ABOUT_GROUPS = "New groups, volunteers and funding"
"""The one dashboard table about community groups, not people: its small numbers are shown."""


def _people_tables(page: str) -> list[str]:
    tables = re.findall(r"<table.*?</table>", page, re.S)
    return [table for table in tables if ABOUT_GROUPS not in table]


def _people_cells(workbook_bytes: bytes) -> list[object]:
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes), read_only=True)
    sheets = [[v for row in sheet.iter_rows(values_only=True) for v in row] for sheet in book]
    return [value for cells in sheets if ABOUT_GROUPS not in cells for value in cells]


def test_no_table_of_the_dashboard_page_or_its_workbook_shows_the_seven(client_for, seven):
    """Every table about people at once (monthly introductions, ages, challenges, contacts,
    outcomes, who the programme reaches by each equality answer…): the seven people are in
    many of them, and no count of them is shown as it is."""
    client = client_for("eve")
    tables = _people_tables(client.get(f"/reports/dashboard/{FY}").content.decode())
    hidden = [table for table in tables if CELL.format("&lt;10") in table]
    assert len(hidden) > 10
    assert not [table for table in tables if CELL.format("7") in table]
    cells = _people_cells(client.get(f"/reports/dashboard/workbook.xlsx{FY}").content)
    assert "<10" in cells
    assert 7 not in cells and "7" not in cells


def test_the_safety_figures(client_for, world, settings):
    """Seven safeguarding concerns this year: the coordinator's row says "<10"."""
    settings.LAC_SUPPRESSION_THRESHOLD = 10
    actor = Actor.working_as(world.alice, job="test")
    for i in range(7):
        person = PersonFactory(neighbourhood=world.north, coordinator=world.alice)
        concern_record(
            person=person,
            category="neglect",
            what_happened=f"Seen on visit {i}",
            happened_on=timezone.localdate(),
            actor=actor,
        )
    year = f"?year={financial_year_of(timezone.localdate())}"
    alice = world.alice.get_full_name() or "alice"
    rows = csv_rows(client_for("bob").get(f"/reports/dashboard/keeping_safe.csv{year}"))
    assert row_of(rows, alice)[1:3] == ["7", "7"]
    rows = csv_rows(client_for("eve").get(f"/reports/dashboard/keeping_safe.csv{year}"))
    assert row_of(rows, alice)[1:3] == ["<10", "<10"]
    page = client_for("eve").get(f"/reports/dashboard/{year}").content.decode()
    [safety] = [row for row in page.split("</tr>") if f">{alice}<" in row and "&lt;10" in row]
    assert CELL.format("7") not in safety


def test_the_follow_ups_after_closure(client_for, world, settings, monkeypatch):
    """Seven follow-ups answered: the table on the page and its download say "<10"."""
    settings.LAC_SUPPRESSION_THRESHOLD = 10
    counts = Counter({str(FollowUpState.ANSWERED): 7})
    monkeypatch.setattr(dashboard, "follow_up_counts", lambda *args, **kwargs: counts)
    rows = csv_rows(client_for("eve").get(f"/reports/dashboard/follow_ups.csv{FY}"))
    assert row_of(rows, "Answered")[1] == "<10"
    page = client_for("eve").get(f"/reports/dashboard/{FY}").content.decode()
    [answered] = [row for row in page.split("</tr>") if ">Answered<" in row]
    assert CELL.format("&lt;10") in answered
