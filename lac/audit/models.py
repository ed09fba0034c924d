"""One small table for every read of a person's record and every write.

Each event names the person it concerns, so a person's whole trail (for a
manager, or for their subject access export) is one indexed query. The person
link has no database constraint: the trail outlives a merge or an erasure.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Action(models.TextChoices):
    READ = "read", "Looked at"
    CREATE = "create", "Added"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    MERGE = "merge", "Merged"
    EXPORT = "export", "Exported"
    LIST = "list", "Viewed a list"
    """A page listing people (a caseload, say): one event for the list, not one per person."""


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    username = models.CharField(max_length=150, blank=True, help_text="Kept if the user goes")
    action = models.CharField(max_length=10, choices=Action.choices)
    what = models.CharField(max_length=300, help_text="What was seen or changed, in words")
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    programme_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, help_text="app_label.model")
    object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="Field: [before, after]")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["person", "at"], name="audit_person_at"),
            # The programme's list of lists viewed, newest first, stays quick as the trail grows.
            models.Index(fields=["action", "programme_id", "at"], name="audit_action_programme_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username or 'system'} {self.get_action_display().lower()} {self.what}"
