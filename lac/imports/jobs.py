"""Trial runs, imports and their undoing in the background, with progress, and stopping them.

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

A worker that dies mid-run (killed, the machine restarted) leaves nothing
written: its transaction died with it. Queueing, stopping, the heartbeat and
marking a stalled job as stopped are every job's (:mod:`lac.jobs.services`).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from lac.accounts.models import User
from lac.audit.actor import Actor
from lac.imports.engine import Cancelled, ImportFailed, Progress
from lac.imports.models import ImportJob
from lac.imports.readers import first_line
from lac.imports.report import Report, error_workbook
from lac.imports.services import import_file, job_mapping, mapping_save
from lac.imports.undo import Undone, UndoRefused, import_undo
from lac.jobs.services import Cancelled as JobCancelled
from lac.jobs.services import JobFailed, job_progress, job_queue, job_run
from lac.jobs.services import check_queue_room as queue_room
from lac.lib.private_files import write_private

State, TaskState = ImportJob.State, ImportJob.TaskState


def check_queue_room(*, job: ImportJob, actor: Actor) -> None:
    """The job framework's queue cap, with the imports' own limits (settings
    ``LAC_IMPORT_MAX_QUEUED_PER_USER`` and ``LAC_IMPORT_MAX_QUEUED_PER_PROGRAMME``)."""
    queue_room(
        ImportJob,
        what="imports",
        owner_id=actor.user.pk if actor.user else None,
        programme=job.programme,
        per_user=settings.LAC_IMPORT_MAX_QUEUED_PER_USER,
        per_programme=settings.LAC_IMPORT_MAX_QUEUED_PER_PROGRAMME,
        exclude_pk=job.pk,
    )


def job_start(*, job: ImportJob, task_kind: str, actor: Actor, save_as: str = "") -> ImportJob:
    """Queue a trial run, the import of the job's file or its undo, done for whoever acts
    (the trail names them), unless one is already going."""
    check_queue_room(job=job, actor=actor)
    user_id = actor.user.pk if actor.user else None
    job_queue(job, lambda: run_job.enqueue(job.pk, user_id, save_as.strip()), task=task_kind)
    return job


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
            job_progress(ImportJob, self.job_id, processed=done, total=self.rows, message=message)
        except JobCancelled:
            raise Cancelled from None

    def reading(self, done: int, total: int) -> None:
        self.rows = total
        self.record(done, _("Reading and checking the rows"))

    def saving(self, done: int, total: int) -> None:
        if done == 0:
            if self.trial:
                step = ngettext(
                    "Every row is checked; matching %(count)s row with the records, all together",
                    "Every row is checked; matching %(count)s rows with the records, all together",
                    total,
                )
            else:
                step = ngettext(
                    "Every row is checked; saving %(count)s row, all together",
                    "Every row is checked; saving %(count)s rows, all together",
                    total,
                )
            self.record(self.rows, step % {"count": f"{total:,}"})
        else:
            self.stop_if_asked()

    def stop_if_asked(self) -> None:
        """Raise :class:`Cancelled` if someone asked the job to stop; reads only, so it may
        be called inside the transaction."""
        if not self.running().exists():
            raise Cancelled


def check(job: ImportJob, actor: Actor, progress: JobProgress) -> None:
    """The trial run: the report and the problems workbook, kept on the job."""
    report = import_file(
        path=job.stored_path,
        programme=job.programme,
        actor=actor,
        coordinator=job.coordinator,
        mapping=job_mapping(job),
        dry_run=True,
        display_name=job.file_name,
        progress=progress,
    )
    write_private(Path(job.stored_path + ".errors.xlsx"), error_workbook(report))
    done = progress.running().update(
        report=report.for_page(),
        state=State.CHECKED,
        task_state=TaskState.DONE,
        processed=F("total"),
        message=ngettext("Checked %(count)s row", "Checked %(count)s rows", report.rows)
        % {"count": f"{report.rows:,}"},
    )
    if not done:
        raise Cancelled


def commit(job: ImportJob, actor: Actor, progress: JobProgress, save_as: str) -> None:
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
            message=ngettext("Imported %(count)s row", "Imported %(count)s rows", report.rows)
            % {"count": f"{report.rows:,}"},
        ):
            raise Cancelled
        if save_as:
            mapping_save(
                programme=job.programme,
                name=save_as,
                mapping=mapping,
                actor=actor,
                coordinator=job.coordinator,
            )

    import_file(
        path=job.stored_path,
        programme=job.programme,
        actor=actor,
        coordinator=job.coordinator,
        mapping=mapping,
        display_name=job.file_name,
        job=job,
        progress=progress,
        before_commit=mark_imported,
    )


def undo(job: ImportJob, actor: Actor, progress: JobProgress) -> None:
    """Undo the import (:func:`lac.imports.undo.import_undo`); the job says "finished", with
    what was removed, only if the undo was saved. A refusal fails the job with its reason,
    and the undo page lists the changes that stand in the way."""

    def checked(done: int, total: int) -> None:
        progress.rows = total
        if done < total:
            progress.record(done, _("Looking for changes made since the import"))
        else:
            progress.record(
                done,
                _(
                    "Nothing has changed since the import; removing what it brought in, "
                    "all together"
                ),
            )

    def mark_undone(done: Undone) -> None:
        # Last, inside the undo's transaction: a stop asked for meanwhile rolls it back.
        if not progress.running().update(
            task_state=TaskState.DONE, processed=F("total"), message=done.sentence(job.file_name)
        ):
            raise Cancelled

    try:
        import_undo(
            job=job,
            actor=actor,
            checked=checked,
            between=progress.stop_if_asked,
            before_commit=mark_undone,
        )
    except UndoRefused as refused:
        raise JobFailed(str(refused)) from None


def unexpected(job: ImportJob, error: Exception) -> str:
    if job.task == ImportJob.Task.UNDO:
        words = _(
            "%(file)s: an unexpected error stopped it, so nothing was undone (%(error)s). "
            "The team has been told."
        )
    else:
        words = _(
            "%(file)s: an unexpected error stopped it, so nothing was saved (%(error)s). "
            "The team has been told."
        )
    return words % {"file": job.file_name, "error": f"{type(error).__name__}: {first_line(error)}"}


def work(job: ImportJob, user: User | None, save_as: str) -> None:
    """The trial run or the import, with the engine's stop and failure as every job's."""
    actor = Actor.working_as(user, job=f"import {job.pk} ({job.task})")
    progress = JobProgress(job.pk, trial=job.task != ImportJob.Task.COMMIT)
    try:
        if job.task == ImportJob.Task.UNDO:
            undo(job, actor, progress)
        elif job.task == ImportJob.Task.COMMIT:
            commit(job, actor, progress, save_as)
        else:
            check(job, actor, progress)
    except Cancelled:
        raise JobCancelled from None
    except ImportFailed as error:
        raise JobFailed(str(error)) from None


@task()
def run_job(job_id: int, user_id: int | None, save_as: str = "") -> None:
    """Run a job's trial run, import or undo for the user who started it; every ending is
    recorded on the job, and its report and messages are in the language it was asked
    for in, as every job's are (:func:`lac.jobs.services.job_run`)."""
    user = User.objects.filter(pk=user_id).first() if user_id else None
    job_run(ImportJob, job_id, lambda job: work(job, user, save_as), unexpected=unexpected)
