"""Demo authenticator devices, so people trying lac can sign in as roles that need two-factor.

Every demo device shares one published secret: DEVELOPMENT ONLY, like the demo password.
"""

from __future__ import annotations

from base64 import b32decode

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lac.accounts.models import User

DEMO_TOTP_SECRET = "LACDEMOSECRETNOTFORREALUSE234567"
"""Base32, as authenticator apps and ``oathtool --totp -b`` take it."""
DEMO_TWO_FACTOR_USERNAMES = ("manager", "lead", "evaluator", "network", "admin")


def demo_totp_key_hex() -> str:
    return b32decode(DEMO_TOTP_SECRET).hex()


def register_demo_authenticators() -> None:
    """Give the demo users whose roles need two-factor a device with the demo secret."""
    users = User.objects.filter(username__in=DEMO_TWO_FACTOR_USERNAMES)
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name="Demo authenticator", key=demo_totp_key_hex(), confirmed=True)
        for user in users
    )


def demo_code() -> str:
    """The demo secret's security code right now."""
    return f"{totp(b32decode(DEMO_TOTP_SECRET)):06d}"
