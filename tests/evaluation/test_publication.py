"""Publishing and withdrawing runs, and naming the forecast an evaluative map realises."""

from datetime import date
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.evaluation.models import Mode, Status
from lac.evaluation.services import (
    impact_map_set_forecast,
    run_create,
    run_publish,
    run_withdraw,
)
from tests.evaluation.factories import stored_map
from tests.permission_matrix import Page, case_id, cases, check


@pytest.fixture
def run(world):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST)
    return run_create(
        version=impact_map.versions.get(), start=None, end=None, draws=100, seed=1, actor=Actor()
    )


PAGES = [
    Page("publish run", lambda w: f"/evaluation/runs/{w._run.pk}/publish/", frozenset({"lena"})),
    Page("withdraw run", lambda w: f"/evaluation/runs/{w._run.pk}/withdraw/", frozenset({"lena"})),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_only_a_programme_lead_publishes_or_withdraws(client, world, run, page, user):
    world._run = run
    check(client, world, page, user)


def test_a_lead_publishes_a_run_with_a_note_recorded_and_audited(client_for, world, run):
    client = client_for("lena")
    response = client.post(
        f"/evaluation/runs/{run.pk}/publish/", {"note": "For the March board"}, follow=True
    )
    assert "is published: its report will not change" in response.content.decode()
    run.refresh_from_db()
    assert run.status == Status.PUBLISHED
    assert run.published_by == world.user("lena")
    assert run.publication_note == "For the March board"
    assert run.published_at is not None
    event = AuditEvent.objects.get(what__startswith=f"Published SROI run {run.pk}")
    assert event.user == world.user("lena")


def test_publishing_needs_a_note(client_for, run):
    response = client_for("lena").post(f"/evaluation/runs/{run.pk}/publish/", {"note": " "})
    assert "Enter a note for the board" in response.content.decode()
    run.refresh_from_db()
    assert run.status == Status.DRAFT


def test_a_published_run_cannot_be_published_again(run):
    run_publish(run=run, actor=Actor(), note="Once")
    with pytest.raises(ValidationError, match="is published, not a draft"):
        run_publish(run=run, actor=Actor(), note="Twice")


def test_a_withdrawn_run_is_kept_with_its_reason(client_for, run):
    run_publish(run=run, actor=Actor(), note="Once")
    client = client_for("lena")
    response = client.post(f"/evaluation/runs/{run.pk}/withdraw/", {"reason": ""})
    assert "Enter why the run is withdrawn" in response.content.decode()
    client.post(f"/evaluation/runs/{run.pk}/withdraw/", {"reason": "Wrong rate card"})
    run.refresh_from_db()
    assert (run.status, run.withdrawal_reason) == (Status.WITHDRAWN, "Wrong rate card")
    assert AuditEvent.objects.filter(what=f"Withdrew SROI run {run.pk}").exists()


def test_only_a_published_run_can_be_withdrawn(run):
    with pytest.raises(ValidationError, match="Only a published run can be withdrawn"):
        run_withdraw(run=run, actor=Actor(), reason="No")


def test_publishing_an_evaluation_fixes_the_forecast_run_beside_it(world, run):
    run_publish(run=run, actor=Actor(), note="Forecast")
    evaluative = stored_map(world.programme)
    impact_map_set_forecast(impact_map=evaluative, forecast=run.version.impact_map, actor=Actor())
    actual = run_create(
        version=evaluative.versions.get(),
        start=date(2025, 4, 1),
        end=date(2026, 3, 31),
        draws=100,
        seed=1,
        actor=Actor(),
    )
    assert run_publish(run=actual, actor=Actor(), note="Actual").compared_with == run


def test_a_map_realises_only_a_forecast_of_its_own_programme(world, run):
    evaluative = stored_map(world.programme)
    elsewhere = stored_map(world.other_programme, mode=Mode.FORECAST)
    with pytest.raises(ValidationError, match="same programme"):
        impact_map_set_forecast(impact_map=evaluative, forecast=elsewhere, actor=Actor())
    with pytest.raises(ValidationError, match="Only an evaluative map"):
        impact_map_set_forecast(
            impact_map=run.version.impact_map, forecast=elsewhere, actor=Actor()
        )


def test_the_map_page_names_the_forecast_and_a_manager_changes_it(client_for, world, run):
    evaluative = stored_map(world.programme)
    client = client_for("eve")
    response = client.post(
        f"/evaluation/{evaluative.pk}/forecast/", {"forecast": run.version.impact_map.pk}
    )
    assert response.status_code == HTTPStatus.FOUND
    page = client.get(f"/evaluation/{evaluative.pk}/").content.decode()
    link = f'href="/evaluation/{run.version.impact_map.pk}/">{run.version.impact_map.name}</a>'
    assert f'Realises the forecast: <a class="govuk-link" {link}' in page
