"""Retention: how long a person's record is kept after the work with them closes.

The period is ``settings.LAC_RETENTION_YEARS`` (environment variable
``RETENTION_YEARS``), **6 years after closure** by default. Why six:

- UK GDPR's storage-limitation principle needs a period we can justify, not
  "for ever"; the person may come back (the door stays open), so closing is
  not a reason to erase at once.
- Six years is the limitation period for most civil claims (Limitation Act
  1980, ss. 2 and 5), so a council can answer a complaint or claim about the
  support it gave; it matches the Local Government Association / IRMS
  retention guidance for adult social care and community support records
  that are not statutory safeguarding files ("last contact + 6 years").
- A programme whose DPIA sets a different period changes the setting; the
  command reports records due under whatever period is set.

A record is due when the person's status is *closed* and has been since a
date at least the period ago (the closure date, or the last contact, or the
day the record was created when neither is known). Merged-away duplicates
go with the record they were merged into; erased people are never due again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from lac.audit.actor import Actor
from lac.people.erasure import person_erase
from lac.people.models import Person, Status

DEFAULT_RETENTION_YEARS = 6


def retention_years() -> int:
    return int(getattr(settings, "LAC_RETENTION_YEARS", DEFAULT_RETENTION_YEARS))


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def cutoff(today: date, years: int | None = None) -> date:
    """Records closed on or before this day are due."""
    return years_before(today, retention_years() if years is None else years)


def due_for_erasure(
    today: date, *, programme_slug: str | None = None, years: int | None = None
) -> QuerySet[Person]:
    """Closed people whose retention period has run out, oldest closure first."""
    last = cutoff(today, years)
    closed_long_ago = (
        Q(status_since__lte=last)
        | Q(status_since__isnull=True, last_contact_date__lte=last)
        | Q(status_since__isnull=True, last_contact_date__isnull=True, created__date__lte=last)
    )
    people = Person.objects.filter(
        closed_long_ago,
        status=Status.CLOSED,
        merged_into__isnull=True,
        is_anonymised=False,
    ).select_related("neighbourhood__programme")
    if programme_slug:
        people = people.filter(neighbourhood__programme__slug=programme_slug)
    return people.order_by("status_since", "pk")


@dataclass(frozen=True)
class RetentionResult:
    due: list[Person]
    erased: list[int]


def apply_retention(
    today: date, *, programme_slug: str | None = None, erase: bool, years: int | None = None
) -> RetentionResult:
    """List the people due and, when ``erase`` is set, anonymise each (one transaction each)."""
    due = list(due_for_erasure(today, programme_slug=programme_slug, years=years))
    erased: list[int] = []
    if erase:
        period = retention_years() if years is None else years
        reason = f"Retention: closed more than {period} year{'' if period == 1 else 's'} ago"
        for person in due:
            try:
                person_erase(
                    person=person,
                    actor=Actor.working_as(None, job="retention"),
                    reason=reason,
                )
            except ValidationError:
                continue  # an import is running in their programme: erased on the next run
            erased.append(person.pk)
    return RetentionResult(due=due, erased=erased)
