"""Health identifiers: the NHS number, tidied and checked the same way on every path.

The check is the NHS's modulus 11 rule, done by the maintained ``nhs-number``
package rather than by hand. A number is stored as its ten digits and shown in
the NHS's 3-3-4 groups ("943 476 5919"), the form a GP letter prints.
"""

from __future__ import annotations

import nhs_number as nhs
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

NHS_NUMBER_INVALID = gettext_lazy("Enter a real NHS number, 10 digits like 943 476 5919")


def nhs_number(value: str, *, field: str = "nhs_number") -> str:
    """An NHS number as stored: its ten digits ("943-476-5919" → "9434765919"); blank
    stays blank. Raises a ValidationError on ``field`` when the number fails the
    modulus 11 check or is not ten digits."""
    digits = "".join(ch for ch in value if not ch.isspace() and ch != "-")
    if not digits:
        return ""
    if len(digits) != 10 or not digits.isdigit() or not nhs.is_valid(digits):
        raise ValidationError({field: NHS_NUMBER_INVALID})
    return digits


def nhs_number_shown(value: str) -> str:
    """Ten digits written in the NHS's 3-3-4 groups ("943 476 5919")."""
    return f"{value[:3]} {value[3:6]} {value[6:]}" if len(value) == 10 else value
