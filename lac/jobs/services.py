"""Writes for background jobs of every kind: queue, stop, mark as stopped, run, finish.

A job is a row of a :class:`~lac.jobs.models.BackgroundJob` subclass; its work is
a django-tasks task (``lac db_worker`` runs them) that calls :func:`job_run`
with the function doing the work. Every state change is one conditional
update, so a worker, a person pressing Stop and a person marking a stalled job
as stopped never overwrite each other: whoever moves the row first wins, and
the others see that they did not.

A worker that dies (killed, the machine restarted, its database connection
lost) stops beating: :func:`heartbeat` beats every ``HEARTBEAT_EVERY`` from a
thread beside the task, so a job whose worker died is stalled after
``STALL_AFTER`` (two minutes), and Stop then marks it stopped at once. Its
django-tasks row, left "running" by the dead worker, is marked failed with it.

A job is done in the language it was asked for in, whatever kind it is: :func:`job_queue`
records the language of the request that queued it (the reader's saved one, the
language switch's, the browser's, or an API request's ``Accept-Language``) and
:func:`job_run` does the work in it, so that a Welsh reader's import report, PDF or
messages, read later on their pages, are in Welsh even if they chose English since.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.db import (
    DatabaseError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from lac.jobs.models import ACTIVE, HEARTBEAT_EVERY, WORKING, BackgroundJob, TaskState

logger = logging.getLogger(__name__)

J = TypeVar("J", bound=BackgroundJob)


class QueueFull(Exception):
    """Too many jobs of a kind already waiting for the worker; the message says whose."""


def check_queue_room(
    model: type[BackgroundJob],
    *,
    what: str,
    owner_id: int | None,
    programme: object,
    per_user: int,
    per_programme: int,
    exclude_pk: int | None = None,
) -> None:
    """At most ``per_user`` jobs of a kind waiting or running for one person and
    ``per_programme`` for one programme, so one person's requests cannot hold the only
    worker while everyone else's imports, PDFs and extracts wait. Every kind of job
    has ``created_by`` and ``programme`` (the abstract model leaves them to each kind)."""
    active = model._default_manager.filter(task_state__in=ACTIVE).exclude(pk=exclude_pk)
    if owner_id is not None and active.filter(Q(created_by=owner_id)).count() >= per_user:
        raise QueueFull(
            gettext(
                "You already have %(count)s %(what)s waiting or in progress. "
                "Wait for one to finish, then start this one."
            )
            % {"count": per_user, "what": what}
        )
    if active.filter(Q(programme=getattr(programme, "pk", programme))).count() >= per_programme:
        raise QueueFull(
            gettext(
                "%(programme)s already has %(count)s %(what)s waiting or in progress. "
                "Wait for one to finish, then start this one."
            )
            % {"programme": programme, "count": per_programme, "what": what}
        )


class Cancelled(Exception):
    """Someone asked the job to stop (or marked it stopped): its work ends, nothing kept."""


def asked_in() -> str:
    """The language a job is being asked for in: the one active now (a request's, see
    :mod:`lac.accounts.language`), or the site's when none is (a command)."""
    try:
        return translation.get_supported_language_variant(
            translation.get_language() or settings.LANGUAGE_CODE
        )
    except LookupError:
        return settings.LANGUAGE_CODE


def job_queue(job: J, enqueue: Callable[[], object], **fields: object) -> bool:
    """Queue the job's task unless the job is already waiting, running or stopping;
    ``enqueue`` hands the task to the backend and returns its result. The job records
    the language it is asked for in (:func:`asked_in`), which :func:`job_run` does it in."""
    queued = (
        type(job)
        .objects.filter(pk=job.pk)
        .exclude(task_state__in=ACTIVE)
        .update(
            task_state=TaskState.QUEUED,
            processed=0,
            total=0,
            message="Waiting for the background worker",
            progress_at=timezone.now(),
            language=asked_in(),
            **fields,
        )
    )
    if queued:
        result = enqueue()
        type(job).objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])  # type: ignore[attr-defined]
    job.refresh_from_db()
    return bool(queued)


def job_cancel(job: BackgroundJob) -> bool:
    """Ask the job to stop; False when it has already finished (or is saving on SQLite,
    which holds its write lock until it is done: it cannot be stopped then).

    A queued job is stopped before it starts; a stalled one (its worker died) is
    marked stopped at once, since nobody is left to see the request; a running
    one is asked, and its worker stops at its next progress record.
    """
    model = type(job).objects
    try:
        with transaction.atomic():
            if model.filter(pk=job.pk, task_state=TaskState.QUEUED).update(
                task_state=TaskState.CANCELLED, message="Stopped before it started"
            ):
                return True
            if job_mark_stopped(job):
                return True
            return bool(
                model.filter(pk=job.pk, task_state=TaskState.RUNNING).update(
                    task_state=TaskState.CANCELLING, message="Stopping"
                )
            )
    except OperationalError:  # "database is locked"
        logger.info("Job %s could not be stopped while it saved", job.pk)
    return False


def job_mark_stopped(job: BackgroundJob) -> bool:
    """Mark a stalled job failed, saying why, so that it can be started again; False when it
    is not stalled now (it made progress meanwhile, or finished).

    One conditional update, applied only if the job is still quiet at that moment, so
    it cannot race a worker's heartbeat. A worker alive after all finds the job no
    longer running at its next progress record or its final write, and stops with
    nothing saved. A worker holding SQLite's write lock (saving) makes the update
    fail: it is alive, so the answer is False.
    """
    job.refresh_from_db(fields=["progress_at"])
    if not job.progress_at:
        return False
    try:
        with transaction.atomic():
            stopped = (
                type(job)
                .objects.stalled()
                .filter(pk=job.pk)
                .update(task_state=TaskState.FAILED, message=job.stall_message)
            )
            if stopped and job.task_id:
                task_row_fail(job.task_id)
            return bool(stopped)
    except OperationalError:  # "database is locked"
        logger.info("Job %s could not be marked as stopped while it saved", job.pk)
    return False


def task_row_fail(task_id: str) -> None:
    """Mark a dead worker's django-tasks row failed: it would otherwise say "running" for
    ever (the worker that would have finished it is gone). Only the database backend
    keeps rows, with UUIDs for ids; other backends' ids are not looked up."""
    from django_tasks_db.models import DBTaskResult

    try:
        uuid.UUID(task_id)
    except ValueError:
        return
    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now()
    )


def job_finish(model: type[BackgroundJob], job_id: int, task_state: str, message: str) -> bool:
    """Record how the run ended, unless the job has moved on without it (marked as stopped
    when it seemed stalled, then perhaps started again: that new run is not this one's)."""
    return bool(
        model.objects.filter(pk=job_id, task_state__in=WORKING).update(
            task_state=task_state, message=message[:500]
        )
    )


def job_claim(model: type[BackgroundJob], job_id: int) -> bool:
    """Move a queued job to running; False when it was stopped before it started."""
    return bool(
        model.objects.filter(pk=job_id, task_state=TaskState.QUEUED).update(
            task_state=TaskState.RUNNING, message="Starting", progress_at=timezone.now()
        )
    )


def job_progress(model: type[BackgroundJob], job_id: int, **fields: object) -> None:
    """Record progress (and a heartbeat); raise :class:`Cancelled` when the job is no longer
    running (someone asked it to stop).

    A busy database (SQLite past its busy timeout) skips the record: progress is
    only news, and the next record, or the end, sees a stop.
    """
    try:
        with transaction.atomic():
            running = model.objects.filter(pk=job_id, task_state=TaskState.RUNNING).update(
                progress_at=timezone.now(), **fields
            )
    except OperationalError:
        logger.info("Job %s: progress not recorded (database busy)", job_id)
        return
    if not running:
        raise Cancelled


@contextmanager
def heartbeat(model: type[BackgroundJob], job_id: int) -> Iterator[None]:
    """Beat for the job every ``HEARTBEAT_EVERY`` while the block runs, from a thread with
    its own database connection, so a long step (a PDF, a simulation) is not taken for a
    dead worker, and a dead worker stops beating with it."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT_EVERY.total_seconds()):
                try:
                    model.objects.filter(pk=job_id, task_state__in=WORKING).update(
                        progress_at=timezone.now()
                    )
                except DatabaseError:  # busy or reconnecting: the next beat tries again
                    close_old_connections()
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{model.__name__}-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


class JobFailed(Exception):
    """The job could not be done, for a reason people can act on: its message, one line, is
    shown on the job's page as it is."""


STOPPED = gettext_lazy("Stopped: nothing was saved")


def job_run(
    model: type[J],
    job_id: int,
    work: Callable[[J], None],
    *,
    unexpected: Callable[[J, Exception], str],
) -> None:
    """Run ``work`` on a queued job, in the language it was asked for in, and record every
    ending on it: finished (``work`` writes that itself, with its results), stopped, or
    failed, with :class:`JobFailed`'s message or, for anything else (logged with its
    traceback), ``unexpected``'s.

    A database error may have lost the connection: it is closed so that the ending can
    still be written on a new one, instead of the job saying "running" until it stalls.
    """
    if not job_claim(model, job_id):
        return  # stopped before it started
    job = model.objects.get(pk=job_id)
    with translation.override(job.language):
        try:
            with heartbeat(model, job_id):
                work(job)
        except Cancelled:
            job_finish(model, job_id, TaskState.CANCELLED, str(STOPPED))
        except JobFailed as error:
            job_finish(model, job_id, TaskState.FAILED, str(error))
        except Exception as error:
            logger.exception("%s %s failed", model.__name__, job_id)
            if isinstance(error, DatabaseError) and not connection.in_atomic_block:
                connection.close()
            job_finish(model, job_id, TaskState.FAILED, unexpected(job, error))
