"""Turn spreadsheet cells into dates, ages, names and postcodes, or say what is wrong.

UK conventions throughout: 03/04/2020 is the 3rd of April. Each parser raises
:class:`Problem` with a short message a coordinator can act on; the message
for a day that does not exist is exactly "not a real date".
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lac.imports.fields import normalise
from lac.imports.readers import Cell
from lac.lib.rules import contact, dates
from lac.people.ages import band_for_age, years_between

EXCEL_EPOCH = date(1899, 12, 30)
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
WORD_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ \-/]+([a-z]+)\.?,?[ \-/]+(\d{2}|\d{4})$")
US_WORD_DATE = re.compile(r"^([a-z]+)\.?[ \-]+(\d{1,2})(?:st|nd|rd|th)?,?[ \-]+(\d{4})$")
MONTH_YEAR = re.compile(r"^([a-z]+|\d{1,2})[ \-/.]+(\d{2}|\d{4})$")
TIME_SUFFIX = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
AGE_BANDS = {
    "under 18": "under_18",
    "0 17": "under_18",
    "18 30": "18_30",
    "31 64": "31_64",
    "65 79": "65_79",
    "80": "80_plus",
    "80 plus": "80_plus",
    "80 and over": "80_plus",
}


TWO_DIGIT_YEAR = "two-digit year"


class Problem(ValueError):
    """A cell's value cannot be used; ``str()`` is the message for the report."""


def is_blank(value: Cell) -> bool:
    return value is None or value == "" or (value.__class__ is str and value.isspace())


def make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        if 1 <= day <= 12 and 12 < month <= 31:
            raise Problem(_("not a real date (day and month the wrong way round?)")) from exc
        raise Problem(_("not a real date")) from exc


def from_serial(number: float) -> date:
    if not math.isfinite(number):
        raise Problem(_("not a date"))
    if number != int(number) and number < 1:
        raise Problem(_("not a date"))
    if 1900 <= number <= 2100:
        raise Problem(_("a year, not a full date"))
    if not 1 <= number < 2958466:
        raise Problem(_("not a date"))
    return EXCEL_EPOCH + timedelta(days=int(number))


def parse_date(value: Cell, *, two_digit_year: str = "recent") -> date:
    """A date from a cell: a real date, an Excel serial number, or UK text.

    ``two_digit_year`` says how to read "01/02/45": "recent" (20xx, for
    introductions and closures) or "birth" (the century is decided by the caller).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise Problem(_("not a date"))
    if isinstance(value, int | float):
        return from_serial(value)
    if not isinstance(value, str):
        raise Problem(_("not a date"))
    text = TIME_SUFFIX.sub("", value.strip().lower())
    if text.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
        return from_serial(int(text))
    if match := ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
        return make_date(year, month, day)
    if match := NUMERIC_DATE.match(text):
        day, month, year_text = int(match[1]), int(match[2]), match[3]
        return make_date(year_from(year_text, two_digit_year), month, day)
    if match := WORD_DATE.match(text):
        named = MONTHS.get(match[2])
        if named is None:
            raise Problem(_("not a date"))
        return make_date(year_from(match[3], two_digit_year), named, int(match[1]))
    if match := US_WORD_DATE.match(text):
        named = MONTHS.get(match[1])
        if named is None:
            raise Problem(_("not a date"))
        return make_date(int(match[3]), named, int(match[2]))
    if (match := MONTH_YEAR.match(text)) and (match[1].isdigit() or match[1] in MONTHS):
        raise Problem(_("month and year only: which day?"))
    raise Problem(_("not a date (write it as dd/mm/yyyy)"))


def year_from(text: str, two_digit_year: str) -> int:
    if len(text) == 4:
        return int(text)
    if two_digit_year == "birth":
        raise Problem(TWO_DIGIT_YEAR)  # parse_birth_date decides the century
    return 2000 + int(text)


def parse_birth_date(value: Cell, *, today: date, age: int | None) -> date:
    """A date of birth; two-digit years are read only when just one century makes sense."""
    try:
        born = parse_date(value, two_digit_year="birth")
    except Problem as exc:
        if str(exc) != TWO_DIGIT_YEAR:
            raise
        born = birth_century(str(value).strip(), today=today, age=age)
    refusal = dates.DATE_OF_BIRTH.refusal(born, today)
    if refusal:
        raise Problem(refusal)
    return born


def birth_century(text: str, *, today: date, age: int | None) -> date:
    lowered = text.lower()
    match = NUMERIC_DATE.match(lowered) or WORD_DATE.match(lowered)
    if match is None:
        raise Problem(_("not a date (write it as dd/mm/yyyy)"))
    if match.re is NUMERIC_DATE:
        day, month = int(match[1]), int(match[2])
    else:
        day, month = int(match[1]), MONTHS.get(match[2], 0)
    short = int(match[3])
    candidates = []
    for century in (1900, 2000):
        candidate = make_date(century + short, month, day)
        if dates.DATE_OF_BIRTH.refusal(candidate, today):
            continue
        if age is not None and abs(years_between(candidate, today) - age) > 1:
            continue
        candidates.append(candidate)
    if len(candidates) != 1:
        raise Problem(_("ambiguous two-digit year: write the year in full"))
    return candidates[0]


def parse_age(value: Cell) -> tuple[int | None, str]:
    """(age in years, age band code). A band such as "31-64" gives no exact age."""
    if isinstance(value, bool):
        raise Problem(_("not an age"))
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().lower()
        band = AGE_BANDS.get(normalise(text))
        if band:
            return None, band
        text = re.sub(r"\s*(years?|yrs?|y/?o|years old)\.?$", "", text)
        try:
            number = float(text)
        except ValueError as exc:
            raise Problem(_("not an age in years")) from exc
    if not math.isfinite(number):
        raise Problem(_("not a possible age"))
    if not number.is_integer() and number > 2:
        number = int(number)
    if number < 0 or number > dates.OLDEST_AGE or not float(number).is_integer():
        raise Problem(_("not a possible age"))
    return int(number), band_for_age(int(number)).value


def by_rule(rule: Callable[[str], str], text: str) -> str:
    """A record rule's answer for a cell: its tidied value, or its refusal as the problem."""
    try:
        return rule(text)
    except ValidationError as error:
        raise Problem(error.messages[0]) from error


def parse_postcode(value: Cell) -> str:
    return by_rule(contact.postcode, str(value))


def clean_name(value: Cell) -> str:
    """Single spaces; "Surname, First" becomes "First Surname"."""
    text = " ".join(str(value).split())
    if text.count(",") == 1:
        surname, first = (part.strip() for part in text.split(","))
        if surname and first:
            text = f"{first} {surname}"
    return text


@functools.lru_cache(maxsize=4096)
def neighbourhood_key(value: Cell) -> str:
    """Case, spacing, punctuation and a "Ward" suffix do not matter."""
    words = normalise(value).split()
    if words and words[-1] == "ward" and len(words) > 1:
        words = words[:-1]
    return "".join(words)


def person_key(name: str) -> str:
    return " ".join(normalise(name).split())


LIST_SEPARATORS = re.compile(r"[;,\n\r]+")
QUANTITY = re.compile(
    r"^(?:(?P<before>\d+(?:\.\d+)?)\s*[x×*]\s*(?P<item_a>.+)"
    r"|(?P<item_b>.+?)\s*(?:[x×*]\s*(?P<after>\d+(?:\.\d+)?)|\((?P<bracketed>\d+(?:\.\d+)?)\)))$",
    re.IGNORECASE,
)


def parse_email(value: Cell) -> str:
    """An email address by the record rule (what the person page and the API take)."""
    return by_rule(contact.email, str(value))


def parse_phone(value: Cell) -> str:
    """A phone number by the record rule; one Excel stored as a number gets its leading 0 back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value))
        text = "0" + text if len(text) == 10 else text
    else:
        text = str(value)
    return by_rule(contact.phone, text)


CONSENT_WORDS = {
    **dict.fromkeys(("yes", "y", "agreed", "given", "consented", "true"), True),
    **dict.fromkeys(("no", "n", "declined", "refused", "not given", "withdrawn", "false"), False),
}


def parse_consent(value: Cell) -> date | bool:
    """A consent column: the date they agreed, or yes or no (a yes has no date of its own)."""
    if isinstance(value, bool):
        return value
    said = CONSENT_WORDS.get(normalise(value)) if isinstance(value, str) else None
    if said is not None:
        return said
    try:
        return parse_date(value)
    except Problem as exc:
        raise Problem(_("not a date or yes or no")) from exc


def parse_score(value: Cell, low: int, high: int) -> int:
    """A progress score as a whole number, or a problem naming the scale (whether it is on
    the scale is the assessments' rule, ``lac.outcomes.models.score_off_scale``)."""
    try:
        number = float(str(value).strip()) if not isinstance(value, int | float) else float(value)
    except ValueError as exc:
        raise Problem(not_a_score(low, high)) from exc
    if not number.is_integer():
        raise Problem(not_a_score(low, high))
    return int(number)


def not_a_score(low: int, high: int) -> str:
    return _("not a score from %(low)s to %(high)s") % {"low": low, "high": high}


def split_list(value: Cell) -> list[str]:
    """The entries of a cell holding several, separated by ; , or new lines."""
    return [part.strip() for part in LIST_SEPARATORS.split(str(value)) if part.strip()]


def item_and_quantity(entry: str) -> tuple[str, float]:
    """ "GP consultations x 2", "2 x GP consultations", "GP consultations (2)" → item, 2."""
    match = QUANTITY.match(entry.strip())
    if match is None:
        return entry.strip(), 1.0
    item = match["item_a"] or match["item_b"]
    quantity = match["before"] or match["after"] or match["bracketed"]
    return item.strip(), float(quantity)
