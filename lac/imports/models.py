"""Imports of coordinators' monitoring spreadsheets: saved mappings, jobs and imported rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lac.accounts.models import Programme
from lac.jobs.models import BackgroundJob


class ImportMapping(models.Model):
    """A column and value mapping saved for one coordinator's spreadsheet layout (a template)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200, help_text=_("For example, “Jo's monitoring sheet”"))
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Whose spreadsheets use this layout"),
    )
    columns = models.JSONField(default=dict, blank=True, help_text=_("Header → field name"))
    values = models.JSONField(default=dict, blank=True, help_text=_("Field → {value → code}"))
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

    ``state`` is how far the file has come (uploaded, checked, imported, undone).
    The trial run, the import and its undo run in the background (see
    :mod:`lac.imports.jobs`) as a :class:`~lac.jobs.models.BackgroundJob`:
    ``task`` says which one ran last, and the base class's fields where it is,
    how far it got and its heartbeat.
    """

    class State(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        CHECKED = "checked", _("Checked")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")
        UNDONE = "undone", _("Undone")

    class Task(models.TextChoices):
        CHECK = "check", _("Trial run")
        COMMIT = "commit", _("Import")
        UNDO = "undo", _("Undo")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who the records belong to when the file has no coordinator column"),
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
    undone = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    @property
    def nothing_saved(self) -> str:
        """An undo that stops part way takes nothing out: saying "nothing was saved" there
        would read as if the import were lost."""
        if self.task == self.Task.UNDO:
            return gettext("Nothing was undone: all that the import brought in is still there.")
        return gettext("Nothing from this file was saved.")

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def title(self) -> str:
        """The task as the start of a sentence, whole, so that each language words it its own
        way."""
        titles = {
            self.Task.CHECK.value: _("The trial run"),
            self.Task.COMMIT.value: _("The import"),
            self.Task.UNDO.value: _("The undo"),
        }
        return str(titles.get(self.task) or self.get_task_display())


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
    record_id = models.CharField(
        max_length=100,
        blank=True,
        help_text=_(
            "The spreadsheet's own id for the person (its ID or Ref column), so that "
            "a contacts log or a sheet of outcomes can be joined to them"
        ),
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "import_key"], name="importedrow_key_unique_in_programme"
            )
        ]
        indexes = [models.Index(fields=["programme", "record_id"], name="importedrow_record_id")]

    def __str__(self) -> str:
        return f"{self.source_file} {self.source_sheet} row {self.source_row}"


class ImportedRecord(models.Model):
    """One row of a contacts log, a sheet of outcomes or of services avoided, once imported:
    its key, so importing the same row again adds nothing."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    import_key = models.CharField(max_length=200)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=100, help_text=_("app_label.model of the record it made"))
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "import_key"], name="importedrecord_key_unique_in_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id}"


class ImportWrite(models.Model):
    """What one import wrote, kept so that the import can be undone as a whole.

    ``added``: the records it added to people who were there before it (records of the
    people it created go with them), and the people it created. ``changed``: one record
    it changed, with the values it had before. ``touched``: the people who were there
    before and whose records it added to or changed.
    """

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        CHANGED = "changed", _("Changed")
        TOUCHED = "touched", _("Touched")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="writes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    model = models.CharField(max_length=100, help_text=_("app_label.model"))
    ids = models.JSONField(default=list, blank=True)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Whose record a change was made to"),
    )
    before = models.JSONField(default=dict, blank=True, help_text=_("Field → value before"))

    class Meta:
        ordering = ["job", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.model}"
