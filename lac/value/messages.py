"""The words of the impact-map rules' problems: one template each, with named fields.

The engine is plain Python without Django and speaks English (its command line
prints these as they are). A :class:`~lac.value.errors.Problem` made from one of
these keeps the template and its fields beside the English it reads as, so an
application can show it in its reader's language: lac's evaluation app looks the
template up in its Welsh catalogue. :func:`gettext_noop` is only the marker that
catalogue's extraction (``makemessages``) looks for; it translates nothing.
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Mark ``message`` for a translation catalogue's extraction, and return it unchanged."""
    return message


# A value as the file holds it, quoted: {got}. A field's allowed keys, comma-separated:
# {allowed}. Numbers are written as the file would write them.
NOT_MAPPING = gettext_noop("must be a mapping of keys to values, got {got}")
UNKNOWN_KEY = gettext_noop("unknown key (allowed: {allowed})")
REQUIRED = gettext_noop("is required")
NOT_LIST = gettext_noop("must be a list, got {got}")
NOT_TEXT = gettext_noop("must be text, got {got}")
NOT_NUMBER = gettext_noop("must be a number, got {got}")
NOT_FINITE = gettext_noop("must be a finite number, got {got}")
NOT_WHOLE = gettext_noop("must be a whole number, got {got}")
NOT_BETWEEN = gettext_noop("must be between {low} and {high}, got {got}")
TOO_LOW = gettext_noop("must be at least {low}, got {got}")
NOT_BOOLEAN = gettext_noop("must be true or false, got {got}")
DUPLICATE_ID = gettext_noop("duplicate id {id} (also {earlier})")
NO_INPUTS = gettext_noop("must list at least one input")
UNKNOWN_STAKEHOLDER = gettext_noop("must name a stakeholder id, got {got} (known: {known})")
NO_STAKEHOLDERS = gettext_noop("must name a stakeholder id, got {got} (known: none defined)")
LOW_ABOVE_HIGH = gettext_noop("low must not exceed high, got low {low} and high {high}")
MODE_OUTSIDE = gettext_noop("must be between low {low} and high {high}, got {got}")
INPUTS_TOTAL_ZERO = gettext_noop(
    "the inputs total 0, so the SROI ratio is undefined; "
    "give at least one input with a value above 0"
)

# Price years and deflators (VALUE-SPEC.md, "Price years").
NOT_FINANCIAL_YEAR = gettext_noop(
    "must be a financial year written YYYY-YY with consecutive years, such as 2025-26, got {got}"
)
NEEDS_PRICE_YEAR = gettext_noop(
    "needs the map's own price_year (the year every sum is restated to); "
    "add price_year at the top of the map"
)
NO_DEFLATOR_IN_MAP = gettext_noop(
    "no deflator for {year} in the map's deflators (it covers {first} to {last})"
)
NO_DEFLATOR_IN_MAP_AT_ALL = gettext_noop("no deflator for {year}: the map's deflators has none")
NO_DEFLATOR_IN_SERIES = gettext_noop(
    "no deflator for {year} in {series} (it covers {first} to {last})"
)
NO_DEFLATOR_IN_SERIES_AT_ALL = gettext_noop("no deflator for {year}: {series} has none")
DEFLATORS_NOT_MAPPING = gettext_noop("must be a mapping of financial year to index, got {got}")
NOT_ABOVE_ZERO = gettext_noop("must be a number greater than 0, got {got}")
NOT_FINITE_ABOVE_ZERO = gettext_noop("must be a finite number greater than 0, got {got}")
