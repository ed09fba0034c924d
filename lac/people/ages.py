"""A person's age band, and the one day it is worked out on: their first introduction.

The dashboards count people by "age at introduction", so the band is the age on
the day the person was first introduced, whichever way the record arrived. A band
taken on the day the record was typed would put the same person in different
bands by web and by import, and move them when a date of birth is corrected
years later; the introduction's date does neither. Someone with no introduction
yet (a record added on its own) is banded on the day of the change, until they
are introduced.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from lac.people.models import AgeBand

BORN_AFTER_INTRODUCTION = gettext_lazy(
    "Date of birth must be on or before the date of the introduction"
)


def years_between(earlier: date, later: date) -> int:
    """Whole years from ``earlier`` to ``later``: an age in years on a birthday's terms."""
    had_birthday = (later.month, later.day) >= (earlier.month, earlier.day)
    return later.year - earlier.year - (0 if had_birthday else 1)


def band_for_age(years: int) -> AgeBand:
    """The band of someone ``years`` old."""
    if years < 18:
        return AgeBand.UNDER_18
    if years <= 30:
        return AgeBand.AGE_18_30
    if years <= 64:
        return AgeBand.AGE_31_64
    if years <= 79:
        return AgeBand.AGE_65_79
    return AgeBand.AGE_80_PLUS


def band_at_introduction(date_of_birth: date, introduced_on: date) -> AgeBand:
    """The band recorded for a person born on ``date_of_birth`` and first introduced on
    ``introduced_on``: the one rule for web, API and import. Born after the introduction
    is a slip in one date or the other, and is refused on the date of birth."""
    if date_of_birth > introduced_on:
        raise ValidationError({"date_of_birth": BORN_AFTER_INTRODUCTION})
    return band_for_age(years_between(date_of_birth, introduced_on))
