"""Sensible bounds for every kind of date a record holds, in one table.

A date typed as 0001 or 9999 is a slip, not a fact: every date field is checked
against its row here by the service that saves it, so the web, the API and the
import refuse the same dates with the same words. Each message names the date
it is about, so it reads on its own in an error summary, an API response or
an import's problem report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1990, 1, 1)
"""No record of Local Area Coordination's work is older than this: it began in Western
Australia in 1988 and in England in the 2000s. Catches years typed as 0001 or 1025."""

OLDEST_AGE = 120
"""A date of birth is at most this many years ago: older is a typing slip."""

IN_FUTURE = _("%(what)s must be today or in the past")
TOO_EARLY = _("%(what)s must be on or after %(earliest)s")
TOO_LATE = _("%(what)s must be on or before %(latest)s")
NEXT_BEFORE_CONTACT = {
    "introduction": _("The next contact must be on or after the introduction"),
    "conversation": _("The next contact must be on or after the conversation"),
    "last contact": _("The next contact must be on or after the last contact"),
}
"""One whole sentence for each contact a next contact follows: Welsh cannot slot a noun in."""
BEFORE_PROGRAMME = _("%(what)s must be on or after %(start)s, when the programme started")


@dataclass(frozen=True)
class Bounds:
    """The dates a field may hold, relative to today. ``what`` starts the message."""

    what: str | Promise
    years_back: int | None = None
    """The earliest date is this many years before today; None means ``EARLIEST``."""
    years_ahead: int = 0
    """0: the date is of something that has happened, so today at the latest."""

    def earliest(self, today: date) -> date:
        return _span(self.years_back, self.years_ahead, today)[0]

    def latest(self, today: date) -> date:
        return _span(self.years_back, self.years_ahead, today)[1]

    def refusal(self, value: date, today: date) -> str | None:
        """The message refusing ``value``, or None when it is within bounds."""
        earliest, latest = _span(self.years_back, self.years_ahead, today)
        if value > latest:
            template = IN_FUTURE if self.years_ahead == 0 else TOO_LATE
            return str(template) % {"what": self.what, "latest": _day(latest)}
        if value < earliest:
            return str(TOO_EARLY) % {"what": self.what, "earliest": _day(earliest)}
        return None


def _day(day: date) -> str:
    """A date as a message writes it ("1 January 1990"), the month in the reader's language."""
    return formats.date_format(day, "j F Y")


@lru_cache(maxsize=256)
def _span(years_back: int | None, years_ahead: int, today: date) -> tuple[date, date]:
    """(earliest, latest) of bounds so many years either side of ``today`` (``Bounds``):
    worked out once a day for each kind of bounds, where an import checks several dates a
    row against them."""
    earliest = EARLIEST if years_back is None else _years_from(today, -years_back)
    return earliest, _years_from(today, years_ahead)


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


# The table: one row per kind of date. Things that have happened are today at the
# latest; plans (a next contact, a step's due date) may be a little ahead.
DATE_OF_BIRTH = Bounds(_("Date of birth"), years_back=OLDEST_AGE)
INTRODUCTION = Bounds(_("The date of the introduction"))
CONVERSATION = Bounds(_("The date of the conversation"))
NEXT_CONTACT = Bounds(_("The next contact"), years_ahead=2)
LEVEL_CHANGE = Bounds(_("The date of the level change"))
STATUS_CHANGE = Bounds(_("The date of the change"))
"""Pausing, closing or reopening: a closure's date is one of these."""
VISION = Bounds(_("The date of the vision"))
GOAL_SET = Bounds(_("The date the goal was set"))
COMPLETED = Bounds(_("The date it was completed"))
STEP_DUE = Bounds(_("The date the step is due"), years_ahead=5)
ASSESSMENT = Bounds(_("The date of the assessment"))
OUTCOME_EVENT = Bounds(_("The date of what changed"))
AVOIDED_SERVICE = Bounds(_("The date of the service avoided"))
CONSENT_GIVEN = Bounds(_("The date they agreed"))
CONSENT_WITHDRAWN = Bounds(_("The date consent was withdrawn"))
CONNECTION = Bounds(_("The date of the connection"))
CONTRIBUTION_STARTED = Bounds(_("The date they started"))
CONTRIBUTION_ENDED = Bounds(_("The date they stopped"))
ASSET_EVENT = Bounds(_("The date of the event"))
SAFEGUARDING_CONCERN = Bounds(_("The date it was seen or said"))
STORY_TOLD = Bounds(_("The date they told their story"))


def check(bounds: Bounds, value: date | None, *, field: str, today: date | None = None) -> None:
    """Refuse ``value`` on ``field`` when it is outside ``bounds``; a missing date passes
    (whether it is required is the model's business). ``today`` spares a caller checking
    many dates at once from asking the time zone for each."""
    if value is None:
        return
    message = bounds.refusal(value, today or timezone.localdate())
    if message is not None:
        raise ValidationError({field: message})


def before_programme(bounds: Bounds, value: date | None, start: date) -> str | None:
    """The message refusing ``value`` for a programme that started on ``start``, or None.

    A person is introduced to a programme that is already walking alongside people: an
    introduction dated before it began is a slip (a year typed wrongly, a row from
    another programme's sheet), whether typed on a page, sent to the API or imported.
    """
    if value is not None and value < start:
        return str(BEFORE_PROGRAMME) % {"what": bounds.what, "start": _day(start)}
    return None


def check_since_programme_start(
    bounds: Bounds, value: date | None, start: date, *, field: str
) -> None:
    """Refuse ``value`` on ``field`` when it is before the programme started."""
    message = before_programme(bounds, value, start)
    if message is not None:
        raise ValidationError({field: message})


def next_contact_follows(next_contact: date | None, contact: date | None, *, what: str) -> None:
    """A next contact within its bounds and not before the contact it follows, if there
    was one: earlier is a slip. ``what`` names the contact: a key of ``NEXT_BEFORE_CONTACT``
    ("introduction", "conversation", "last contact")."""
    check(NEXT_CONTACT, next_contact, field="next_contact_date")
    if next_contact is not None and contact is not None and next_contact < contact:
        raise ValidationError({"next_contact_date": NEXT_BEFORE_CONTACT[what]})
