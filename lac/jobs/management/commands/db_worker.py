"""``lac db_worker``: django-tasks-db's command, running :class:`ReconnectingWorker`."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from lac.jobs.worker import ReconnectingWorker


class Command(db_worker.Command):
    help = "Run the background worker (imports, PDFs, extracts), reconnecting when cut off"

    def handle(self, *args: Any, **options: Any) -> None:
        # Upstream's handle builds its Worker by name from its own module; this command
        # differs only in which worker that is.
        original = db_worker.Worker
        db_worker.Worker = ReconnectingWorker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
