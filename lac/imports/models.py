"""Imports of coordinators' monitoring spreadsheets: saved mappings, jobs and imported rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lac.accounts.models import Programme
from lac.jobs.models import BackgroundJob


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


class ImportJob(BackgroundJob):
    """One uploaded file on its way from upload, through a dry run, to commit.

    ``state`` is how far the file has come (uploaded, checked, imported). The
    trial run and the import themselves run in the background (see
    :mod:`lac.imports.jobs`) as a :class:`~lac.jobs.models.BackgroundJob`:
    ``task`` says which one ran last, and the base class's fields where it is,
    how far it got and its heartbeat.
    """

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        CHECKED = "checked", "Checked"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Failed"

    class Task(models.TextChoices):
        CHECK = "check", "Trial run"
        COMMIT = "commit", "Import"

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

    nothing_saved = "Nothing from this file was saved."

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def title(self) -> str:
        return f"The {self.get_task_display().lower()}"


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
