"""Passkeys (WebAuthn, through django-otp-webauthn): who has one, and who is asked to add one.

A passkey is phishing-resistant where a code is not: the phone or security key
signs in only to this site's own domain. Every role may add one (the account
page); coordinators, who work from phones and need no second factor by
default, are asked on their home page until they add one or say "not now".
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp_webauthn.models import WebAuthnCredential

from lac.accounts.models import Role, User
from lac.accounts.permissions import get_scope
from lac.accounts.two_factor import second_factors

PROMPT_DISMISSED_KEY = "lac_passkey_prompt_dismissed"


def passkeys_of(user: User) -> QuerySet[WebAuthnCredential]:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def passkey_prompt_shown(request: HttpRequest) -> bool:
    """True for a coordinator without a passkey who has not said "not now" this session."""
    if request.session.get(PROMPT_DISMISSED_KEY):
        return False
    if Role.COORDINATOR not in get_scope(request).roles:
        return False
    user = request.user
    return isinstance(user, User) and WebAuthnCredential not in second_factors(request)


def passkey_prompt_dismiss(request: HttpRequest) -> None:
    """Not now: the prompt stays away until the next sign-in."""
    request.session[PROMPT_DISMISSED_KEY] = True
