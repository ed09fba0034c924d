"""``lac db_worker``: django-tasks-db's worker, kept going through a lost database connection.

Upstream's worker loop re-raises any database error other than "locked", and a
task whose connection was cut cannot even record that it failed, so one
dropped connection (a PostgreSQL restart, a fail-over, ``pg_terminate_backend``,
an idle timeout) ended the process, and imports, PDFs and extracts waited until
someone noticed. This worker closes the broken connection, waits a moment and
carries on; a task it could not finish is recorded as failed on a new
connection, so its row does not say "running" for ever. Its job (if it was
one of ours) records its own ending the same way (:func:`lac.jobs.services.job_run`).
"""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError, close_old_connections, connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

RECONNECT_AFTER = (0.5, 1, 2, 5, 10)
"""Seconds to wait before each try after a lost connection; the last repeats."""


def drop_broken_connections() -> None:
    """Close every connection, so the next query opens a new one (a connection the server
    cut is not noticed as unusable until a query fails on it)."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except DatabaseError:
            logger.debug("Closing a broken connection failed", exc_info=True)


class ReconnectingWorker(Worker):
    """Upstream's worker, restarting its loop after a database error instead of exiting."""

    def run(self) -> None:
        failures = 0
        while self.running:
            try:
                super().run()
                return
            except DatabaseError:
                delay = RECONNECT_AFTER[min(failures, len(RECONNECT_AFTER) - 1)]
                logger.warning(
                    "Worker %s lost its database connection; trying again in %ss",
                    self.worker_id,
                    delay,
                    exc_info=True,
                )
                failures += 1
                drop_broken_connections()
                time.sleep(delay)
                self.startup_delay = False

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except DatabaseError as error:
            # The task failed and so did recording it: record it on a new connection.
            drop_broken_connections()
            close_old_connections()
            row = DBTaskResult.objects.filter(pk=db_task_result.pk, status="RUNNING").first()
            if row is not None:
                row.set_failed(error)
            raise
