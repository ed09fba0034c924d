"""A one-time link a coordinator gives a person, to open one page without signing in.

The person opens it on their own phone: to fill in a measure, to say how
things are months after walking alongside ended, to read their own plan. The
link is bound to that person, to one purpose and (where the purpose needs one)
to the record it opens, lasts a short time and works once. Only a hash of its
token is kept, so the table leaks no working link.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy

from lac.people.models import Person

#: SHA-256 in hex.
TOKEN_HASH_CHARS = 64


class PersonalLink(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="personal_links")
    purpose = models.CharField(
        max_length=40, help_text=gettext_lazy("What the link opens, by its code")
    )
    token_hash = models.CharField(max_length=TOKEN_HASH_CHARS, unique=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    expires = models.DateTimeField()
    issued = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued", "-pk"]
        indexes = [models.Index(fields=["person", "purpose"], name="personal_link_person_purpose")]

    def __str__(self) -> str:
        return f"One-time link ({self.purpose}) issued {self.issued:%d %B %Y}"

    @property
    def target(self) -> models.Model | None:
        """The record the link opens (a measure's version, say), or None."""
        if self.target_type is None or self.target_id is None:
            return None
        model = self.target_type.model_class()
        if model is None:
            return None
        return model._default_manager.filter(pk=self.target_id).first()
