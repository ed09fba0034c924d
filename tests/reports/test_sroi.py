import base64
import re
from datetime import date

import pytest
from django.utils import translation

from lac.audit.actor import Actor
from lac.evaluation.charts import CHARTS
from lac.evaluation.models import Mode, Run
from lac.evaluation.services import (
    impact_map_set_forecast,
    run_create,
    run_publish,
    run_withdraw,
)
from lac.reports.pdf import sroi_html, sroi_pdf
from lac.reports.sroi import Charts, sroi_report
from tests.evaluation.factories import derby_document, small_document, stored_map
from tests.permission_matrix import Page, case_id, cases, check


@pytest.fixture
def forecast_run(world):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST, document=derby_document())
    return run_create(
        version=impact_map.versions.get(), start=None, end=None, draws=1000, seed=1, actor=Actor()
    )


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
        actor=Actor(),
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
    top = page[: page.index("The result")]
    assert "1 outcome counted from the records found nothing in the period" in top
    assert "Joined a community group" in top


def test_an_output_and_reported_services_show_their_reasons(client_for, world):
    bindings = {
        "joined": {"kind": "people_at_level", "parameter": "2", "reason": "Walking alongside"},
        "volunteers": {
            "kind": "avoided_items",
            "parameter": "A&E attendance",
            "confidence": ["evidenced", "reported"],
            "confidence_reason": "Hospitals do not share letters",
        },
    }
    impact_map = stored_map(world.programme, bindings=bindings)
    run = run_create(
        version=impact_map.versions.get(),
        start=date(2025, 4, 1),
        end=date(2026, 3, 31),
        draws=100,
        seed=1,
        actor=Actor(),
    )
    page = client_for("lena").get(f"/reports/sroi/{run.pk}/").content.decode()
    assert "This is an output, valued because: Walking alongside" in page
    assert (
        "counting only services evidenced by a professional or reported by the person "
        "(reported services counted because: Hospitals do not share letters)"
    ) in page


def _published(run):
    return run_publish(run=run, actor=Actor(), note="For the board")


def test_a_draft_evaluation_is_set_beside_the_published_forecast_its_map_names(
    client_for, forecast_run, evaluative_run
):
    _published(forecast_run)
    impact_map_set_forecast(
        impact_map=evaluative_run.version.impact_map,
        forecast=forecast_run.version.impact_map,
        actor=Actor(),
    )
    page = client_for("lena").get(f"/reports/sroi/{evaluative_run.pk}/").content.decode()
    assert "Forecast and actual" in page
    assert f"Forecast: run {forecast_run.pk} of “Derby-like" in page
    assert f"{forecast_run.result['sroi_ratio']:.2f} : 1" in page
    assert "Draft: not published" in page
    assert "the forecast beside it is the one publishing it now would fix" in page


def test_an_evaluation_says_plainly_when_there_is_no_published_forecast(
    client_for, forecast_run, evaluative_run
):
    impact_map_set_forecast(
        impact_map=evaluative_run.version.impact_map,
        forecast=forecast_run.version.impact_map,
        actor=Actor(),
    )
    page = client_for("lena").get(f"/reports/sroi/{evaluative_run.pk}/").content.decode()
    assert "There is no published forecast to set this run beside." in page
    assert "has no published run" in page
    assert f"{forecast_run.result['sroi_ratio']:.2f} : 1" not in page


def test_a_forecast_in_the_programme_is_not_used_unless_the_map_names_it(
    client_for, forecast_run, evaluative_run
):
    _published(forecast_run)
    page = client_for("lena").get(f"/reports/sroi/{evaluative_run.pk}/").content.decode()
    assert "does not name the forecast it realises" in page
    assert f"{forecast_run.result['sroi_ratio']:.2f} : 1" not in page


def _figures(client, run):
    page = client.get(f"/reports/sroi/{run.pk}/").content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)
    return main, sroi_html(Run.objects.get(pk=run.pk))


def test_a_published_report_never_changes_whatever_else_is_run_published_or_withdrawn(
    client_for, world, forecast_run, evaluative_run
):
    client = client_for("eve")  # sees no publish buttons, so the page is only the report
    _published(forecast_run)
    evaluative_map = evaluative_run.version.impact_map
    impact_map_set_forecast(
        impact_map=evaluative_map, forecast=forecast_run.version.impact_map, actor=Actor()
    )
    _published(evaluative_run)
    before = {run.pk: _figures(client, run) for run in (forecast_run, evaluative_run)}
    assert "Published</strong>" in before[evaluative_run.pk][0]
    assert f"Forecast: run {forecast_run.pk}" in before[evaluative_run.pk][0]

    # A throwaway forecast with nothing in it, run and published, then named by the map.
    throwaway_map = stored_map(world.programme, mode=Mode.FORECAST)
    throwaway = run_create(
        version=throwaway_map.versions.get(), start=None, end=None, draws=100, seed=3, actor=Actor()
    )
    _published(throwaway)
    impact_map_set_forecast(impact_map=evaluative_map, forecast=throwaway_map, actor=Actor())
    # A newer evaluation of the same map, published and withdrawn; the forecast run too.
    newer = run_create(
        version=evaluative_map.versions.get(),
        start=date(2024, 4, 1),
        end=date(2025, 3, 31),
        draws=100,
        seed=4,
        actor=Actor(),
    )
    _published(newer)
    run_withdraw(run=newer, actor=Actor(), reason="Wrong period")
    run_withdraw(run=throwaway, actor=Actor(), reason="A test")

    for run in (forecast_run, evaluative_run):
        assert _figures(client, run) == before[run.pk]


def test_a_withdrawn_run_keeps_its_figures_and_says_why(client_for, forecast_run):
    _published(forecast_run)
    run_withdraw(run=forecast_run, actor=Actor(), reason="The proxies were out of date")
    page = client_for("lena").get(f"/reports/sroi/{forecast_run.pk}/").content.decode()
    assert "The proxies were out of date" in page
    assert "Do not quote these figures" in page
    assert f"{forecast_run.result['sroi_ratio']:.2f} : 1" in page


def test_the_headline_shows_the_ratio_counted_from_records_and_with_assumptions(
    client_for, evaluative_run
):
    page = client_for("lena").get(f"/reports/sroi/{evaluative_run.pk}/").content.decode()
    # joined (bound) counted nothing; volunteering (typed in) is £1,000 of £1,000 / 1.035.
    assert "0.00 : 1 counted from records; 0.10 : 1 with the map’s assumptions" in page
    assert "Counted from records</th>" in page and "Assumed in the map</th>" in page


def test_the_pdf_is_a_pdf_with_the_charts_as_images(forecast_run):
    html = sroi_html(forecast_run)
    assert html.count("data:image/svg+xml;base64,") == 4
    assert sroi_pdf(forecast_run).startswith(b"%PDF")


def test_a_run_keeps_its_charts_and_the_page_and_pdf_draw_none(
    client_for, forecast_run, monkeypatch
):
    assert set(forecast_run.charts) == {"en-gb", "cy"}
    for charts in forecast_run.charts.values():
        assert set(charts) == set(CHARTS)
        assert all(svg.lstrip().startswith("<?xml") for svg in charts.values())

    def drawing(*args, **kwargs):
        raise AssertionError("a chart was drawn again")

    monkeypatch.setattr("lac.reports.sroi.charts_in_language", drawing)
    page = client_for("eve").get(f"/reports/sroi/{forecast_run.pk}/").content.decode()
    assert page.count("<svg") >= 4
    stored = base64.b64encode(forecast_run.charts["en-gb"]["histogram"].encode()).decode()
    assert stored in sroi_html(forecast_run)


def test_a_welsh_reader_sees_the_runs_welsh_charts_on_the_page_and_in_the_pdf(
    client_for, forecast_run
):
    client = client_for("eve")
    client.cookies["django_language"] = "cy"
    page = client.get(f"/reports/sroi/{forecast_run.pk}/").content.decode()
    assert "Dosbarthiad gwerth cymdeithasol" in page and "Social value distribution" not in page
    with translation.override("cy"):
        html = sroi_html(forecast_run)
    welsh = base64.b64encode(forecast_run.charts["cy"]["histogram"].encode()).decode()
    assert welsh in html


def test_a_run_made_before_runs_kept_charts_has_them_drawn_the_same(forecast_run):
    Run.objects.filter(pk=forecast_run.pk).update(charts={})
    old = Run.objects.get(pk=forecast_run.pk)
    assert sroi_report(old).charts == Charts(**forecast_run.charts["en-gb"])
    with translation.override("cy"):
        assert sroi_report(old).charts == Charts(**forecast_run.charts["cy"])


def test_a_run_whose_charts_were_kept_in_english_only_is_drawn_in_welsh_when_asked(
    forecast_run,
):
    Run.objects.filter(pk=forecast_run.pk).update(charts={"en-gb": forecast_run.charts["en-gb"]})
    old = Run.objects.get(pk=forecast_run.pk)
    with translation.override("cy"):
        assert sroi_report(old).charts == Charts(**forecast_run.charts["cy"])


def test_the_pdf_is_only_prepared_in_the_background(client_for, forecast_run):
    client = client_for("eve")
    assert client.get(f"/reports/sroi/{forecast_run.pk}/report.pdf").status_code == 404
    page = client.get(f"/reports/sroi/{forecast_run.pk}/").content.decode()
    assert "Prepare the PDF" in page and "Download the PDF now" not in page


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
    assert client.post(f"/reports/sroi/{forecast_run.pk}/prepare-pdf/").status_code == 404


def test_the_principles_annex_and_readable_sensitivity_are_on_the_page_and_in_the_pdf(
    client_for, evaluative_run
):
    page = client_for("lena").get(f"/reports/sroi/{evaluative_run.pk}/").content.decode()
    pdf_html = sroi_html(evaluative_run)
    for text in (page, pdf_html):
        assert "Annex: the seven principles of SROI" in text
        assert "Something small: Too small to change any decision" in text
        assert "The map does not say how stakeholders were involved." in text
        assert "Counted from records: £0 of present value (0.00 : 1)" in text
        assert f"--seed {evaluative_run.seed}" in text
        assert "Joined a community group: financial proxy" in text  # not the id
    assert "joined: " not in page[page.index("Sensitivity: one assumption") :]


def test_publishing_needs_a_reason_for_each_outcome_left_out(world):
    from django.core.exceptions import ValidationError

    from lac.evaluation.services import impact_map_create

    impact_map = impact_map_create(
        programme=world.programme, mode=Mode.FORECAST, document=small_document(), actor=Actor()
    )
    run = run_create(
        version=impact_map.versions.get(), start=None, end=None, draws=100, seed=1, actor=Actor()
    )
    with pytest.raises(ValidationError, match="not_material: why it is not material"):
        run_publish(run=run, actor=Actor(), note="Board")
