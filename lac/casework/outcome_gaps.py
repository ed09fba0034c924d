"""Records missing outcomes: the people whose record lacks what the outcomes framework needs.

The outcomes framework measures distance travelled from a person's first
assessment to their latest, and counts what changed for everyone else. A
record with a gap cannot show the difference the work made, so a team
manager chases three gaps, each one a thing a coordinator can put right:

- **No first assessment**: an active Level 2 person walked alongside for more
  than four weeks without a first assessment, so there is no starting point.
- **Review overdue**: an active Level 2 person whose latest assessment is more
  than six months old, so their progress is out of date.
- **Closed without an outcome**: a person closed in the last twelve months with
  nothing to show what changed: at Level 2 no last assessment; at Level 1
  (light touch, usually not assessed) no outcome recorded. A closure whose
  coordinator said why there is nothing to record (they moved away, say) is
  not a gap: there is nothing left to chase.

Each gap is a condition on one person row, so every coordinator's counts come
from one grouped query, and the list of people behind a count is the same
condition as a filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lac.casework.models import StatusChange
from lac.outcomes.models import Assessment, AssessmentKind, OutcomeEvent
from lac.people.models import Level, Person, Status

FIRST_ASSESSMENT_WITHIN = timedelta(weeks=4)
REVIEW_EVERY = timedelta(days=183)
CLOSED_WITHIN = timedelta(days=365)


def _no_first_assessment(today: date) -> Q:
    started_a_while_ago = Q(status_since__lte=today - FIRST_ASSESSMENT_WITHIN) | Q(
        status_since__isnull=True
    )
    return Q(status=Status.ACTIVE, level=Level.LEVEL_2, gap_assessed=False) & started_a_while_ago


def _review_overdue(today: date) -> Q:
    return Q(
        status=Status.ACTIVE,
        level=Level.LEVEL_2,
        gap_assessed=True,
        gap_assessed_lately=False,
    )


def _closed_without_outcome(today: date) -> Q:
    return Q(
        status=Status.CLOSED, status_since__gte=today - CLOSED_WITHIN, gap_outcome_skipped=False
    ) & (
        Q(level=Level.LEVEL_2, gap_last_assessed=False)
        | Q(level=Level.LEVEL_1, gap_outcome_recorded=False)
    )


@dataclass(frozen=True)
class Gap:
    key: str
    label: str | Promise
    explanation: str | Promise
    condition: Callable[[date], Q]
    """Which flagged people (see :func:`with_gap_flags`) have the gap on the day given."""


GAPS = (
    Gap(
        "no_first_assessment",
        _("No first assessment"),
        _(
            "Active at Level 2 for more than 4 weeks with no assessment: there is no starting "
            "point to measure distance travelled from."
        ),
        _no_first_assessment,
    ),
    Gap(
        "review_overdue",
        _("Review overdue"),
        _(
            "Active at Level 2 and last assessed more than 6 months ago: record a review "
            "assessment so their progress is up to date."
        ),
        _review_overdue,
    ),
    Gap(
        "closed_without_outcome",
        _("Closed without an outcome"),
        _(
            "Closed in the last 12 months with nothing to show what changed: at Level 2, no last "
            "assessment; at Level 1, no outcome recorded."
        ),
        _closed_without_outcome,
    ),
)
GAPS_BY_KEY = {gap.key: gap for gap in GAPS}


def with_gap_flags(people: QuerySet[Person], today: date) -> QuerySet[Person]:
    """Mark each person with what their outcome record holds, as correlated subqueries.

    ``alias`` keeps the flags out of the SELECT and the GROUP BY: they are only
    conditions for the counts and filters below.
    """
    assessments = Assessment.objects.filter(person=OuterRef("pk"))
    return people.alias(
        gap_assessed=Exists(assessments),
        gap_assessed_lately=Exists(assessments.filter(date__gte=today - REVIEW_EVERY)),
        gap_last_assessed=Exists(assessments.filter(kind=AssessmentKind.LAST)),
        gap_outcome_recorded=Exists(OutcomeEvent.objects.filter(person=OuterRef("pk"))),
        gap_outcome_skipped=Exists(
            StatusChange.objects.filter(
                person=OuterRef("pk"), status=Status.CLOSED, date=OuterRef("status_since")
            ).exclude(outcome_skipped="")
        ),
    )


def gap_counts(today: date) -> dict[str, Count]:
    """Aggregates counting each gap, for a ``values(...).annotate(...)`` over flagged people."""
    return {gap.key: Count("pk", filter=gap.condition(today)) for gap in GAPS}


def people_with_gap(people: QuerySet[Person], gap: Gap, today: date) -> QuerySet[Person]:
    return with_gap_flags(people, today).filter(gap.condition(today))
