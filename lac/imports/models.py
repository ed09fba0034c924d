"""Imports of coordinators' monitoring spreadsheets: saved mappings, jobs and imported rows."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import dateformat, timezone

from lac.accounts.models import Programme

STALL_AFTER = timedelta(minutes=15)
"""How long a running or stopping job may go without recording progress before it is
taken for stalled: its worker died (killed, or the machine restarted) and it will never
finish. While it reads, a job records progress every few hundred rows, seconds apart.
The saving pass records none (on SQLite the import holds the database's only write
lock; on PostgreSQL the job's row must stay unlocked for a stop to land), but it takes
seconds to a minute even for 100,000 rows on SQLite, well inside this. A job waiting
this long to *start* is not stalled: the worker is not running (see ``is_waiting_long``).
"""


class ImportMapping(models.Model):
    """A column and value mapping saved for one coordinator's spreadsheet layout (a template)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200, help_text="For example, “Jo's monitoring sheet”")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Whose spreadsheets use this layout",
    )
    columns = models.JSONField(default=dict, blank=True, help_text="Header → field name")
    values = models.JSONField(default=dict, blank=True, help_text="Field → {value → code}")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="importmapping_name_unique_in_programme"
            )
        ]

    def __str__(self) -> str:
        return self.name


def stall_cutoff() -> datetime:
    return timezone.now() - STALL_AFTER


def clock(moment: datetime) -> str:
    """A moment as "14:05" today, or "14:05 on 24 November" for an earlier day (a stalled
    job may be found days later)."""
    local = timezone.localtime(moment)
    same_day = local.date() == timezone.localdate()
    return dateformat.format(local, "H:i" if same_day else "H:i \\o\\n j F")


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def stalled(self) -> ImportJobQuerySet:
        """The jobs :attr:`ImportJob.is_stalled` picks, as one filter for a conditional update."""
        return self.filter(task_state__in=ImportJob.WORKING, progress_at__lt=stall_cutoff())


class ImportJob(models.Model):
    """One uploaded file on its way from upload, through a dry run, to commit.

    ``state`` is how far the file has come (uploaded, checked, imported). The
    trial run and the import themselves run in the background (see
    :mod:`lac.imports.jobs`); ``task`` says which one ran last, ``task_state``
    where it is, and ``processed`` of ``total`` with ``message`` how far it got;
    ``progress_at`` is its heartbeat, by which a job whose worker died is found
    (``is_stalled``, after ``STALL_AFTER``).
    """

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        CHECKED = "checked", "Checked"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Failed"

    class Task(models.TextChoices):
        CHECK = "check", "Trial run"
        COMMIT = "commit", "Import"

    class TaskState(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        CANCELLING = "cancelling", "Stopping"
        CANCELLED = "cancelled", "Stopped"
        FAILED = "failed", "Could not be finished"
        DONE = "done", "Finished"

    ACTIVE = (TaskState.QUEUED, TaskState.RUNNING, TaskState.CANCELLING)
    WORKING = (TaskState.RUNNING, TaskState.CANCELLING)
    """The states in which a worker has the job, so it can stall."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who the records belong to when the file has no coordinator column",
    )
    file_name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    columns = models.JSONField(default=dict, blank=True)
    values = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.UPLOADED)
    report = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    committed = models.DateTimeField(null=True, blank=True)
    task = models.CharField(max_length=10, choices=Task.choices, blank=True)
    task_state = models.CharField(max_length=10, choices=TaskState.choices, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    progress_at = models.DateTimeField(
        null=True, blank=True, help_text="When the task last moved: queued, started or progressed"
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_busy(self) -> bool:
        """A trial run or an import is waiting, running or stopping."""
        return self.task_state in self.ACTIVE

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
        """Running or stopping, with no progress for ``STALL_AFTER``: its worker died."""
        return self.task_state in self.WORKING and self.quiet_since is not None

    @property
    def is_waiting_long(self) -> bool:
        """Queued for longer than ``STALL_AFTER``: no worker is taking tasks."""
        return self.task_state == self.TaskState.QUEUED and self.quiet_since is not None

    @property
    def quiet_clock(self) -> str:
        """When a quiet job (stalled, or waiting long) last moved, for people to read."""
        assert self.progress_at is not None
        return clock(self.progress_at)

    @property
    def stall_message(self) -> str:
        """What happened to a stalled job, in the words kept when it is marked as stopped."""
        return (
            f"The background worker stopped without finishing: no progress since "
            f"{self.quiet_clock}. Nothing from this file was saved."
        )


class ImportedRow(models.Model):
    """The values last imported for one row key, so a re-import can tell what changed."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    import_key = models.CharField(max_length=200)
    introduction = models.ForeignKey(
        "casework.Introduction", on_delete=models.CASCADE, related_name="+"
    )
    values = models.JSONField(default=dict, blank=True)
    source_file = models.CharField(max_length=255)
    source_sheet = models.CharField(max_length=100)
    source_row = models.PositiveIntegerField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "import_key"], name="importedrow_key_unique_in_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_file} {self.source_sheet} row {self.source_row}"
