"""A job whose worker died is found from its heartbeat within two minutes and can be stopped
at once, with its task row; every kind of job alike (issue 17 item 4, issue 19 item 3)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from lac.imports.models import ImportJob
from lac.jobs import services
from lac.jobs.models import STALL_AFTER, TaskState
from lac.jobs.services import job_cancel, job_run
from lac.reports.models import Job, JobKind
from tests.jobs.tasks import note

QUIET = STALL_AFTER + timedelta(seconds=5)


def test_a_dead_worker_is_noticed_within_two_minutes():
    assert timedelta(minutes=2) >= STALL_AFTER
    assert services.HEARTBEAT_EVERY * 4 <= STALL_AFTER


@pytest.fixture
def dead_task_row(settings) -> DBTaskResult:
    """A django-tasks row claimed by a worker that then died: it says RUNNING for ever."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    row = DBTaskResult.objects.get(pk=note.enqueue("lost").id)
    row.claim("dead-worker")
    return row


@pytest.fixture
def stalled_report_job(world, dead_task_row) -> Job:
    return Job.objects.create(
        kind=JobKind.SROI_PDF,
        programme=world.programme,
        created_by=world.lena,
        task_state=TaskState.RUNNING,
        message="Drawing the charts and laying out the pages",
        processed=20,
        total=100,
        task_id=str(dead_task_row.pk),
        progress_at=timezone.now() - QUIET,
    )


def test_a_report_job_whose_worker_died_says_so_and_offers_to_stop_it(
    client_for, stalled_report_job
):
    page = client_for("lena").get(f"/reports/jobs/{stalled_report_job.pk}/").content.decode()
    assert "SROI report as PDF has stalled" in page
    assert "The background worker stopped without finishing: no progress since" in page
    assert "Mark as stopped" in page
    assert 'hx-trigger="every 2s"' not in page


def test_marking_a_stalled_report_job_stopped_fails_it_and_its_task_row_at_once(
    client_for, stalled_report_job, dead_task_row
):
    client = client_for("lena")
    response = client.post(f"/reports/jobs/{stalled_report_job.pk}/stop")
    assert response.status_code == 302
    stalled_report_job.refresh_from_db()
    assert stalled_report_job.task_state == TaskState.FAILED
    assert "no progress since" in stalled_report_job.message
    dead_task_row.refresh_from_db()
    assert dead_task_row.status == "FAILED"
    page = client.get(f"/reports/jobs/{stalled_report_job.pk}/").content.decode()
    assert "could not be finished" in page and "no progress since" in page


def test_a_report_job_with_a_recent_heartbeat_is_not_stalled(client_for, stalled_report_job):
    Job.objects.filter(pk=stalled_report_job.pk).update(progress_at=timezone.now())
    client = client_for("lena")
    page = client.get(f"/reports/jobs/{stalled_report_job.pk}/").content.decode()
    assert "has stalled" not in page and 'hx-trigger="every 2s"' in page
    client.post(f"/reports/jobs/{stalled_report_job.pk}/stop")
    stalled_report_job.refresh_from_db()
    assert stalled_report_job.task_state == TaskState.CANCELLING  # asked; its worker stops it


def test_stop_on_a_stalled_import_marks_it_stopped_at_once(world, dead_task_row):
    job = ImportJob.objects.create(
        programme=world.programme,
        file_name="sheet.xlsx",
        stored_path="/nonexistent",
        task=ImportJob.Task.COMMIT,
        task_state=TaskState.RUNNING,
        task_id=str(dead_task_row.pk),
        progress_at=timezone.now() - QUIET,
    )
    assert job_cancel(job)
    job.refresh_from_db()
    assert job.task_state == TaskState.FAILED
    assert job.message.endswith("Nothing from this file was saved.")
    dead_task_row.refresh_from_db()
    assert dead_task_row.status == "FAILED"


def test_a_stalled_job_is_explained_in_the_language_of_whoever_stops_it(world, dead_task_row):
    job = ImportJob.objects.create(
        programme=world.programme,
        file_name="sheet.xlsx",
        stored_path="/nonexistent",
        task=ImportJob.Task.COMMIT,
        task_state=TaskState.RUNNING,
        task_id=str(dead_task_row.pk),
        progress_at=timezone.now() - QUIET,
    )
    with translation.override("cy"):
        assert job_cancel(job)
    job.refresh_from_db()
    assert job.message.startswith("Daeth y gweithiwr cefndir i ben heb orffen: dim cynnydd ers")
    assert job.message.endswith("Ni chadwyd dim o’r ffeil hon.")


def test_a_stalled_undo_says_the_import_still_stands_not_that_nothing_was_saved(
    world, dead_task_row
):
    job = ImportJob.objects.create(
        programme=world.programme,
        file_name="sheet.xlsx",
        stored_path="/nonexistent",
        state=ImportJob.State.IMPORTED,
        task=ImportJob.Task.UNDO,
        task_state=TaskState.RUNNING,
        task_id=str(dead_task_row.pk),
        progress_at=timezone.now() - QUIET,
    )
    assert job_cancel(job)
    job.refresh_from_db()
    assert job.message.endswith(
        "Nothing was undone: all that the import brought in is still there."
    )


def test_the_heartbeat_keeps_a_long_step_from_looking_stalled(transactional_world, monkeypatch):
    monkeypatch.setattr(services, "HEARTBEAT_EVERY", timedelta(seconds=0.05))
    world = transactional_world
    job = Job.objects.create(
        kind=JobKind.RUN,
        programme=world.programme,
        created_by=world.lena,
        task_state=TaskState.QUEUED,
        progress_at=timezone.now() - QUIET,
    )
    beats = []

    def long_step(running: Job) -> None:
        started = Job.objects.get(pk=running.pk).progress_at
        Job.objects.filter(pk=running.pk).update(progress_at=timezone.now() - QUIET)
        time.sleep(0.5)  # a step that records no progress, like drawing a PDF
        beats.append((started, Job.objects.get(pk=running.pk).progress_at))
        Job.objects.filter(pk=running.pk).update(task_state=TaskState.DONE)

    job_run(Job, job.pk, long_step, unexpected=lambda job, error: "failed")
    ((_, after_sleep),) = beats
    assert after_sleep > timezone.now() - timedelta(seconds=1)


def test_a_job_that_fails_unexpectedly_says_so(world, caplog):
    job = Job.objects.create(
        kind=JobKind.RUN,
        programme=world.programme,
        created_by=world.lena,
        task_state=TaskState.QUEUED,
        progress_at=timezone.now(),
    )

    def broken(_: Job) -> None:
        raise RuntimeError("boom")

    job_run(Job, job.pk, broken, unexpected=lambda job, error: f"Went wrong: {error}")
    job.refresh_from_db()
    assert job.task_state == TaskState.FAILED and job.message == "Went wrong: boom"
