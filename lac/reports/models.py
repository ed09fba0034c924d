"""A record of each pseudonymised extract: who took it, of what, and its secret salt.

The salt never leaves the server: an evaluator who needs to follow the same
people in a later extract asks for "the same pseudonyms as extract N".
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from lac.accounts.models import Programme


def new_salt() -> str:
    return secrets.token_hex(32)


class Extract(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="extracts")
    period_start = models.DateField()
    period_end = models.DateField()
    salt = models.CharField(max_length=64, default=new_salt, editable=False)
    same_pseudonyms_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rows = models.PositiveIntegerField(default=0)
    file_format = models.CharField(max_length=4)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Extract {self.pk} of {self.programme}"


class JobKind(models.TextChoices):
    SROI_PDF = "sroi_pdf", "SROI report as PDF"
    EXTRACT = "extract", "Pseudonymised extract"
    RUN = "run", "Run of the value engine"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "In progress"
    DONE = "done", "Ready"
    FAILED = "failed", "Could not be finished"


class Job(models.Model):
    """Long work done in the background (django-tasks), with its progress and its file."""

    kind = models.CharField(max_length=10, choices=JobKind.choices)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="report_jobs")
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to="reports/jobs/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}
