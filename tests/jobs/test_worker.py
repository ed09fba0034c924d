"""`lac db_worker` keeps going after its database connection is lost (issue 17 item 3)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django_tasks_db.models import DBTaskResult

from lac.jobs import worker as worker_module
from lac.jobs.worker import ReconnectingWorker
from tests.jobs.tasks import note

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DB_BACKEND


@pytest.fixture
def running_worker(transactional_db, database_tasks, monkeypatch) -> Iterator[ReconnectingWorker]:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("a worker on its own thread needs PostgreSQL or a SQLite database file")
    monkeypatch.setattr(worker_module, "RECONNECT_AFTER", (0.1,))
    worker = ReconnectingWorker(
        queue_names=["default"],
        interval=0.05,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )

    def run() -> None:
        try:
            worker.run()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield worker
    worker.running = False
    thread.join(timeout=10)


def finished(result_id: str, within: float = 15) -> DBTaskResult:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        row = DBTaskResult.objects.get(pk=result_id)
        if row.status in {"SUCCESSFUL", "FAILED"}:
            return row
        time.sleep(0.05)
    raise AssertionError(f"task {result_id} still {row.status} after {within}s")


def terminate_other_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_the_worker_carries_on_after_postgresql_terminates_its_connection(running_worker):
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    first = note.enqueue("first")
    assert finished(first.id).status == "SUCCESSFUL"
    assert terminate_other_backends() >= 1  # the worker's connection
    second = note.enqueue("second")
    assert finished(second.id).status == "SUCCESSFUL"
    assert terminate_other_backends() >= 1
    third = note.enqueue("third")
    assert finished(third.id).status == "SUCCESSFUL"


def test_the_worker_carries_on_after_a_database_error_in_its_loop(running_worker, monkeypatch):
    real_ready = DBTaskResult.objects.ready
    failures = []

    def flaky_ready():
        if not failures:
            failures.append(1)
            raise OperationalError("server closed the connection unexpectedly")
        return real_ready()

    monkeypatch.setattr(DBTaskResult.objects, "ready", flaky_ready, raising=False)
    result = note.enqueue("after the error")
    assert finished(result.id).status == "SUCCESSFUL"
    assert failures == [1]


def test_lac_db_worker_is_the_reconnecting_worker():
    from django.core.management import get_commands

    assert get_commands()["db_worker"] == "lac.jobs"


def test_the_lac_db_worker_command_keeps_taking_tasks_after_its_backend_is_terminated(
    transactional_db, database_tasks
):
    """The real command, in its own process, as systemd runs it: each time PostgreSQL ends
    its connection it reconnects and runs the next task; the process never exits."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    root = Path(__file__).resolve().parents[2]  # so the worker can import this test's task
    env = dict(os.environ, DATABASE_URL=url, PYTHONPATH=str(root))
    env["TASKS_BACKEND"] = DB_BACKEND["default"]["BACKEND"]
    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("lac")), "db_worker", "--interval", "0.1"],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for label in ("before", "after one", "after two"):
            result = note.enqueue(label)
            assert finished(result.id, within=60).status == "SUCCESSFUL", label
            assert terminate_other_backends() >= 1  # the worker's connection among them
            assert worker.poll() is None, f"the worker exited ({worker.returncode})"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
