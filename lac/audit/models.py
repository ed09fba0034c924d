"""One small table for every read of a person's record and every write.

Each event names the person it concerns, so a person's whole trail (for a
manager, or for their subject access export) is one indexed query. The person
link has no database constraint: the trail outlives a merge or an erasure.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class Action(models.TextChoices):
    READ = "read", gettext_lazy("Looked at")
    CREATE = "create", gettext_lazy("Added")
    UPDATE = "update", gettext_lazy("Changed")
    DELETE = "delete", gettext_lazy("Deleted")
    MERGE = "merge", gettext_lazy("Merged")
    EXPORT = "export", gettext_lazy("Exported")
    LIST = "list", gettext_lazy("Viewed a list")
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
    username = models.CharField(
        max_length=150, blank=True, help_text=gettext_lazy("Kept if the user goes")
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    what = models.CharField(
        max_length=300, help_text=gettext_lazy("What was seen or changed, in words")
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    programme_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(
        max_length=100, blank=True, help_text=gettext_lazy("app_label.model")
    )
    object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(
        default=dict, blank=True, help_text=gettext_lazy("Field: [before, after]")
    )
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
