"""UK postcodes, phone numbers and email addresses: tidied first, then checked, the same
for every path.

A postcode goes through a maintained UK postcode parser (``uk-postcodes-parsing``),
which takes it however it was typed ("de11aa", " DE1  1AA", a letter O for a
zero) and gives it back in its one written form ("DE1 1AA"), or nothing when it
is not shaped like a postcode. Whether it exists is left alone: monitoring does
not need it, and new streets get postcodes before any list has them. A phone
number goes through Google's libphonenumber (``phonenumbers``), read as a UK
number unless it starts with a country code, checked to have the digits a
number of its kind has (not that the range is allocated: Ofcom's ranges for
examples and drama, 07700 900xxx and 01632 960xxx, are not, and they are what
training and demo records use), and stored in its usual written form
("07700 900982", "+33 1 23 45 67 89"). An email address is held to what Django's
``EmailField`` takes (``validate_email``), so a spreadsheet cannot bring in one that the
person page or the API would refuse.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext, gettext_noop
from uk_postcodes_parsing.fix import fix as fix_postcode
from uk_postcodes_parsing.postcode_utils import is_valid as is_postcode_shaped
from uk_postcodes_parsing.postcode_utils import to_normalised

POSTCODE_INVALID = gettext_noop("Enter a real UK postcode, like DE1 1AA")
PHONE_INVALID = gettext_noop("Enter a real phone number, like 01632 960 001 or 07700 900 982")
EMAIL_INVALID = gettext_noop("Enter an email address like name@example.com")
"""The English of each message, for tests to compare; the rules raise it in the reader's
language."""
CACHED = 131_072
"""Answers kept, for each rule: they depend on the text alone, an import checks a value
and then its service tidies it again, and the parsers are the costly part of checking a
row (tens of microseconds each). Enough for a 100,000-row sheet: every row is checked
before any is stored, and a least-recently-used cache smaller than the sheet would have
dropped each answer by the time it is asked again."""


def postcode(value: str, *, field: str = "postcode") -> str:
    """A postcode as stored: upper case, one space before the inward code ("de11aa" →
    "DE1 1AA"); blank stays blank. Raises a ValidationError on ``field`` for anything
    that is not shaped like a UK postcode."""
    compact = "".join(value.split()).upper()
    if not compact:
        return ""
    written = _postcode_written(compact)
    if written is None:
        raise ValidationError({field: gettext(POSTCODE_INVALID)})
    return written


@lru_cache(maxsize=CACHED)
def _postcode_written(compact: str) -> str | None:
    """The parser's written form of a postcode without spaces, or None when it is not
    shaped like one (or cannot be fixed into one): what its ``parse(...).postcode`` gives,
    without the rest of its ``Postcode`` (which looks every postcode up in the parser's
    copy of the ONS directory, a module import each, and this rule does not ask whether
    it exists)."""
    if len(compact) > 7:
        return None
    candidate = compact if is_postcode_shaped(compact) else fix_postcode(compact)
    return to_normalised(candidate) if is_postcode_shaped(candidate) else None


def phone(value: str, *, field: str = "phone") -> str:
    """A phone number as stored, in its usual written form; blank stays blank. Raises a
    ValidationError on ``field`` for anything that cannot be a phone number."""
    text = " ".join(value.split())
    if not text:
        return ""
    written = _phone_written(text)
    if written is None:
        raise ValidationError({field: gettext(PHONE_INVALID)})
    return written


UK_NATIONAL = re.compile(r"0[1-9][0-9 ]{7,12}")
"""A UK number written the usual way, in digits and spaces from its leading 0 (not 00,
which starts an international number): most of what anyone types or imports."""
UK_LENGTHS = (10, 11)
"""Digits in a UK number with its 0: shorter ones the parser reads its own way."""
UK_LEADING = 7
"""Digits, from the 0, that decide how a UK number is written: libphonenumber chooses the
way to group a UK number by its leading digits (at most six after the 0, "0845 464") and
its length alone (the rule's tests hold its data to that)."""


@lru_cache(maxsize=CACHED)
def _phone_written(text: str) -> str | None:
    """A phone number's usual written form, or None when it cannot be one."""
    digits = _uk_digits(text)
    if digits is not None:
        return _uk_written(digits)
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    return _written(number)


def _written(number: phonenumbers.PhoneNumber) -> str | None:
    """libphonenumber's usual written form of a parsed number, or None when it cannot be one."""
    if not phonenumbers.is_possible_number(number):
        return None
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return str(phonenumbers.format_number(number, style))


def _uk_digits(text: str) -> str | None:
    """The digits of a UK number written the usual way (:data:`UK_NATIONAL`), from its 0;
    None for anything else, which goes through libphonenumber's general parser.

    ``phonenumbers.parse(text, "GB")`` reads such a number as the UK's, its national
    number the digits after the 0 (the UK's national prefix, which the parser strips
    because no UK number starts with it): reading it here skips that parser, two thirds
    of checking a number, and an import checks one a row. The rule's tests hold both
    paths to the same answers."""
    if UK_NATIONAL.fullmatch(text) is None:
        return None
    digits = text.replace(" ", "")
    return digits if len(digits) in UK_LENGTHS else None


def _uk_written(digits: str) -> str | None:
    """A UK number's usual written form (or None when it cannot be one), laid out as
    libphonenumber lays out the first number of its length and leading digits: it chooses
    by nothing else, so the grouping is worked out once for each, not for each number
    (formatting was 13.5 µs a number, most of what was left of checking one)."""
    cuts = _uk_layout(digits[:UK_LEADING], len(digits))
    if cuts is None:
        return None
    if cuts is NOT_SPACED:
        return _written(phonenumbers.PhoneNumber(country_code=44, national_number=int(digits[1:])))
    parts, start = [], 0
    for end in cuts:
        parts.append(digits[start:end])
        start = end
    parts.append(digits[start:])
    return " ".join(parts)


NOT_SPACED = (-1,)
"""A layout that is not the digits with spaces between: each number is formatted whole."""


@lru_cache(maxsize=CACHED)
def _uk_layout(leading: str, length: int) -> tuple[int, ...] | None:
    """Where, in the digits of a UK number of ``length`` digits starting ``leading``,
    libphonenumber's written form puts its spaces (after how many digits); None when it
    is no possible number."""
    example = leading + "0" * (length - len(leading))
    number = phonenumbers.PhoneNumber(country_code=44, national_number=int(example[1:]))
    written = _written(number)
    if written is None:
        return None
    if written.replace(" ", "") != example:
        return NOT_SPACED
    cuts, digits_before = [], 0
    for character in written:
        if character == " ":
            cuts.append(digits_before)
        else:
            digits_before += 1
    return tuple(cuts)


def email(value: str, *, field: str = "email") -> str:
    """An email address as stored, without the spaces around it; blank stays blank. Raises a
    ValidationError on ``field`` for anything Django's ``EmailField`` would refuse."""
    text = value.strip()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise ValidationError({field: gettext(EMAIL_INVALID)}) from None
    return text
