"""Trial runs and imports in the background, with their progress, and stopping them.

Both run as the django-tasks task :func:`run_job` (``lac db_worker`` with the
database backend), as the reports app's PDFs and extracts do, so that a page
never waits on a large file. The job's row records where the task is
(``task_state``): queued → running → done, failed or cancelled, with
cancelling in between when someone asks it to stop.

How a stop or a failure leaves nothing written, on SQLite and PostgreSQL
alike: the engine (:mod:`lac.imports.engine`) reads and checks the whole file
before it opens its one transaction. While it reads, :class:`JobProgress`
records progress with short writes of its own and each of them sees whether
a stop was asked for; a stop there is before anything was written. While it
saves, only reads are made between batches, and a stop seen then (possible on
PostgreSQL, whose read-committed reads see it) raises :class:`Cancelled`
inside the transaction, which rolls it back. The job's final state for an
import is written last *inside* that transaction, and only if nobody asked
it to stop meanwhile, so "imported" and the rows are saved together or not
at all. Any exception marks the job failed with a one-line message; the
transaction it came from has already been rolled back.

A second database connection for progress during the saving pass was weighed
and left out: on SQLite it would queue behind the import's own write lock
(and time out), so it would help only on PostgreSQL, and the saving pass is
the short part of an import; a bar that stands still while it saves, with a
message saying so, is the honest display on both.

A worker that dies mid-run (killed, the machine restarted) leaves its job
running or stopping for ever, and nothing written: its transaction died with
it. So the job keeps a heartbeat, ``progress_at``, set when it is queued, when
it starts and at every progress record; with none for ``STALL_AFTER`` the job
is stalled (:attr:`ImportJob.is_stalled`), and :func:`job_mark_stopped` lets a
person mark it failed, after which it can be run again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.db import OperationalError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django_tasks import task

from lac.accounts.models import User
from lac.imports.engine import Cancelled, ImportFailed, Progress
from lac.imports.models import ImportJob
from lac.imports.readers import first_line
from lac.imports.report import Report, error_workbook
from lac.imports.services import import_file, job_mapping, mapping_save

logger = logging.getLogger(__name__)

State, TaskState = ImportJob.State, ImportJob.TaskState


def job_start(*, job: ImportJob, task_kind: str, user: User | None, save_as: str = "") -> ImportJob:
    """Queue a trial run or the import of the job's file, unless one is already going."""
    queued = (
        ImportJob.objects.filter(pk=job.pk)
        .exclude(task_state__in=ImportJob.ACTIVE)
        .update(
            task=task_kind,
            task_state=TaskState.QUEUED,
            processed=0,
            total=0,
            message="Waiting for the background worker",
            progress_at=timezone.now(),
        )
    )
    if queued:
        result = run_job.enqueue(job.pk, user.pk if user else None, save_as.strip())
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def job_cancel(job: ImportJob) -> bool:
    """Ask the job's task to stop; False when it has already finished (or is saving on
    SQLite, which holds its write lock until the rows are in: it cannot be stopped then)."""
    try:
        with transaction.atomic():
            if ImportJob.objects.filter(pk=job.pk, task_state=TaskState.QUEUED).update(
                task_state=TaskState.CANCELLED, message="Stopped before it started"
            ) or ImportJob.objects.filter(pk=job.pk, task_state=TaskState.RUNNING).update(
                task_state=TaskState.CANCELLING, message="Stopping"
            ):
                return True
    except OperationalError:  # "database is locked"
        logger.info("Import job %s could not be stopped while it saved", job.pk)
    return False


def job_mark_stopped(job: ImportJob) -> bool:
    """Mark a stalled job failed, saying why, so that it can be started again; False when it
    is not stalled now (it made progress meanwhile, or finished).

    One conditional update, applied only if the job is still quiet at that moment, so
    it cannot race a worker's progress. A worker alive after all finds the job no
    longer running at its next progress record or its final write, and stops with
    nothing saved. A worker holding SQLite's write lock (saving) makes the update
    fail: it is alive, so the answer is False.
    """
    try:
        with transaction.atomic():
            return bool(
                ImportJob.objects.stalled()
                .filter(pk=job.pk)
                .update(task_state=TaskState.FAILED, message=job.stall_message)
            )
    except OperationalError:  # "database is locked"
        logger.info("Import job %s could not be marked as stopped while it saved", job.pk)
    return False


class JobProgress(Progress):
    """Records an import's progress on its job's row; raises :class:`Cancelled` when the
    row no longer says running (someone asked it to stop).

    ``processed`` of ``total`` counts the spreadsheet's rows read and checked; the
    saving that follows is one step, named in ``message``, as it cannot be
    recorded while it runs.
    """

    def __init__(self, job_id: int, *, trial: bool) -> None:
        self.job_id = job_id
        self.trial = trial
        self.rows = 0

    def running(self) -> QuerySet[ImportJob]:
        return ImportJob.objects.filter(pk=self.job_id, task_state=TaskState.RUNNING)

    def record(self, done: int, message: str) -> None:
        try:
            with transaction.atomic():
                running = self.running().update(
                    processed=done, total=self.rows, message=message, progress_at=timezone.now()
                )
        except OperationalError:
            # The database is busy (on SQLite, another writer past the busy timeout).
            # Progress is only news: skip this step; the next one, or the end, sees a stop.
            logger.info("Import job %s: progress not recorded (database busy)", self.job_id)
            return
        if not running:
            raise Cancelled

    def reading(self, done: int, total: int) -> None:
        self.rows = total
        self.record(done, "Reading and checking the rows")

    def saving(self, done: int, total: int) -> None:
        if done == 0:
            rows = f"{total:,} row{'s' if total != 1 else ''}"
            step = f"matching {rows} with the records" if self.trial else f"saving {rows}"
            self.record(self.rows, f"Every row is checked; {step}, all together")
        elif not self.running().exists():  # inside the transaction: read only
            raise Cancelled


def finish(job_id: int, task_state: str, message: str) -> None:
    """Record how the run ended, unless the job has moved on without it (marked as stopped
    when it seemed stalled, then perhaps started again: that new run is not this one's)."""
    ImportJob.objects.filter(pk=job_id, task_state__in=ImportJob.WORKING).update(
        task_state=task_state, message=message[:500]
    )


def check(job: ImportJob, user: User | None, progress: JobProgress) -> None:
    """The trial run: the report and the problems workbook, kept on the job."""
    report = import_file(
        path=job.stored_path,
        programme=job.programme,
        user=user,
        coordinator=job.coordinator,
        mapping=job_mapping(job),
        dry_run=True,
        display_name=job.file_name,
        progress=progress,
    )
    Path(job.stored_path + ".errors.xlsx").write_bytes(error_workbook(report))
    done = progress.running().update(
        report=report.for_page(),
        state=State.CHECKED,
        task_state=TaskState.DONE,
        processed=F("total"),
        message=f"Checked {report.rows:,} row{'s' if report.rows != 1 else ''}",
    )
    if not done:
        raise Cancelled


def commit(job: ImportJob, user: User | None, progress: JobProgress, save_as: str) -> None:
    """The import for real; the job says "imported" only if the rows were saved."""
    mapping = job_mapping(job)

    def mark_imported(report: Report) -> None:
        # Last, inside the import's transaction: a stop asked for meanwhile rolls it back.
        if not progress.running().update(
            report=report.for_page(),
            state=State.IMPORTED,
            task_state=TaskState.DONE,
            committed=timezone.now(),
            processed=report.rows - len(report.rejected_rows),
            message=f"Imported {report.rows:,} row{'s' if report.rows != 1 else ''}",
        ):
            raise Cancelled
        if save_as:
            mapping_save(
                programme=job.programme,
                name=save_as,
                mapping=mapping,
                user=user,
                coordinator=job.coordinator,
            )

    import_file(
        path=job.stored_path,
        programme=job.programme,
        user=user,
        coordinator=job.coordinator,
        mapping=mapping,
        display_name=job.file_name,
        job=job,
        progress=progress,
        before_commit=mark_imported,
    )


@task()
def run_job(job_id: int, user_id: int | None, save_as: str = "") -> None:
    """Run a job's trial run or import; every ending is recorded on the job."""
    if not ImportJob.objects.filter(pk=job_id, task_state=TaskState.QUEUED).update(
        task_state=TaskState.RUNNING, message="Starting", progress_at=timezone.now()
    ):
        return  # stopped before it started
    job = ImportJob.objects.select_related("programme", "coordinator").get(pk=job_id)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    progress = JobProgress(job_id, trial=job.task != ImportJob.Task.COMMIT)
    try:
        if job.task == ImportJob.Task.COMMIT:
            commit(job, user, progress, save_as)
        else:
            check(job, user, progress)
    except Cancelled:
        finish(job_id, TaskState.CANCELLED, "Stopped: nothing was saved")
    except ImportFailed as error:
        finish(job_id, TaskState.FAILED, str(error))
    except Exception as error:
        logger.exception("Import job %s failed", job_id)
        finish(
            job_id,
            TaskState.FAILED,
            f"{job.file_name}: an unexpected error stopped it, so nothing was saved "
            f"({type(error).__name__}: {first_line(error)}). The team has been told.",
        )
