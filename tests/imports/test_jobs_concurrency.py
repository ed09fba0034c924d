"""A task in another thread, on its own database connection, as the worker runs it.

The page and the worker never share a connection: progress must be committed
where the page can read it, and a stop committed by the page must reach the
task, while the import still writes nothing until its one transaction commits.
"""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from lac.audit.actor import Actor
from lac.imports import engine, jobs
from lac.imports.engine import run_import
from lac.imports.models import ImportJob
from lac.imports.services import job_create
from lac.imports.store import CaseworkStore
from lac.jobs.services import job_cancel
from lac.people.models import Person
from tests.imports import workbooks

TaskState = ImportJob.TaskState


@pytest.fixture(autouse=True)
def shared_database_files():
    """SQLite's in-memory test database shares one cache between connections, which
    locks whole tables without waiting; the application's WAL file waits (busy timeout)
    and lets readers read beside a writer. These tests need the latter."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs PostgreSQL or a SQLite database file, not the in-memory test database")


@pytest.fixture
def job(transactional_world, tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 2)
    monkeypatch.setitem(run_import.__kwdefaults__, "batch_size", 3)
    rows = [[f"Ann Example{n}", "01/01/1960", "North", "01/05/2021", "GP", "1"] for n in range(12)]
    path = workbooks.simple_workbook(tmp_path / "twelve.xlsx", rows)
    upload = SimpleUploadedFile("twelve.xlsx", path.read_bytes())
    world = transactional_world
    job = job_create(programme=world.programme, upload=upload, actor=Actor(user=world.bob))
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.CHECKED)
    return jobs.job_start(job=job, task_kind=ImportJob.Task.COMMIT, actor=Actor(user=world.bob))


def in_worker(job) -> threading.Thread:
    def work() -> None:
        try:
            jobs.run_job.call(job.pk, job.created_by_id, "")
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def wait_for(job, predicate, seconds: float = 10.0) -> ImportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = ImportJob.objects.get(pk=job.pk)
        if predicate(row):
            return row
        time.sleep(0.01)
    raise AssertionError(f"timed out: {ImportJob.objects.get(pk=job.pk).__dict__}")


def slow(monkeypatch, cls, name, seconds):
    original = getattr(cls, name)

    def slowed(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(seconds)
        return result

    monkeypatch.setattr(cls, name, slowed)


def test_progress_is_seen_by_the_page_and_a_stop_while_reading_saves_nothing(job, monkeypatch):
    slow(monkeypatch, jobs.JobProgress, "reading", 0.2)
    thread = in_worker(job)
    seen = wait_for(job, lambda row: row.task_state == TaskState.RUNNING and row.processed > 0)
    assert 0 < seen.processed < seen.total  # the page sees the worker's progress as it goes
    assert job_cancel(seen)
    thread.join(timeout=20)
    job.refresh_from_db()
    assert job.task_state == TaskState.CANCELLED
    assert not Person.objects.exists()


def test_on_postgresql_a_stop_while_saving_rolls_the_saved_batches_back(job, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite cannot take the stop while the import holds its write lock")
    slow(monkeypatch, CaseworkStore, "process", 0.3)
    thread = in_worker(job)
    wait_for(job, lambda row: "saving" in row.message)
    time.sleep(0.1)  # inside the first batch
    assert job_cancel(job)  # at once: the import has not locked the job's row
    thread.join(timeout=20)
    job.refresh_from_db()
    assert job.task_state == TaskState.CANCELLED
    assert not Person.objects.exists()
