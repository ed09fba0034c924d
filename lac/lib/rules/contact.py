"""UK postcodes and phone numbers: tidied first, then checked, the same for every path.

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
("07700 900982", "+33 1 23 45 67 89").
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from uk_postcodes_parsing.ukpostcode import parse as parse_postcode

POSTCODE_INVALID = "Enter a real UK postcode, like DE1 1AA"
PHONE_INVALID = "Enter a real phone number, like 01632 960 001 or 07700 900 982"


def postcode(value: str, *, field: str = "postcode") -> str:
    """A postcode as stored: upper case, one space before the inward code ("de11aa" →
    "DE1 1AA"); blank stays blank. Raises a ValidationError on ``field`` for anything
    that is not shaped like a UK postcode."""
    compact = "".join(value.split()).upper()
    if not compact:
        return ""
    parsed = parse_postcode(compact) if len(compact) <= 7 else None
    if parsed is None:
        raise ValidationError({field: POSTCODE_INVALID})
    return str(parsed.postcode)


def phone(value: str, *, field: str = "phone") -> str:
    """A phone number as stored, in its usual written form; blank stays blank. Raises a
    ValidationError on ``field`` for anything that cannot be a phone number."""
    text = " ".join(value.split())
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as error:
        raise ValidationError({field: PHONE_INVALID}) from error
    if not phonenumbers.is_possible_number(number):
        raise ValidationError({field: PHONE_INVALID})
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
