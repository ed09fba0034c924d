"""Writes for casework: introductions, levels, status, conversations, vision, goals.

Each function checks its input (``lac.lib.rules.records``), writes in one transaction and
audits the change. A person's current level, status and next contact live on
the person for fast caseload lists; every change is also kept as a dated row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from lac.accounts.models import Neighbourhood, User
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write, create_audited
from lac.casework.models import (
    Challenge,
    ClosureReason,
    Conversation,
    Goal,
    Introduction,
    IntroductionSource,
    LevelChange,
    ProgressStatus,
    StatusChange,
    Step,
    Vision,
)
from lac.casework.selectors import coordinator_for, suggested_next_contact
from lac.disclosures.models import Kind, LegalBasis
from lac.disclosures.services import disclosure_record
from lac.lib.reseed import reseed
from lac.lib.rules import dates, lengths, records
from lac.people.models import Level, Person, Status
from lac.people.services import person_create

PLAN_RECIPIENT = "The person themselves"


def introduction_fields(
    *, programme_id: int, neighbourhood_id: int, import_key: str | None = None, **fields: Any
) -> dict[str, Any]:
    """An introduction's fields as stored: the one constructor of an introduction record
    (zulip's ``bulk_create`` idea, as :func:`lac.people.services.person_fields` is for
    people). The service below (through :func:`introduction_build`), the import's bulk
    insert (plain rows keyed by column) and the demo's ``bulk_create`` all build
    introductions with it.

    An introduction belongs to the programme and neighbourhood the person is in when
    introduced, so a later move leaves it counted where the work began; a blank import
    key is stored as none (the key is unique among those that have one).
    """
    return {
        "programme_id": programme_id,
        "neighbourhood_id": neighbourhood_id,
        "import_key": import_key or None,
        **fields,
    }


def introduction_build(*, person: Person, **fields: Any) -> Introduction:
    """An unsaved introduction of ``person`` where they are now (for ``bulk_create`` as
    well as the service below): :func:`introduction_fields` as a model instance."""
    introduction = Introduction(
        person=person,
        **introduction_fields(
            programme_id=person.neighbourhood.programme_id,
            neighbourhood_id=person.neighbourhood_id,
            **fields,
        ),
    )
    introduction.neighbourhood = person.neighbourhood
    return introduction


def introduction_record(
    *,
    person: Person,
    date: date,
    actor: Actor,
    source: IntroductionSource | None = None,
    introducer: str = "",
    hopes: str = "",
    challenges: Iterable[Challenge] = (),
    source_file: str = "",
    source_sheet: str = "",
    source_row: int | None = None,
    import_key: str | None = None,
    next_contact_date: date | None = None,
) -> Introduction:
    """Record that a person was introduced (again). A closed person is reopened.

    Every introduction leaves the person with a next contact: the one given, or
    the programme's usual gap after the introduction, so no one is introduced
    and then forgotten.
    """
    dates.check(dates.INTRODUCTION, date, field="date")
    start = person.neighbourhood.programme.start_date
    dates.check_since_programme_start(dates.INTRODUCTION, date, start, field="date")
    dates.next_contact_follows(next_contact_date, date, what="introduction")
    introduction = introduction_build(
        person=person,
        date=date,
        source=source,
        introducer=introducer,
        hopes=hopes,
        recorded_by=actor.user,
        source_file=source_file,
        source_sheet=source_sheet,
        source_row=source_row,
        import_key=import_key,
    )
    records.check(introduction)
    challenges = list(challenges)
    _check_list_items(person, source=source, challenges=challenges)
    with transaction.atomic():
        introduction.save()
        introduction.challenges.set(challenges)
        _next_contact_after_introduction(person, date, next_contact_date)
        if not person.status_changes.exists():
            # Someone recorded without a history of status (every new person now starts
            # with one: see opening_history_fields) is active from this introduction.
            status_change_build(
                person=person, status=Status.ACTIVE, date=date, recorded_by=actor.user
            ).save()
        elif person.status != Status.ACTIVE:
            status_change(
                person=person,
                status=Status.ACTIVE,
                date=date,
                note="Introduced again",
                actor=actor,
            )
        audit_write(
            obj=introduction,
            action=Action.CREATE,
            what=f"Recorded an introduction on {date:%d %B %Y}",
            actor=actor,
            person=person,
        )
    return introduction


def _next_contact_after_introduction(person: Person, when: date, given: date | None) -> None:
    """The given next contact, else the programme's usual gap, unless one is already due."""
    if given is None and person.next_contact_date is not None:
        return
    chosen = given or suggested_next_contact(person.neighbourhood.programme, when)
    Person.objects.filter(pk=person.pk).update(next_contact_date=chosen)
    person.next_contact_date = chosen


def person_introduce(
    *,
    full_name: str,
    neighbourhood: Neighbourhood,
    date: date,
    actor: Actor,
    level: int = Level.LEVEL_1,
    coordinator: User | None = None,
    source: IntroductionSource | None = None,
    introducer: str = "",
    hopes: str = "",
    challenges: Iterable[Challenge] = (),
    provenance: dict[str, Any] | None = None,
    next_contact_date: date | None = None,
    **person_details: Any,
) -> Introduction:
    """A new person and their first introduction, in one go (the "new introduction" page).

    ``provenance`` says where it came from (source_file, source_row, import_key…).
    """
    with transaction.atomic():
        person = person_create(
            full_name=full_name,
            neighbourhood=neighbourhood,
            actor=actor,
            coordinator=coordinator or coordinator_for(neighbourhood, actor),
            level=level,
            started_on=date,
            **person_details,
        )
        for change in opening_history_build(
            person=person, level=level, date=date, recorded_by=actor.user
        ):
            change.save()
        return introduction_record(
            person=person,
            date=date,
            actor=actor,
            source=source,
            introducer=introducer,
            hopes=hopes,
            challenges=challenges,
            next_contact_date=next_contact_date,
            **(provenance or {}),
        )


def opening_history_fields(
    *, level: int, date: date, **who: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The level change and the change of status a new person's history starts with, as
    stored: a row at their starting level and an active one, both dated the day of their
    first introduction. The one statement of that rule, for the service (through
    :func:`opening_history_build`), the import's bulk insert and the demo's rows, so a
    person's history reads the same whichever way they arrived: their page's timeline is
    made of these rows, and one path leaving the opening out, or dating it otherwise,
    would show that path's people starting at a different time or level.

    ``who`` names the person and who recorded it, as objects or ids, for both rows.
    Reopening a closed person introduced again is a different rule (see
    :func:`introduction_record`).
    """
    return (
        level_change_fields(level=level, date=date, **who),
        status_change_fields(status=Status.ACTIVE, date=date, **who),
    )


def opening_history_build(
    *, person: Person, level: int, date: date, **who: Any
) -> tuple[LevelChange, StatusChange]:
    """A new ``person``'s opening rows (:func:`opening_history_fields`) as unsaved model
    instances, for the service and the few people a bulk path saves one at a time."""
    level_fields, status_fields = opening_history_fields(level=level, date=date, **who)
    return LevelChange(person=person, **level_fields), StatusChange(person=person, **status_fields)


KNOWN_OR_NEW = gettext_lazy("Give person_id for someone already known, or person for someone new")


@dataclass(frozen=True)
class NewPerson:
    """Someone introduced for the first time: what their new record starts with."""

    full_name: str
    neighbourhood: Neighbourhood
    level: int = Level.LEVEL_1
    preferred_name: str = ""
    date_of_birth: date | None = None
    phone: str = ""
    postcode: str = ""
    email: str = ""
    nhs_number: str = ""
    preferred_language: str = settings.LANGUAGE_CODE


def check_known_or_new(known: object, new: object) -> None:
    """An introduction is of someone already known or of someone new: exactly one.

    Callers check what they were given before looking either up (the API takes a
    person's id or a new person's details), so they say this first.
    """
    if (known is None) == (new is None):
        raise ValidationError({"person_id": KNOWN_OR_NEW})


def introduction_create(
    *, known: Person | None = None, new: NewPerson | None = None, actor: Actor, **details: Any
) -> Introduction:
    """An introduction of someone known (``known``, introduced again) or someone new
    (``new``, their record made with it): the one way the web and the API record one.
    ``details`` are :func:`introduction_record`'s (date, source, challenges…).

    Whether a new person may already be recorded is asked before this (the web shows
    possible matches and asks the coordinator to confirm).
    """
    check_known_or_new(known, new)
    if known is not None:
        return introduction_record(person=known, actor=actor, **details)
    assert new is not None
    return person_introduce(**vars(new), actor=actor, **details)


def _check_list_items(
    person: Person, *, source: IntroductionSource | None, challenges: list[Challenge]
) -> None:
    programme_id = person.neighbourhood.programme_id
    if source is not None and source.programme_id not in (None, programme_id):
        raise ValidationError(
            {"source": gettext("Choose who introduced them from this programme's list.")}
        )
    if any(c.programme_id not in (None, programme_id) for c in challenges):
        raise ValidationError(
            {"challenges": gettext("Choose challenges from this programme's list.")}
        )


def level_change_fields(*, level: int, date: date, note: str = "", **fields: Any) -> dict[str, Any]:
    """A level change's fields as stored: the one constructor of the record, for the
    service below (through :func:`level_change_build`), the import's bulk insert and the
    demo's rows (as :func:`introduction_fields` is for introductions). ``fields`` names
    the person and who recorded it, as objects or ids.

    Not here, because a bulk path cannot check them row by row: that the level differs
    from the person's now (the service reads their row, locked; the import and the demo
    write a person's whole history at once, from levels they know differ), the date's
    bounds (they depend on today; the import checks each row's dates first, naming the
    cell, and the demo makes its dates up to its own today) and the model's validation
    (``records.check`` builds and cleans each record; the import checks each cell first).
    """
    return {"level": level, "date": date, "note": note, **fields}


def level_change_build(*, person: Person, **fields: Any) -> LevelChange:
    """An unsaved level change of ``person``: :func:`level_change_fields` as a model
    instance, for the service below and the few records a bulk path saves one at a time."""
    return LevelChange(person=person, **level_change_fields(**fields))


def level_change(
    *,
    person: Person,
    level: int,
    date: date,
    actor: Actor,
    note: str = "",
    seen_level: int | None = None,
) -> LevelChange:
    """Move a person between Level 1 and Level 2 from a date.

    Checked against the person's row as it is now, locked until the change is saved,
    so that of two changes made at once one is saved and the other is told why not;
    ``seen_level`` is the level the form showed (see :func:`changed_meanwhile`).
    """
    dates.check(dates.LEVEL_CHANGE, date, field="date")
    change = level_change_build(
        person=person, level=level, date=date, note=note, recorded_by=actor.user
    )
    records.check(change)
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        changed_meanwhile(current, seen=seen_level, now=current.level, what="level")
        if level == current.level:
            raise ValidationError(
                {
                    "level": gettext("%(name)s is already at Level %(level)s.")
                    % {"name": person.full_name, "level": level}
                }
            )
        change.save()
        before = current.level
        Person.objects.filter(pk=person.pk).update(level=level)
        person.level = level
        audit_write(
            obj=change,
            action=Action.CREATE,
            what=f"Moved to Level {level} from {date:%d %B %Y}",
            actor=actor,
            person=person,
            changes={"level": [str(before), str(level)]},
        )
    return change


CHANGED_MEANWHILE = {
    "level": gettext_lazy(
        "Someone else changed %(name)s's level while you were on this page: it is now "
        "%(now)s. Nothing was saved. Check it, then try again."
    ),
    "status": gettext_lazy(
        "Someone else changed %(name)s's status while you were on this page: it is now "
        "%(now)s. Nothing was saved. Check it, then try again."
    ),
}


def changed_meanwhile(current: Person, *, seen: object, now: object, what: str) -> None:
    """Refuse a change made on a page showing an older state than the row holds now (another
    coordinator saved one first), so that the second of two changes made at once is not
    saved over the first without either of them knowing. ``seen`` None or blank skips the
    check (an import, or an API client or older page that does not say what it saw)."""
    if seen not in (None, "") and str(seen) != str(now):
        if what == "status":
            shown = current.get_status_display().lower()
        else:
            shown = gettext("Level %(level)s") % {"level": now}
        raise ValidationError(CHANGED_MEANWHILE[what] % {"name": current.full_name, "now": shown})


STATUS_BEFORE = gettext_lazy("The date must be on or after %(day)s.")


def status_date_refusal(day: date, since: date | None) -> str | None:
    """The message refusing a change of status dated before the status it ends began
    (``since``), or None: a closure before the introduction, a reopening before the
    pause. The same for a page, the API and a spreadsheet's closed date."""
    if since is None or day >= since:
        return None
    return str(STATUS_BEFORE) % {"day": formats.date_format(since, "j F Y")}


CLOSURE_WITHOUT_REASON = gettext_noop("Select why the walk together is ending.")
"""In English, for tests to compare; refused in the reader's language."""


def closure_without_reason(status: str, reason: object, *, kept_before_lac: bool = False) -> bool:
    """Whether a change of ``status`` closes a walk together with no ``reason``, and may.

    A walk together that ends in lac says why: the reasons are how a programme learns
    why walks end. A page or an API client closing one without a reason is refused.

    The one exception is a closure brought in from a record kept before lac
    (``kept_before_lac``: a spreadsheet import). Many such records never said why, and
    refusing the row would lose the person and their introduction, so it may lack a
    reason; True tells the import to count it, and its report says how many.
    """
    if status != Status.CLOSED or reason is not None:
        return False
    if not kept_before_lac:
        raise ValidationError({"reason": gettext(CLOSURE_WITHOUT_REASON)})
    return True


def person_status_fields(status: str, since: date) -> dict[str, Any]:
    """The person's own fields a change of status sets, for the service and the import: the
    status, since when, and for a closure no next contact (a walk that has ended has no
    conversation planned; a spreadsheet's next contact date on a closed row is dropped)."""
    fields: dict[str, Any] = {"status": status, "status_since": since}
    if status == Status.CLOSED:
        fields["next_contact_date"] = None
    return fields


def status_change_fields(
    *, status: str, date: date, reason_id: int | None = None, note: str = "", **fields: Any
) -> dict[str, Any]:
    """A change of status's fields as stored: the one constructor of the record, for the
    service below (through :func:`status_change_build`), the import's bulk insert and the
    demo's rows. ``fields`` names the person and who recorded it, as objects or ids.

    Only a closure keeps a reason: a pause or a reopening has none, whatever a form or a
    row sent with it.

    Not here, because they are not the record's own or a bulk path cannot check them row
    by row: that a closure gives a reason unless it came from a record kept before lac
    (:func:`closure_without_reason`, which the service and the import both ask), that the
    status differs from the person's now and is not dated before the one it ends (the
    service reads their row, locked; the import checks a closed date against the
    introduction as it reads the row), the date's
    bounds and the model's validation (as for :func:`level_change_fields`).
    """
    return {
        "status": status,
        "date": date,
        "reason_id": reason_id if status == Status.CLOSED else None,
        "note": note,
        **fields,
    }


def status_change_build(
    *, person: Person, reason: ClosureReason | None = None, **fields: Any
) -> StatusChange:
    """An unsaved change of ``person``'s status: :func:`status_change_fields` as a model
    instance. A ``reason`` given as an object is kept on a closure as it is, not fetched
    again."""
    if reason is not None:
        fields["reason_id"] = reason.pk
    change = StatusChange(person=person, **status_change_fields(**fields))
    if reason is not None and change.reason_id is not None:
        change.reason = reason
    return change


def status_change(
    *,
    person: Person,
    status: str,
    date: date,
    actor: Actor,
    reason: ClosureReason | None = None,
    note: str = "",
    seen_status: str | None = None,
) -> StatusChange:
    """Pause, close (with a reason) or reopen a person's walk with their coordinator.

    Checked against the person's row as it is now, locked until the change is saved, as
    :func:`level_change` is: of a pause and a close made at once, one is saved and the
    other is told.
    """
    closure_without_reason(status, reason)
    dates.check(dates.STATUS_CHANGE, date, field="date")
    change = status_change_build(
        person=person, status=status, date=date, reason=reason, note=note, recorded_by=actor.user
    )
    records.check(change)
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        changed_meanwhile(current, seen=seen_status, now=current.status, what="status")
        if status == current.status:
            raise ValidationError(
                {
                    "status": gettext("%(name)s is already %(status)s.")
                    % {"name": person.full_name, "status": current.get_status_display().lower()}
                }
            )
        refusal = status_date_refusal(date, current.status_since)
        if refusal is not None:
            raise ValidationError({"date": refusal})
        change.save()
        before = current.status
        fields = person_status_fields(status, date)
        Person.objects.filter(pk=person.pk).update(**fields)
        for key, value in fields.items():
            setattr(person, key, value)
        verb: dict[str, str] = {
            Status.ACTIVE: "Reopened",
            Status.PAUSED: "Paused",
            Status.CLOSED: "Closed",
        }
        if before == Status.PAUSED and status == Status.ACTIVE:
            verb = {**verb, Status.ACTIVE: "Resumed"}
        audit_write(
            obj=change,
            action=Action.CREATE,
            what=f"{verb[status]} on {date:%d %B %Y}"
            + (f" ({change.reason})" if change.reason else ""),
            actor=actor,
            person=person,
            changes={"status": [before, status]},
        )
    return change


def closure_outcome_skip(*, person: Person, reason: str, actor: Actor) -> StatusChange:
    """Say why a closure has no final assessment or outcome, so no one chases it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": gettext("Enter why there is no final assessment or outcome to record")}
        )
    closure = person.status_changes.filter(status=Status.CLOSED).first()
    if person.status != Status.CLOSED or closure is None:
        raise ValidationError(
            {"reason": gettext("%(name)s is not closed.") % {"name": person.full_name}}
        )
    too_long = lengths.too_long(StatusChange._meta.get_field("outcome_skipped"), reason)
    if too_long:
        raise ValidationError({"reason": too_long})
    with transaction.atomic():
        StatusChange.objects.filter(pk=closure.pk).update(outcome_skipped=reason)
        closure.outcome_skipped = reason
        audit_write(
            obj=closure,
            what="Closed without a final assessment or outcome, saying why",
            actor=actor,
            person=person,
        )
    return closure


def contact_dates_after(
    last: date | None, planned: date | None, when: date, next_given: date | None
) -> dict[str, date | None]:
    """How a conversation on ``when`` moves a person's last and next contact dates on, for
    every way a conversation comes in (logged, or imported from a contacts log).

    The newest conversation's date is the last contact; its next contact date is the
    next, or none once the one planned has come. Returns the fields that change.
    """
    fields: dict[str, date | None] = {}
    if last is None or when >= last:
        fields["last_contact_date"] = when
        if next_given is not None or (planned and planned <= when):
            fields["next_contact_date"] = next_given
    return fields


LONGEST_CONVERSATION = 720
"""Minutes: a whole day's visit at most. Longer is a slip (hours typed as minutes)."""
DURATION_OUT_OF_RANGE = gettext_noop("How long must be from 1 to 720 minutes (12 hours)")
"""In English, for tests to compare; refused in the reader's language (an import's report
is in its starter's)."""


def duration_check(minutes: int | None) -> None:
    """Refuse a conversation's length outside 1 to ``LONGEST_CONVERSATION`` minutes, logged
    on a page, sent to the API or read from a contacts log; not given passes."""
    if minutes is not None and not 1 <= minutes <= LONGEST_CONVERSATION:
        raise ValidationError({"duration_minutes": gettext(DURATION_OUT_OF_RANGE)})


def conversation_fields(
    *,
    date: date,
    mode: str,
    duration_minutes: int | None = None,
    who_was_there: str = "",
    note: str = "",
    next_contact_date: date | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A conversation's fields as stored: the one constructor of the record, for the
    service below (through :func:`conversation_build`), the import's bulk insert and the
    demo's rows. ``fields`` names the person and who recorded it, as objects or ids.

    Its length is held to :func:`duration_check` here, for every path: a comparison,
    cheap enough for a million rows (the import has refused a bad one already, naming
    its cell). Not here, because a bulk path cannot check them row by row: the dates'
    bounds (they depend on today; the import checks each row's dates first, naming the
    cell, and the demo makes its dates up to its own today) and the model's validation
    (``records.check`` builds and cleans each record). A conversation moves the person's
    contact dates on by :func:`contact_dates_after`, which each path applies to its own
    batch.
    """
    duration_check(duration_minutes)
    return {
        "date": date,
        "mode": mode,
        "duration_minutes": duration_minutes,
        "who_was_there": who_was_there,
        "note": note,
        "next_contact_date": next_contact_date,
        **fields,
    }


def conversation_build(*, person: Person, **fields: Any) -> Conversation:
    """An unsaved conversation with ``person``: :func:`conversation_fields` as a model
    instance."""
    return Conversation(person=person, **conversation_fields(**fields))


def conversation_log(
    *,
    person: Person,
    date: date,
    mode: str,
    actor: Actor,
    duration_minutes: int | None = None,
    who_was_there: str = "",
    note: str = "",
    next_contact_date: date | None = None,
) -> Conversation:
    """Log a conversation; it moves the person's last and next contact dates on."""
    dates.check(dates.CONVERSATION, date, field="date")
    dates.next_contact_follows(next_contact_date, date, what="conversation")
    conversation = conversation_build(
        person=person,
        date=date,
        mode=mode,
        duration_minutes=duration_minutes,
        who_was_there=who_was_there,
        note=note,
        next_contact_date=next_contact_date,
        recorded_by=actor.user,
    )
    records.check(conversation)
    with transaction.atomic():
        # The person's row, locked: of two conversations saved at once, the second sees the
        # first's dates, so the newest conversation's date is the one kept.
        person_now = Person.objects.select_for_update().get(pk=person.pk)
        person.last_contact_date = person_now.last_contact_date
        person.next_contact_date = person_now.next_contact_date
        conversation.save()
        fields = contact_dates_after(
            person.last_contact_date, person.next_contact_date, date, next_contact_date
        )
        if fields:
            Person.objects.filter(pk=person.pk).update(**fields)
            for key, value in fields.items():
                setattr(person, key, value)
        audit_write(
            obj=conversation,
            action=Action.CREATE,
            what=f"Logged a conversation ({conversation.get_mode_display().lower()}) "
            f"on {date:%d %B %Y}",
            actor=actor,
            person=person,
        )
    return conversation


def next_contact_set(
    *,
    person: Person,
    next_contact_date: date | None,
    actor: Actor,
) -> Person:
    """Change when the coordinator will next be in touch: on or after the last contact."""
    dates.next_contact_follows(next_contact_date, person.last_contact_date, what="last contact")
    before = person.next_contact_date
    with transaction.atomic():
        Person.objects.filter(pk=person.pk).update(next_contact_date=next_contact_date)
        person.next_contact_date = next_contact_date
        audit_write(
            obj=person,
            what="Changed the next contact date",
            actor=actor,
            changes={"next_contact_date": [str(before or ""), str(next_contact_date or "")]},
        )
    return person


def vision_record(
    *,
    person: Person,
    text: str,
    date: date,
    actor: Actor,
) -> Vision:
    """Save a new version of the person's vision of a good life (old ones are kept)."""
    dates.check(dates.VISION, date, field="date")
    vision = Vision(person=person, text=text.strip(), date=date, recorded_by=actor.user)
    return create_audited(
        vision,
        what=f"Recorded their vision of a good life ({date:%d %B %Y})",
        actor=actor,
        person=person,
    )


def goal_add(
    *,
    person: Person,
    title: str,
    set_on: date,
    actor: Actor,
    steps: Iterable[str] = (),
) -> Goal:
    """A goal in the person's words, with its first steps (one per line of ``steps``)."""
    dates.check(dates.GOAL_SET, set_on, field="set_on")
    goal = Goal(person=person, title=title.strip(), set_on=set_on, recorded_by=actor.user)
    records.check(goal)
    first_steps = [Step(goal=goal, description=text.strip()) for text in steps if text.strip()]
    for step in first_steps:
        try:
            records.check(step, exclude=("goal",))
        except ValidationError as error:
            raise ValidationError({"steps": error.message_dict["description"]}) from error
    with transaction.atomic():
        goal.save()
        Step.objects.bulk_create(first_steps)
        audit_write(
            obj=goal,
            action=Action.CREATE,
            what=f"Added the goal “{goal.title}”",
            actor=actor,
            person=person,
        )
    return goal


def goal_update(
    *,
    goal: Goal,
    status: str,
    actor: Actor,
    on: date | None = None,
) -> Goal:
    """Change a goal's status; completing it records the date."""
    dates.check(dates.COMPLETED, on, field="completed_on")
    before = goal.status
    goal.status = status
    goal.completed_on = (on or timezone.localdate()) if status == ProgressStatus.COMPLETED else None
    records.check(goal)
    with transaction.atomic():
        goal.save(update_fields=["status", "completed_on", "updated"])
        audit_write(
            obj=goal,
            what=f"Goal “{goal.title}”: {goal.get_status_display().lower()}",
            actor=actor,
            changes={"status": [before, status]},
        )
    return goal


def step_add(
    *,
    goal: Goal,
    description: str,
    actor: Actor,
    due_on: date | None = None,
) -> Step:
    dates.check(dates.STEP_DUE, due_on, field="due_on")
    step = Step(goal=goal, description=description.strip(), due_on=due_on)
    return create_audited(
        step,
        what=f"Added the step “{step.description}” to “{goal.title}”",
        actor=actor,
        person=goal.person,
    )


def step_update(
    *,
    step: Step,
    status: str,
    actor: Actor,
    on: date | None = None,
) -> Step:
    """Change a step's status; the goal is in progress once any step is."""
    dates.check(dates.COMPLETED, on, field="completed_on")
    before = step.status
    step.status = status
    step.completed_on = (on or timezone.localdate()) if status == ProgressStatus.COMPLETED else None
    records.check(step)
    with transaction.atomic():
        step.save(update_fields=["status", "completed_on"])
        if status != ProgressStatus.NOT_STARTED:
            Goal.objects.filter(pk=step.goal_id, status=ProgressStatus.NOT_STARTED).update(
                status=ProgressStatus.IN_PROGRESS
            )
        audit_write(
            obj=step,
            what=f"Step “{step.description}”: {step.get_status_display().lower()}",
            actor=actor,
            person=step.goal.person,
            changes={"status": [before, status]},
        )
    return step


def default_lists_ensure() -> bool:
    """Put back the global default lists if they are missing; True if it did."""
    return reseed(
        "lac.casework.migrations.0002_default_lists",
        "seed",
        missing=lambda: not IntroductionSource.objects.filter(programme=None).exists(),
    )


def plan_hand_over(*, actor: Actor, person: Person, how: str) -> None:
    """Log that the person's good life plan left lac for them, in the disclosure log.

    The plan carries their words and their coordinator's contact details, so
    each copy (a PDF handed over, a one-time link opened) is a disclosure to
    the person themselves, made in the council's public task of walking
    alongside them. ``how`` says which copy, in words.
    """
    disclosure_record(
        actor,
        person=person,
        kind=Kind.DOWNLOAD,
        description=f"My good life plan ({how})",
        recipient=PLAN_RECIPIENT,
        legal_basis=LegalBasis.PUBLIC_TASK,
    )
