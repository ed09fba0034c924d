"""The admin's configuration pages audit what they change, like every other page.

Rate cards, frameworks and the configurable lists are still edited in Django's
admin. Its own history (``LogEntry``) is not lac's audit trail, so without this a
corrected unit cost would leave no trace there, and figures kept for the
programme would go on showing the old cost's results until they expired.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_configuration


class AuditedAdmin(admin.ModelAdmin):
    """A model admin whose adds, changes (inline rows too) and deletions are audited."""

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change or form.has_changed():
            verb = "Changed" if change else "Added"
            self._audit(request, obj, Action.UPDATE if change else Action.CREATE, verb)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        if change and any(formset.has_changed() for formset in formsets):
            self._audit(request, form.instance, Action.UPDATE, "Changed the items of")

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        self._audit(request, obj, Action.DELETE, "Deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self._audit(request, obj, Action.DELETE, "Deleted")
        super().delete_queryset(request, queryset)

    @staticmethod
    def _audit(request: HttpRequest, obj: Model, action: str, verb: str) -> None:
        what = f"{verb} {obj._meta.verbose_name} “{obj}” in the admin"
        audit_configuration(obj=obj, action=action, what=what, actor=Actor.of(request))
