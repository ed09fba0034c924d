"""Rules every record about a person obeys, whichever way it arrives (web, API, import).

Each rule is one function, called by the service that saves the record, so a
form, an API client and a spreadsheet import get the same answer in the same
words. The words are constants here, for the tests to use.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

POSTCODE_INVALID = "Enter a real UK postcode, like DE1 1AA"

# The shape of every UK postcode (outward code: area letters, district digits and an
# optional letter; inward code: a digit and two letters), after the GOV.UK pattern, plus
# GIR 0AA. Checking the shape catches typing slips; whether the postcode exists is not
# needed for monitoring and is left alone.
POSTCODE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}|GIR ?0AA)$")


def postcode(value: str) -> str:
    """A postcode as stored: upper case, one space before the inward code ("de11aa" →
    "DE1 1AA"); blank stays blank. Raises a ValidationError on ``postcode`` for anything
    that is not shaped like a UK postcode (a 10-character string without a space used to
    be stored as 11 characters, and failed later with a server error)."""
    compact = "".join(value.split()).upper()
    if not compact:
        return ""
    if not POSTCODE.match(compact):
        raise ValidationError({"postcode": POSTCODE_INVALID})
    return f"{compact[:-3]} {compact[-3:]}"


EARLIEST = date(1990, 1, 1)
"""No record of Local Area Coordination's work is older than this: it began in Western
Australia in 1988 and in England in the 2000s. Catches years typed as 0001 or 1025."""

DATE_IN_FUTURE = "{what} must be today or in the past"
DATE_TOO_EARLY = "{what} must be on or after 1 January 1990"


def past_date(value: date | None, *, field: str, what: str) -> None:
    """A date of something that has happened: not after today and not before ``EARLIEST``.
    ``what`` names it at the start of the message ("The date of the introduction")."""
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError({field: DATE_IN_FUTURE.format(what=what)})
    if value < EARLIEST:
        raise ValidationError({field: DATE_TOO_EARLY.format(what=what)})
