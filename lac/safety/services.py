"""Writes for risk flags, lone-working visits and safeguarding concerns: each rule once,
for every entry path.

Visit times are checked here, not in a form: back no earlier than now and no
later than ``MAX_VISIT_HOURS`` ahead, one visit under way per coordinator, and
only the coordinator out on it may extend or end it. Ending and alerting are
conditional updates, so two taps (or a tap racing the overdue check) record
one end and one alert.

Each refusal's words are a constant here, for the tests to compare against,
marked for translation (lazily: a constant is made once, read in many languages).

A safeguarding concern's history is a list of
:class:`~lac.safety.models.ConcernUpdate` rows that are only ever added to.
Who may see a concern is :func:`lac.safety.selectors.concerns_visible`; the
views reach these services only for concerns it lets them see.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from lac.accounts.models import Programme, Role, User
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write, create_audited
from lac.lib.notify import notify
from lac.lib.periods import months_after
from lac.lib.rules import dates, records
from lac.people.models import Person
from lac.safety.categories import concern_categories
from lac.safety.models import (
    FLAG_DETAILS_CHARS,
    VISIT_PLACE_CHARS,
    Concern,
    ConcernRelease,
    ConcernUpdate,
    ConcernUpdateKind,
    FlagKind,
    FlagReview,
    ReportedTo,
    RiskFlag,
    Visit,
    VisitEvent,
    VisitEventKind,
)
from lac.safety.selectors import overdue

MAX_VISIT_HOURS = 12
EXTEND_CHOICES_MINUTES = (15, 30, 60)

FLAG_KIND_UNKNOWN = gettext_lazy("Select what everyone should know first")
FLAG_DETAILS_TOO_LONG = format_lazy(
    gettext_lazy("Details must be {limit} characters or fewer"), limit=FLAG_DETAILS_CHARS
)
FLAG_DETAILS_NEEDED = gettext_lazy("Enter the details: say what everyone should know first")
FLAG_REVIEW_PAST = gettext_lazy("The review date must be today or later")
FLAG_REMOVE_REASON = gettext_lazy("Say why the flag is no longer needed")
FLAG_ALREADY_REMOVED = gettext_lazy("This flag was already removed")
FLAG_KEEP_NOTE = gettext_lazy("Say why the flag is still needed")
VISIT_PLACE_NEEDED = gettext_lazy("Enter where you are going")
VISIT_PLACE_TOO_LONG = format_lazy(
    gettext_lazy("Where you are going must be {limit} characters or fewer"), limit=VISIT_PLACE_CHARS
)
VISIT_BACK_PAST = gettext_lazy("The time you expect to be back must be later than now")
VISIT_BACK_TOO_LATE = format_lazy(
    gettext_lazy("The time you expect to be back must be within {hours} hours"),
    hours=MAX_VISIT_HOURS,
)
VISIT_ALREADY_OPEN = gettext_lazy(
    "You already have a visit under way: end it before starting another"
)
VISIT_NOT_YOURS = gettext_lazy("Only the coordinator on a visit can extend or end it")
VISIT_ALREADY_ENDED = gettext_lazy("This visit was already ended")
VISIT_EXTEND_CHOICE = gettext_lazy("Choose 15, 30 or 60 minutes")


def _refused(message: StrOrPromise, field: str | None = None) -> ValidationError:
    """A rule's refusal, on the field it is about (forms show it there, the API names it)."""
    return ValidationError({field: [message]} if field else message)


def next_review(today: date) -> date:
    """When a flag set or kept today is next due for review: ``FLAG_REVIEW_MONTHS`` on."""
    return months_after(today, settings.LAC_FLAG_REVIEW_MONTHS)


def _english(flag: RiskFlag) -> str:
    """The flag's kind in English: the audit trail is kept in English, whoever reads it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(flag.get_kind_display())


@transaction.atomic
def flag_add(
    *, person: Person, kind: str, details: str, review_by: date | None, actor: Actor
) -> RiskFlag:
    """Set a flag; without a review date it is due ``FLAG_REVIEW_MONTHS`` from today."""
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
        person=person,
        kind=kind,
        details=details,
        review_by=review_by or next_review(timezone.localdate()),
        set_by=actor.user,
    )
    audit_write(
        obj=flag, action=Action.CREATE, what=f"Risk flag set: {_english(flag)}", actor=actor
    )
    return flag


def _reason(text: str, needed: StrOrPromise, field: str) -> str:
    text = text.strip()
    if not text:
        raise _refused(needed, field)
    if len(text) > FLAG_DETAILS_CHARS:
        raise _refused(FLAG_DETAILS_TOO_LONG, field)
    return text


@transaction.atomic
def flag_remove(*, flag: RiskFlag, because: str, actor: Actor) -> RiskFlag:
    because = _reason(because, FLAG_REMOVE_REASON, "because")
    removed = RiskFlag.objects.filter(pk=flag.pk, removed_at__isnull=True).update(
        removed_at=timezone.now(), removed_by=actor.user, removed_because=because
    )
    if not removed:
        raise _refused(FLAG_ALREADY_REMOVED)
    flag.refresh_from_db()
    audit_write(
        obj=flag, action=Action.UPDATE, what=f"Risk flag removed: {_english(flag)}", actor=actor
    )
    return flag


@transaction.atomic
def flag_review(*, flag: RiskFlag, keep: bool, note: str, actor: Actor) -> FlagReview:
    """A flag due for review is kept (why; due again ``FLAG_REVIEW_MONTHS`` from today) or
    removed (why, as :func:`flag_remove`); either way the review is kept and audited."""
    if not keep:
        because = _reason(note, FLAG_REMOVE_REASON, "note")
        flag_remove(flag=flag, because=because, actor=actor)
        return FlagReview.objects.create(flag=flag, kept=False, note=because, by=actor.user)
    note = _reason(note, FLAG_KEEP_NOTE, "note")
    next_by = next_review(timezone.localdate())
    if not RiskFlag.objects.filter(pk=flag.pk, removed_at__isnull=True).update(review_by=next_by):
        raise _refused(FLAG_ALREADY_REMOVED)
    flag.review_by = next_by
    review = FlagReview.objects.create(
        flag=flag, kept=True, note=note, next_review_by=next_by, by=actor.user
    )
    audit_write(
        obj=flag,
        action=Action.UPDATE,
        what=f"Risk flag reviewed and kept until {next_by:%-d %B %Y}: {_english(flag)}",
        actor=actor,
    )
    return review


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
    """Record an alert, once, for every visit whose coordinator is not back in time,
    and email the programme's managers that one is overdue (when email is set up).

    Run every minute by ``lac visits check`` (a systemd timer); managers' pages
    show overdue visits from the times themselves, so nothing waits for it.
    """
    now = now or timezone.now()
    alerted = []
    for visit in Visit.objects.filter(overdue(now), alerted_at__isnull=True):
        with transaction.atomic():
            claimed = Visit.objects.filter(pk=visit.pk, alerted_at__isnull=True).update(
                alerted_at=now
            )
            if claimed:
                _event(visit, VisitEventKind.ALERTED, None, now)
                alerted.append(visit)
        if claimed:
            _email_managers(visit, now)
    return alerted


OVERDUE_SUBJECT = gettext_lazy("A lone-working visit is overdue")
OVERDUE_SENTENCE = gettext_lazy(
    "A coordinator on a lone-working visit is not back when they expected to be. "
    "Please check on them."
)


def _email_managers(visit: Visit, at: datetime) -> None:
    """Email the programme's managers, when the council has an email server, and record it.

    The email says only that a visit is overdue (no coordinator, person or
    place: email leaves the council's control); the team page says who.
    Sent after the alert is saved, so a slow email server holds no lock.
    """
    managers = User.objects.filter(
        memberships__programme_id=visit.programme_id,
        memberships__role=Role.MANAGER,
        is_active=True,
    ).distinct()
    if notify(
        managers, subject=OVERDUE_SUBJECT, sentence=OVERDUE_SENTENCE, path=reverse("safety:team")
    ):
        _event(visit, VisitEventKind.EMAILED, None, at)


def _event(visit: Visit, kind: str, user: User | None, at: datetime) -> None:
    VisitEvent.objects.create(
        visit=visit, kind=kind, at=at, by=user, expected_back=visit.expected_back
    )


CONCERN_CATEGORY_UNKNOWN = gettext_lazy("Select the kind of abuse or neglect")
CONCERN_WHAT_NEEDED = gettext_lazy("Enter what was seen or said")
CONCERN_WHEN_NEEDED = gettext_lazy("Enter when it was seen or said")
CONCERN_REPORTED_TO_UNKNOWN = gettext_lazy("Select who it was reported to")
CONCERN_REFERENCE_WITHOUT_WHO = gettext_lazy(
    "Select who it was reported to, as well as the reference number"
)
CONCERN_UPDATE_EMPTY = gettext_lazy("Enter what happened next, or who it was reported to")
CONCERN_CLOSE_NOTE = gettext_lazy("Enter what happened in the end, to close the concern")
CONCERN_CLOSED = gettext_lazy(
    "This concern is closed: record a new concern if something else happens"
)
RELEASE_REASON_NEEDED = gettext_lazy("Enter why the concerns should be included")


def _check_report(reported_to: str, reference: str) -> None:
    if reported_to and reported_to not in ReportedTo.values:
        raise _refused(CONCERN_REPORTED_TO_UNKNOWN, "reported_to")
    if reference and not reported_to:
        raise _refused(CONCERN_REFERENCE_WITHOUT_WHO, "reported_to")


@transaction.atomic
def concern_record(
    *,
    person: Person,
    category: str,
    what_happened: str,
    happened_on: date | None,
    reported_to: str = "",
    reference: str = "",
    actor: Actor,
) -> Concern:
    """A coordinator records a concern, and who it was reported to if it was."""
    what_happened, reference = what_happened.strip(), reference.strip()
    if category not in dict(concern_categories()):
        raise _refused(CONCERN_CATEGORY_UNKNOWN, "category")
    if not what_happened:
        raise _refused(CONCERN_WHAT_NEEDED, "what_happened")
    if happened_on is None:
        raise _refused(CONCERN_WHEN_NEEDED, "happened_on")
    dates.check(dates.SAFEGUARDING_CONCERN, happened_on, field="happened_on")
    _check_report(reported_to, reference)
    concern = Concern(
        person=person,
        category=category,
        what_happened=what_happened,
        happened_on=happened_on,
        recorded_by=actor.user,
    )
    records.check(concern)
    update = ConcernUpdate(
        kind=ConcernUpdateKind.REPORTED, reported_to=reported_to, reference=reference, by=actor.user
    )
    records.check(update, exclude=("concern",))
    concern.save()
    if reported_to:
        update.concern = concern
        update.save()
    audit_write(
        obj=concern, action=Action.CREATE, what="Safeguarding concern recorded", actor=actor
    )
    return concern


@transaction.atomic
def concern_update(
    *,
    concern: Concern,
    note: str,
    reported_to: str = "",
    reference: str = "",
    close: bool = False,
    actor: Actor,
) -> ConcernUpdate:
    """Add what happened next (and who else it was reported to), or close the concern."""
    note, reference = note.strip(), reference.strip()
    current = Concern.objects.select_for_update().get(pk=concern.pk)
    if current.closed_at is not None:
        raise _refused(CONCERN_CLOSED, "note")
    _check_report(reported_to, reference)
    if close and not note:
        raise _refused(CONCERN_CLOSE_NOTE, "note")
    if not (note or reported_to):
        raise _refused(CONCERN_UPDATE_EMPTY, "note")
    if close:
        kind = ConcernUpdateKind.CLOSED
    elif reported_to:
        kind = ConcernUpdateKind.REPORTED
    else:
        kind = ConcernUpdateKind.UPDATE
    update = ConcernUpdate(
        concern=current,
        kind=kind,
        note=note,
        reported_to=reported_to,
        reference=reference,
        by=actor.user,
    )
    records.check(update)
    update.save()
    if close:
        current.closed_at = update.at
        current.save(update_fields=["closed_at"])
        concern.closed_at = current.closed_at
    what = "Safeguarding concern closed" if close else "Safeguarding concern updated"
    audit_write(obj=update, action=Action.UPDATE, what=what, actor=actor, person=current.person)
    return update


@transaction.atomic
def concern_release(*, person: Person, reason: str, actor: Actor) -> ConcernRelease:
    """A manager decides the person's subject access export includes their concerns."""
    reason = reason.strip()
    if not reason:
        raise _refused(RELEASE_REASON_NEEDED, "reason")
    release = ConcernRelease(person=person, reason=reason, decided_by=actor.user)
    return create_audited(
        release,
        what="Decided to include safeguarding concerns in subject access",
        actor=actor,
    )
