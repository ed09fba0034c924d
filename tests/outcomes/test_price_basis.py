"""One price basis on the pages that restate money: the viewer chooses the year, the page says
which year and which deflator release, and that the rate card's year is assumed (#15 item 3)."""

from django.core.management import call_command
from django.utils import timezone

from tests.outcomes.data import HMT_CSV
from tests.outcomes.test_views import _population

RELEASE = "HM Treasury GDP deflators at market prices (financial years), March 2026"


def _summary(client, world, price_year=None):
    params = {
        "programme": world.programme.pk,
        "start": "2020-01-01",
        "end": timezone.localdate().isoformat(),
    }
    if price_year:
        params["price_year"] = price_year
    return client.get("/outcomes/summary/", params).content.decode()


def test_the_summary_defaults_to_the_latest_measured_year_and_names_the_release(client_for, world):
    _population(world)
    page = client_for("lena").get("/outcomes/summary/").content.decode()
    assert "About <strong>£4,739</strong> at 2024-25 prices" in page  # 30 × £117 × 100 / 74.0662
    assert "Money is at 2024-25 prices" in page
    assert f"restated from each cost’s own year with {RELEASE}" in page
    assert "published 31 March 2026" in page
    assert "they are assumed to be at 2014-15 prices" in page


def test_the_viewer_chooses_the_year_and_forecast_years_say_so(client_for, world):
    _population(world)
    client = client_for("lena")
    at_card = _summary(client, world, "2014-15")
    assert "About <strong>£3,510</strong> at 2014-15 prices" in at_card  # 30 × £117
    forecast = _summary(client, world, "2026-27")
    assert "Money is at 2026-27 prices (a forecast year in this release)" in forecast
    assert "2026-27 (forecast)</option>" in forecast


def test_a_series_the_council_loaded_is_the_one_used_and_named(client_for, world):
    _population(world)
    call_command("deflators", "load", str(HMT_CSV), "--release", "Test release")
    page = client_for("lena").get("/outcomes/summary/").content.decode()
    assert "(financial years), Test release" in page


def test_the_dashboard_states_avoided_costs_in_the_chosen_year(client_for, world):
    _population(world)
    client = client_for("bob")
    period = {"start": "2020-01-01", "end": timezone.localdate().isoformat()}
    page = client.get("/reports/dashboard/", period).content.decode()
    assert "Services avoided, by the agency that would have paid (2024-25 prices)" in page
    assert "Money is at 2024-25 prices" in page
    assert "2014-15 is assumed" in page
    chosen = client.get("/reports/dashboard/", {**period, "prices": "2019-20"}).content.decode()
    assert "Services avoided, by the agency that would have paid (2019-20 prices)" in chosen
    download = client.get(
        "/reports/dashboard/avoided_costs.csv", {**period, "prices": "2019-20"}
    ).content.decode()
    assert "2019-20 prices" in download
