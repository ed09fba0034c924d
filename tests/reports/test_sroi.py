from datetime import date

import pytest

from lac.evaluation.models import Mode
from lac.evaluation.services import run_create
from lac.reports.pdf import sroi_html, sroi_pdf
from tests.evaluation.factories import derby_document, small_document, stored_map
from tests.permission_matrix import Page, case_id, cases, check


@pytest.fixture
def forecast_run(world):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST, document=derby_document())
    return run_create(version=impact_map.versions.get(), start=None, end=None, draws=1000, seed=1)


@pytest.fixture
def evaluative_run(world):
    impact_map = stored_map(
        world.programme,
        document=small_document(),
        bindings={"joined": {"kind": "event_people", "parameter": "joined-group"}},
    )
    return run_create(
        version=impact_map.versions.get(),
        start=date(2025, 4, 1),
        end=date(2026, 3, 31),
        draws=500,
        seed=2,
    )


def test_the_report_shows_the_ratio_stakeholders_and_sensitivity(client_for, forecast_run):
    page = client_for("lena").get(f"/reports/sroi/{forecast_run.pk}/").content.decode()
    assert f"{forecast_run.result['sroi_ratio']:.2f} : 1" in page
    assert "Level 2 individuals" in page
    assert "Sensitivity: one assumption at a time" in page
    assert "Break-even" in page
    assert "<svg" in page
    assert "What this ratio leaves out, and why" in page
    assert "Illustrative; in the style of the HACT Social Value Bank" in page  # sources shown


def test_an_evaluative_report_says_what_counted_nothing_and_what_is_assumed(
    client_for, evaluative_run
):
    page = client_for("lena").get(f"/reports/sroi/{evaluative_run.pk}/").content.decode()
    assert "Nothing was recorded in the period" in page
    assert "not the 10 the map planned" in page
    assert "its quantity is an assumption typed into the map" in page
    assert "Judged not material" in page


def test_forecast_and_actual_are_shown_side_by_side_when_both_exist(
    client_for, forecast_run, evaluative_run
):
    page = client_for("lena").get(f"/reports/sroi/{evaluative_run.pk}/").content.decode()
    assert "Forecast and actual" in page
    assert f"{forecast_run.result['sroi_ratio']:.2f} : 1" in page


def test_the_pdf_is_a_pdf_with_the_charts_as_images(forecast_run):
    html = sroi_html(forecast_run)
    assert html.count("data:image/svg+xml;base64,") == 4
    assert sroi_pdf(forecast_run).startswith(b"%PDF")


def test_the_pdf_downloads(client_for, forecast_run):
    response = client_for("eve").get(f"/reports/sroi/{forecast_run.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_map_as_calculated_downloads_as_yaml_that_the_value_engine_reads(
    client_for, forecast_run
):
    from lac.evaluation.services import document_from_file

    response = client_for("lena").get(f"/reports/sroi/{forecast_run.pk}/as-calculated.yaml")
    assert document_from_file("run.yaml", response.content) == forecast_run.document


REPORT_READERS = frozenset({"bob", "lena", "eve", "nina"})
PAGES = [
    Page("sroi report", lambda w: f"/reports/sroi/{w._run.pk}/", REPORT_READERS),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, forecast_run, page, user):
    world._run = forecast_run
    check(client, world, page, user)


def test_a_lead_of_another_programme_cannot_find_the_report(client, world, forecast_run):
    from tests.conftest import force_login_verified
    from tests.factories import Role, UserFactory, grant

    other_lead = UserFactory(username="olga")
    grant(other_lead, Role.LEAD, programme=world.other_programme)
    force_login_verified(client, other_lead)
    assert client.get(f"/reports/sroi/{forecast_run.pk}/").status_code == 404
    assert client.get(f"/reports/sroi/{forecast_run.pk}/report.pdf").status_code == 404
