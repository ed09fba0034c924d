"""Changes to staff accounts: authenticator devices and sessions."""

from __future__ import annotations

from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from lac.accounts.models import User
from lac.lib.rules import records

DEVICE_NAME = "Authenticator app"


class CodeNotAccepted(Exception):
    """A security code was refused; the message says why, naming the field."""


def totp_device_start(*, user: User) -> TOTPDevice:
    """The user's device waiting to be confirmed, made on first call.

    Reloading the set-up page shows the same secret, so a code scanned a
    moment ago still works.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=DEVICE_NAME, confirmed=False)
        records.check(device)
        device.save()
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm a new device with a code from it; it replaces any older device."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        problem = _check_token(device, token)
        if problem is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    # Raised outside the transaction, so the count of wrong codes is kept.
    if problem is not None:
        raise CodeNotAccepted(problem)
    return device


def totp_device_verify(*, user: User, token: str) -> TOTPDevice:
    """The user's confirmed device that accepts this code, or CodeNotAccepted."""
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"))
    if not devices:
        raise CodeNotAccepted(gettext("Set up two-factor sign-in first"))
    problem: str | None = ""
    for device in devices:
        with transaction.atomic():
            locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            problem = _check_token(locked, token)
        if problem is None:
            return locked
    raise CodeNotAccepted(problem)


def _check_token(device: TOTPDevice, token: str) -> str | None:
    """None if the device accepts the code, else why not (in words for the user)."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return _throttled_message(details or {})
    if not device.verify_token(token):
        return gettext(
            "Security code is not correct or has already been used. "
            "Enter the code your authenticator app shows now"
        )
    return None


def _throttled_message(details: dict[str, object]) -> str:
    locked_until = details.get("locked_until")
    if isinstance(locked_until, datetime):
        seconds = max(1, round((locked_until - timezone.now()).total_seconds()))
        return ngettext(
            "Too many wrong security codes. Wait %(seconds)s second, "
            "then enter the code your app shows",
            "Too many wrong security codes. Wait %(seconds)s seconds, "
            "then enter the code your app shows",
            seconds,
        ) % {"seconds": seconds}
    return gettext(
        "Too many wrong security codes. Wait a minute, then enter the code your app shows"
    )


def user_sign_out_everywhere(*, user: User) -> tuple[int, int]:
    """End every session of the user and revoke every API token they made.

    A lost laptop may hold a token as well as a session; "everywhere" means
    both. Returns (sessions ended, tokens revoked). The tokens are reached
    through the user (``api_tokens``) because the api app sits above this one.
    """
    with transaction.atomic():
        tokens = user.api_tokens.filter(revoked__isnull=True).update(revoked=timezone.now())
    return user_sessions_end_all(user=user), tokens


def user_sessions_end_all(*, user: User) -> int:
    """End every session of this user, on every device; returns how many ended.

    Sessions are stored in the database (Django's default engine, or
    ``cached_db``); each is deleted through its session store so a cached copy
    goes too.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    user_id = str(user.pk)
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(
            chunk_size=500
        )
        if str(session.get_decoded().get(SESSION_KEY)) == user_id
    ]
    for key in keys:
        store(session_key=key).delete()
    return len(keys)
