"""Every kind of job is done in the language it was asked for in: recorded when it is
queued, used when the worker runs it, whatever is active then (issue 19 item 5). The
imports' and reports' own tests drive it through their pages."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation
from django.utils.translation import get_language, gettext

from lac.imports.models import ImportJob
from lac.jobs.services import asked_in, job_queue, job_run
from lac.reports.jobs import UNEXPECTED
from lac.reports.models import Job, JobKind

WAITING = SimpleNamespace(id="queued")
"""What a task backend hands back when it takes a task (only its id is kept)."""


def an_import(world) -> ImportJob:
    return ImportJob.objects.create(
        programme=world.programme, file_name="a.xlsx", stored_path="", created_by=world.bob
    )


def a_report(world) -> Job:
    return Job.objects.create(
        kind=JobKind.SROI_PDF, programme=world.programme, created_by=world.lena
    )


@pytest.fixture(params=[an_import, a_report], ids=["import", "report"])
def job(request, world):
    return request.param(world)


@pytest.mark.parametrize(("asked", "running"), [("cy", "en-gb"), ("en-gb", "cy")])
def test_a_job_is_done_in_the_language_it_was_asked_for_in(job, asked, running):
    with translation.override(asked):
        assert job_queue(job, lambda: WAITING)
    assert job.language == asked
    seen = []
    with translation.override(running):
        job_run(
            type(job),
            job.pk,
            lambda j: seen.append(get_language()),
            unexpected=lambda _job, error: str(error),
        )
        assert get_language() == running  # and the worker's own language is left as it was
    assert seen == [asked]


def test_how_a_job_failed_is_told_in_its_language(job):
    def fail(_job):
        raise RuntimeError("a bug")

    with translation.override("cy"):
        job_queue(job, lambda: WAITING)
    job_run(type(job), job.pk, fail, unexpected=lambda _job, _error: gettext(UNEXPECTED))
    job.refresh_from_db()
    assert job.message == "Aeth rhywbeth o’i le; mae’r tîm wedi cael gwybod."


def test_a_job_asked_for_again_is_done_in_the_language_asked_the_second_time(world):
    job = an_import(world)
    with translation.override("cy"):
        job_queue(job, lambda: WAITING)
    job_run(ImportJob, job.pk, lambda j: None, unexpected=lambda _job, error: str(error))
    ImportJob.objects.filter(pk=job.pk).update(task_state=ImportJob.TaskState.DONE)
    with translation.override("en-gb"):
        job_queue(job, lambda: WAITING)
    assert job.language == "en-gb"


@pytest.mark.parametrize(
    ("active", "recorded"),
    [("cy", "cy"), ("en-gb", "en-gb"), ("en", "en-gb"), ("fr", "en-gb"), (None, "en-gb")],
)
def test_a_job_records_a_language_lac_speaks(active, recorded):
    with translation.override(active):
        assert asked_in() == recorded
