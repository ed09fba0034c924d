"""Starting a kind of background job by name, so a lower app need not import the one
that keeps the job (evaluation's long runs are kept by reports)."""

from __future__ import annotations

import pytest

from lac.audit.actor import Actor
from lac.evaluation.models import BACKGROUND_RUN
from lac.jobs import starters
from lac.reports.jobs import job_start
from lac.reports.models import Job, JobKind


def test_reports_starts_every_kind_it_keeps():
    assert {kind: starters._STARTERS[kind] for kind in JobKind.values} == dict.fromkeys(
        JobKind.values, job_start
    )
    assert BACKGROUND_RUN in JobKind.values


def test_a_kind_has_one_starter(monkeypatch):
    monkeypatch.setattr(starters, "_STARTERS", {})
    starters.starter_register(["x"], job_start)
    starters.starter_register(["x"], job_start)  # the same again is harmless
    with pytest.raises(ValueError, match="kind 'x' already have a starter"):
        starters.starter_register(["x"], lambda **kwargs: None)


def test_an_unknown_kind_is_named():
    with pytest.raises(LookupError, match="kind 'nothing'"):
        starters.background_job_start("nothing", programme=None, actor=Actor(), params={})


@pytest.mark.django_db
def test_a_run_started_by_name_is_a_reports_job_with_its_status_page(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = starters.background_job_start(
        BACKGROUND_RUN,
        programme=world.programme,
        actor=Actor.working_as(world.user("lena"), job="test"),
        params={},
    )
    assert isinstance(job, Job) and job.kind == JobKind.RUN
    assert job.get_absolute_url() == f"/reports/jobs/{job.pk}/"
