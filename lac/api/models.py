"""API tokens: a user's key for the REST API, limited to the scopes they chose.

Only a SHA-256 hash of a token is stored (tokens are long and random, so a
slow password hash adds nothing); the token itself is shown once, when made.
A token acts as its user: it can never see more than the user could on the
web, and less when its scopes are narrower.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    PEOPLE_READ = "people:read", _("Read people's details")
    CASEWORK_READ = "casework:read", _("Read introductions and conversations")
    CASEWORK_WRITE = "casework:write", _("Record introductions and conversations")
    OUTCOMES_READ = "outcomes:read", _("Read assessments and outcome events")
    COMMUNITY_READ = "community:read", _("Read the community directory")
    REPORTS_READ = "reports:read", _("Read social value (impact map) runs")
    INTRODUCTIONS_SEND = (
        "introductions:send",
        _("Send introductions from a partner organisation and read the news back"),
    )
    WELCOME_READ = "welcome:read", _("Read the introductions waiting to be welcomed")
    VISITS_READ = "visits:read", _("Read your own lone-working visits")
    VISITS_WRITE = "visits:write", _("Start, extend and end your own lone-working visits")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text=_("What it is for, e.g. “council data hub”"))
    prefix = models.CharField(max_length=12, help_text=_("The start of the token, to recognise it"))
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes
