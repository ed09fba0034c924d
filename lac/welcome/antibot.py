"""Keeping robots off the public introduction page without third-party scripts.

Two checks a person never notices: a field hidden from people (a honeypot) that a
robot filling every field fills in, and a signed, time-stamped token given with
the form that refuses a form sent back within seconds (no person reads and fills
it that fast) or after hours (a copied token replayed). The token is signed with
the site's secret key, so it cannot be made up.
"""

from __future__ import annotations

import time

from django.core import signing
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

SALT = "lac.welcome.introduce"
FASTEST_SECONDS = 3
"""A form sent back sooner than this after it was given is a robot's."""
LONGEST_SECONDS = 4 * 60 * 60
"""A token older than this is refused: the person reloads the page and sends it again."""
TOO_FAST = _("Please check your answers, then send the form again")
EXPIRED = _("This page was open too long: check your answers, then send the form again")


def token(now: float | None = None) -> str:
    """A token saying when the form was given out."""
    return signing.dumps({"given": now if now is not None else time.time()}, salt=SALT)


def token_problem(value: str, now: float | None = None) -> StrOrPromise | None:
    """Why the token refuses the form, or None when it is a person's."""
    now = now if now is not None else time.time()
    try:
        given = float(signing.loads(value, salt=SALT, max_age=LONGEST_SECONDS)["given"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return EXPIRED
    if now - given < FASTEST_SECONDS:
        return TOO_FAST
    return None
