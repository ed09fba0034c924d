"""The Django admin: every change it makes is audited, and it never shows a secret.

Rate cards, frameworks, the configurable lists, users and their roles, two-factor
devices and background tasks are still kept in Django's admin. Its own history
(``LogEntry``) is not lac's audit trail: without this, a role granted, a
two-factor device removed or a unit cost corrected would leave no trace there,
and figures kept for a programme would go on showing the old cost's results
until they expired. The site wraps every model admin registered, lac's and the
libraries', so no admin page can be added that escapes the trail. It lives here,
above accounts, because auditing needs both.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db.models import Model
from django.http import HttpRequest
from django.utils import translation

from lac.accounts.admin_site import SecretsHidden
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_configuration


class Audited(admin.ModelAdmin):
    """Mixed in front of every registered model admin by :class:`LacAdminSite`.

    It hooks the admin's own logging, which every add, change (inline rows and a
    new password included) and deletion goes through, single or in bulk.
    """

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        if not self._saves_through_audited_services():
            _audit(request, obj, Action.CREATE, "Added", "")
        return entry

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        if message and not self._saves_through_audited_services():  # unchanged is no change
            _audit(request, obj, Action.UPDATE, "Changed", _described(message))
        return entry

    def _saves_through_audited_services(self) -> bool:
        """An admin whose ``save_model`` calls lac's services says so with
        ``saves_through_audited_services = True``: the services audit the addition
        or change themselves, field by field, and one change makes one event. (It
        is read from the admin, which comes after this mixin.)"""
        return bool(getattr(self, "saves_through_audited_services", False))

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            _audit(request, obj, Action.DELETE, "Deleted", "")
        return super().log_deletions(request, queryset)


def _described(message: Any) -> str:
    """The admin's own account of what changed ("Changed Amount."), in English."""
    with translation.override("en"):  # the trail is kept in English
        return str(LogEntry(change_message=json.dumps(message)).get_change_message())


def _audit(request: HttpRequest, obj: Model, action: str, verb: str, details: str) -> None:
    what = f"{verb} {obj._meta.verbose_name} “{obj}” in the admin"
    if details:
        what = f"{what}: {details}"
    audit_configuration(obj=obj, action=action, what=what, actor=Actor.of(request))


class LacAdminSite(admin.AdminSite):
    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        wrapped = type(admin_class.__name__, (Audited, SecretsHidden, admin_class), {})
        super().register(model_or_iterable, wrapped, **options)
