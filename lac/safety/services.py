"""Writes for risk flags and lone-working visits: each rule once, for every entry path.

Visit times are checked here, not in a form: back no earlier than now and no
later than ``MAX_VISIT_HOURS`` ahead, one visit under way per coordinator, and
only the coordinator out on it may extend or end it. Ending and alerting are
conditional updates, so two taps (or a tap racing the overdue check) record
one end and one alert.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lac.accounts.models import Programme, User
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.people.models import Person
from lac.safety.models import (
    FLAG_DETAILS_CHARS,
    VISIT_PLACE_CHARS,
    FlagKind,
    RiskFlag,
    Visit,
    VisitEvent,
    VisitEventKind,
)

MAX_VISIT_HOURS = 12
EXTEND_CHOICES_MINUTES = (15, 30, 60)

FLAG_KIND_UNKNOWN = "Select what everyone should know first"
FLAG_DETAILS_TOO_LONG = f"Details must be {FLAG_DETAILS_CHARS} characters or fewer"
FLAG_DETAILS_NEEDED = "Enter the details: say what everyone should know first"
FLAG_REVIEW_PAST = "The review date must be today or later"
FLAG_REMOVE_REASON = "Say why the flag is no longer needed"
FLAG_ALREADY_REMOVED = "This flag was already removed"
VISIT_PLACE_NEEDED = "Enter where you are going"
VISIT_PLACE_TOO_LONG = f"Where you are going must be {VISIT_PLACE_CHARS} characters or fewer"
VISIT_BACK_PAST = "The time you expect to be back must be later than now"
VISIT_BACK_TOO_LATE = f"The time you expect to be back must be within {MAX_VISIT_HOURS} hours"
VISIT_ALREADY_OPEN = "You already have a visit under way: end it before starting another"
VISIT_NOT_YOURS = "Only the coordinator on a visit can extend or end it"
VISIT_ALREADY_ENDED = "This visit was already ended"
VISIT_EXTEND_CHOICE = "Choose 15, 30 or 60 minutes"


def _refused(message: str, field: str | None = None) -> ValidationError:
    """A rule's refusal, on the field it is about (forms show it there, the API names it)."""
    return ValidationError({field: [message]} if field else message)


@transaction.atomic
def flag_add(
    *, person: Person, kind: str, details: str, review_by: date | None, actor: Actor
) -> RiskFlag:
    if kind not in FlagKind.values:
        raise _refused(FLAG_KIND_UNKNOWN, "kind")
    details = details.strip()
    if len(details) > FLAG_DETAILS_CHARS:
        raise _refused(FLAG_DETAILS_TOO_LONG, "details")
    if kind == FlagKind.OTHER and not details:
        raise _refused(FLAG_DETAILS_NEEDED, "details")
    if review_by is not None and review_by < timezone.localdate():
        raise _refused(FLAG_REVIEW_PAST, "review_by")
    flag = RiskFlag.objects.create(
        person=person, kind=kind, details=details, review_by=review_by, set_by=actor.user
    )
    audit_write(obj=flag, action=Action.CREATE, what=f"Risk flag set: {flag}", actor=actor)
    return flag


@transaction.atomic
def flag_remove(*, flag: RiskFlag, because: str, actor: Actor) -> RiskFlag:
    because = because.strip()
    if not because:
        raise _refused(FLAG_REMOVE_REASON, "because")
    if len(because) > FLAG_DETAILS_CHARS:
        raise _refused(FLAG_DETAILS_TOO_LONG, "because")
    removed = RiskFlag.objects.filter(pk=flag.pk, removed_at__isnull=True).update(
        removed_at=timezone.now(), removed_by=actor.user, removed_because=because
    )
    if not removed:
        raise _refused(FLAG_ALREADY_REMOVED)
    flag.refresh_from_db()
    audit_write(obj=flag, action=Action.UPDATE, what=f"Risk flag removed: {flag}", actor=actor)
    return flag


@transaction.atomic
def visit_start(
    *,
    actor: Actor,
    programme: Programme,
    place: str,
    expected_back: datetime,
    person: Person | None = None,
) -> Visit:
    coordinator = actor.user
    now = timezone.now()
    place = place.strip()
    if not place:
        raise _refused(VISIT_PLACE_NEEDED, "place")
    if len(place) > VISIT_PLACE_CHARS:
        raise _refused(VISIT_PLACE_TOO_LONG, "place")
    _check_back(expected_back, now)
    # Lock the coordinator's row: two taps on "Start" must not open two visits.
    User.objects.select_for_update().filter(pk=coordinator.pk).first()
    if Visit.objects.filter(coordinator=coordinator, ended_at__isnull=True).exists():
        raise _refused(VISIT_ALREADY_OPEN)
    visit = Visit.objects.create(
        coordinator=coordinator,
        programme=programme,
        person=person,
        place=place,
        started_at=now,
        expected_back=expected_back,
    )
    _event(visit, VisitEventKind.STARTED, coordinator, now)
    if person is not None:
        audit_write(obj=visit, action=Action.CREATE, what="Visit started", actor=actor)
    return visit


def _check_back(expected_back: datetime, now: datetime) -> None:
    if expected_back <= now:
        raise _refused(VISIT_BACK_PAST, "expected_back")
    if expected_back > now + timedelta(hours=MAX_VISIT_HOURS):
        raise _refused(VISIT_BACK_TOO_LATE, "expected_back")


@transaction.atomic
def visit_extend(*, visit: Visit, minutes: int, actor: Actor) -> Visit:
    if minutes not in EXTEND_CHOICES_MINUTES:
        raise _refused(VISIT_EXTEND_CHOICE, "minutes")
    current = _open_visit_of(visit, actor.user)
    now = timezone.now()
    back = max(now, current.expected_back) + timedelta(minutes=minutes)
    _check_back(back, now)
    current.expected_back = back
    # A new time to be back is a new check-in: an alert already raised is answered.
    current.alerted_at = None
    current.save(update_fields=["expected_back", "alerted_at"])
    _event(current, VisitEventKind.EXTENDED, actor.user, now)
    return current


@transaction.atomic
def visit_end(*, visit: Visit, actor: Actor) -> Visit:
    current = _open_visit_of(visit, actor.user)
    now = timezone.now()
    if not Visit.objects.filter(pk=current.pk, ended_at__isnull=True).update(ended_at=now):
        raise _refused(VISIT_ALREADY_ENDED)
    current.ended_at = now
    _event(current, VisitEventKind.ENDED, actor.user, now)
    return current


def _open_visit_of(visit: Visit, user: User) -> Visit:
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    if current.coordinator_id != user.pk:
        raise _refused(VISIT_NOT_YOURS)
    if current.ended_at is not None:
        raise _refused(VISIT_ALREADY_ENDED)
    return current


def visits_alert_overdue(now: datetime | None = None) -> list[Visit]:
    """Record an alert, once, for every visit whose coordinator is not back in time.

    Run every minute by ``lac visits check`` (a systemd timer); managers' pages
    show overdue visits from the times themselves, so nothing waits for it.
    """
    now = now or timezone.now()
    alerted = []
    overdue = Visit.objects.filter(
        ended_at__isnull=True, alerted_at__isnull=True, expected_back__lt=now
    )
    for visit in overdue:
        with transaction.atomic():
            claimed = Visit.objects.filter(pk=visit.pk, alerted_at__isnull=True).update(
                alerted_at=now
            )
            if claimed:
                _event(visit, VisitEventKind.ALERTED, None, now)
                alerted.append(visit)
    return alerted


def _event(visit: Visit, kind: str, user: User | None, at: datetime) -> None:
    VisitEvent.objects.create(
        visit=visit, kind=kind, at=at, by=user, expected_back=visit.expected_back
    )
