"""The Django admin never shows a secret.

Every model admin registered, lac's and the libraries' (two-factor devices,
sign-in attempts, background tasks), is wrapped by ``lac.audit.admin_site`` so
that fields named like a secret (a key, secret, salt, token, hash or password)
are left out of its forms, lists and searches. A TOTP key, a password hash or an API token's hash
shown to an administrator is a credential handed over; the admin has no need
to show them. The two-factor library's own QR code views are turned off in the
settings (``OTP_ADMIN_HIDE_SENSITIVE_DATA``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.contrib import admin

SECRET_NAME = re.compile(r"(^|_)(key|secret|salt|token|hash|password)(_|$)")


def is_secret(name: Any) -> bool:
    return isinstance(name, str) and bool(SECRET_NAME.search(name))


def _without_secrets(fields: Sequence[Any]) -> list[Any]:
    """Field names (or tuples of names shown on one line) without the secret ones."""
    kept: list[Any] = []
    for field in fields:
        if isinstance(field, list | tuple):
            line = _without_secrets(field)
            if line:
                kept.append(tuple(line))
        elif not is_secret(field):
            kept.append(field)
    return kept


class SecretsHidden(admin.ModelAdmin):
    """Mixed in front of every registered model admin by ``lac.audit.admin_site.LacAdminSite``."""

    def get_fields(self, request: Any, obj: Any = None) -> list[Any]:
        return _without_secrets(super().get_fields(request, obj))

    def get_fieldsets(self, request: Any, obj: Any = None) -> list[Any]:
        return [
            (name, {**options, "fields": _without_secrets(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_exclude(self, request: Any, obj: Any = None) -> list[str]:
        secret = [f.name for f in self.model._meta.concrete_fields if is_secret(f.name)]
        return [*(super().get_exclude(request, obj) or ()), *secret]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[Any]:
        return _without_secrets(super().get_readonly_fields(request, obj))

    def get_list_display(self, request: Any) -> list[Any]:
        return _without_secrets(super().get_list_display(request))

    def get_search_fields(self, request: Any) -> list[Any]:
        return [f for f in super().get_search_fields(request) if not is_secret(f.split("__")[-1])]
