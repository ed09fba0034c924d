"""A lead runs and publishes another map in the browser; a published forecast's report and
PDF stay exactly as they were."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from lac.audit.actor import Actor
from lac.evaluation.models import Mode, Run
from lac.evaluation.services import run_create, run_publish
from lac.reports.pdf import sroi_html
from tests.conftest import force_login_verified
from tests.evaluation.factories import derby_document, stored_map


def _signed_in(page, live_server, user) -> None:
    client = Client()
    force_login_verified(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_a_published_forecast_is_unchanged_after_another_map_is_run_and_published(
    desktop, live_server, transactional_world
):
    world = transactional_world
    forecast_map = stored_map(world.programme, mode=Mode.FORECAST, document=derby_document())
    forecast = run_create(
        version=forecast_map.versions.get(), start=None, end=None, draws=1000, seed=1, actor=Actor()
    )
    run_publish(run=forecast, actor=Actor(user=world.user("lena")), note="For the board")
    other = stored_map(world.programme, mode=Mode.FORECAST)
    _signed_in(desktop, live_server, world.user("lena"))

    desktop.goto(f"{live_server.url}/reports/sroi/{forecast.pk}/")
    before = desktop.locator("main").inner_text()
    pdf_before = sroi_html(Run.objects.get(pk=forecast.pk))
    assert "3.98 : 1" in before

    desktop.goto(f"{live_server.url}/evaluation/{other.pk}/run/")
    desktop.get_by_label("Monte Carlo draws").fill("100")
    desktop.get_by_role("button", name="Run and freeze the figures").click()
    expect(desktop.get_by_text("Draft: not published")).to_be_visible()
    desktop.get_by_role("link", name="Publish this run").click()
    desktop.get_by_label("Note for the board").fill("A second forecast, for comparison")
    desktop.get_by_role("button", name="Publish the run").click()
    expect(desktop.get_by_text("is published: its report will not change")).to_be_visible()

    desktop.goto(f"{live_server.url}/reports/sroi/{forecast.pk}/")
    assert desktop.locator("main").inner_text() == before
    assert sroi_html(Run.objects.get(pk=forecast.pk)) == pdf_before
