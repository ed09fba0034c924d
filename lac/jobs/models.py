"""What every background job records: where its task is, how far it got, and its heartbeat.

Imports (trial runs and imports) and reports (PDFs, extracts, runs) subclass
:class:`BackgroundJob`, so every kind of job is queued, stopped, found stalled
and marked as stopped by the same code (:mod:`lac.jobs.services`) and shown by
the same partial (``jobs/_status.html``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import models
from django.utils import dateformat, timezone
from django.utils.translation import gettext, gettext_lazy

HEARTBEAT_EVERY = timedelta(seconds=15)
"""How often a running job's worker says it is alive (a thread beside the task)."""

STALL_AFTER = timedelta(minutes=2)
"""How long a running or stopping job may go without a heartbeat before it is taken for
stalled: its worker died (killed, the machine restarted) and it will never finish.

Eight missed beats. The heartbeat runs on its own thread and connection, so it keeps
beating while the task computes; only on SQLite, while an import saves its rows and
holds the database's one write lock, can beats be missed, and that saving pass takes
seconds to a minute even for 100,000 rows. A job waiting this long to *start* is not
stalled: no worker is running (see ``is_waiting_long``).
"""


def stall_cutoff() -> datetime:
    return timezone.now() - STALL_AFTER


def clock(moment: datetime) -> str:
    """A moment as "14:05" today, or "14:05 on 24 November" for an earlier day (a stalled
    job may be found days later)."""
    local = timezone.localtime(moment)
    same_day = local.date() == timezone.localdate()
    return dateformat.format(local, "H:i" if same_day else "H:i \\o\\n j F")


class TaskState(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Waiting to start")
    RUNNING = "running", gettext_lazy("In progress")
    CANCELLING = "cancelling", gettext_lazy("Stopping")
    CANCELLED = "cancelled", gettext_lazy("Stopped")
    FAILED = "failed", gettext_lazy("Could not be finished")
    DONE = "done", gettext_lazy("Finished")


ACTIVE = (TaskState.QUEUED, TaskState.RUNNING, TaskState.CANCELLING)
"""The states in which a job is waiting, running or stopping."""

WORKING = (TaskState.RUNNING, TaskState.CANCELLING)
"""The states in which a worker has the job, so it can stall."""


J = TypeVar("J", bound="BackgroundJob")


def stalled_among(jobs: models.QuerySet[J]) -> models.QuerySet[J]:
    """The jobs :attr:`BackgroundJob.is_stalled` picks, as one filter: for a conditional
    update, or a page listing the stalled jobs of any kind."""
    return jobs.filter(task_state__in=WORKING, progress_at__lt=stall_cutoff())


class BackgroundJobQuerySet(models.QuerySet):
    def stalled(self) -> BackgroundJobQuerySet:
        return stalled_among(self)  # type: ignore[type-var,return-value]


class BackgroundJob(models.Model):
    """A job done by a django-tasks task: ``task_state`` says where it is, ``processed`` of
    ``total`` with ``message`` how far it got, and ``progress_at`` is its heartbeat, set
    when it is queued, when it starts, at every progress record and every
    ``HEARTBEAT_EVERY`` while it runs. ``language`` is the one it was last asked for in:
    its work is done in it, whoever reads it later and whatever they chose since."""

    TaskState = TaskState
    ACTIVE = ACTIVE
    WORKING = WORKING

    task_state = models.CharField(max_length=10, choices=TaskState.choices, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    progress_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=gettext_lazy("When the task last moved: queued, started or progressed"),
    )
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects = BackgroundJobQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        """The job's status page, where a view that started it sends the user; a kind of
        job started through :func:`lac.jobs.starters.background_job_start` says where."""
        raise NotImplementedError

    @property
    def is_busy(self) -> bool:
        """The job is waiting, running or stopping."""
        return self.task_state in ACTIVE

    @property
    def is_finished(self) -> bool:
        return self.task_state in {TaskState.DONE, TaskState.FAILED, TaskState.CANCELLED}

    @property
    def percent(self) -> int:
        return min(100, self.processed * 100 // self.total) if self.total else 0

    @property
    def quiet_since(self) -> datetime | None:
        """When the task last moved, if that was longer than ``STALL_AFTER`` ago."""
        if self.progress_at is not None and self.progress_at < stall_cutoff():
            return self.progress_at
        return None

    @property
    def is_stalled(self) -> bool:
        """Running or stopping, with no heartbeat for ``STALL_AFTER``: its worker died."""
        return self.task_state in WORKING and self.quiet_since is not None

    @property
    def is_waiting_long(self) -> bool:
        """Queued for longer than ``STALL_AFTER``: no worker is taking tasks."""
        return self.task_state == TaskState.QUEUED and self.quiet_since is not None

    @property
    def quiet_clock(self) -> str:
        """When a quiet job (stalled, or waiting long) last moved, for people to read."""
        assert self.progress_at is not None
        return clock(self.progress_at)

    @property
    def stall_message(self) -> str:
        """What happened to a stalled job, in the words kept when it is marked as stopped."""
        return gettext(
            "The background worker stopped without finishing: no progress since %(clock)s. "
            "%(nothing_saved)s"
        ) % {"clock": self.quiet_clock, "nothing_saved": self.nothing_saved}

    @property
    def title(self) -> str:
        """The job as the start of a sentence: "The trial run", "SROI report as PDF"."""
        raise NotImplementedError

    @property
    def nothing_saved(self) -> str:
        """What a job that stopped part way leaves behind, in its own words (a subclass says
        more: "Nothing from this file was saved")."""
        return gettext("Nothing was saved.")
