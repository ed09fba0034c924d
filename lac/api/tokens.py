"""Making, checking and revoking API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from lac.accounts.models import User
from lac.accounts.permissions import Capability, scope_for_user
from lac.api.models import ApiToken, Scope
from lac.lib.rules import records

TOKEN_PREFIX = "lac_"
# Writing last_used on every call would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=5)

SCOPE_CAPABILITY: dict[str, Capability] = {
    Scope.PEOPLE_READ: Capability.VIEW_PERSONAL,
    Scope.CASEWORK_READ: Capability.VIEW_PERSONAL,
    Scope.CASEWORK_WRITE: Capability.EDIT_PERSONAL,
    Scope.OUTCOMES_READ: Capability.VIEW_PERSONAL,
    Scope.COMMUNITY_READ: Capability.VIEW_DIRECTORY,
    Scope.REPORTS_READ: Capability.VIEW_REPORTS,
    Scope.INTRODUCTIONS_SEND: Capability.INTRODUCE,
    Scope.WELCOME_READ: Capability.EDIT_PERSONAL,
    Scope.VISITS_READ: Capability.EDIT_PERSONAL,
    Scope.VISITS_WRITE: Capability.EDIT_PERSONAL,
}
"""The capability a user must hold (somewhere) for each scope to be any use."""


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def scopes_allowed(user: User) -> list[str]:
    """The scopes whose capability the user's roles hold, in the order they are listed."""
    scope = scope_for_user(user)
    return [s.value for s in Scope if scope.can(SCOPE_CAPABILITY[s])]


def api_token_create(*, user: User, name: str, scopes: Iterable[str]) -> tuple[ApiToken, str]:
    """A new token; the raw token is returned once and never stored."""
    scopes = sorted(set(scopes))
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown:
        raise ValidationError(
            {"scopes": gettext("Unknown scope: %(scopes)s") % {"scopes": ", ".join(unknown)}}
        )
    if not scopes:
        raise ValidationError({"scopes": gettext("Choose at least one scope")})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        token_hash=hash_token(raw),
        scopes=scopes,
    )
    records.check(token)
    with transaction.atomic():
        token.save()
    return token, raw


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
    return token


def token_for(raw: str) -> ApiToken | None:
    """The active token of an active user with this value, or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.filter(token_hash=hash_token(raw), revoked__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token
