"""Following up months after closure: "how are things now?", in the person's own words.

A programme that turns follow-ups on (:class:`FollowUpSettings`) asks each
closed Level 1 or Level 2 person, some months after the closure, the four
ONS personal wellbeing questions and what changed. One rule decides who is
due, :func:`follow_ups`: the coordinator's list, the dashboard's counts and
the reminder command all ask it. The coordinator gives a one-time link
(:mod:`lac.selfservice`, purpose ``follow-up``) or records that the person
declined or could not be reached; either closes the follow-up of that
closure. Every write is audited against the person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lac.accounts.models import Programme
from lac.accounts.permissions import Capability, Scope
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.casework.models import FollowUp, FollowUpSettings, FollowUpState
from lac.lib.periods import months_after
from lac.lib.rules import records
from lac.outcomes.models import FrameworkVersion
from lac.outcomes.scoring import Figure, measure_of, score
from lac.outcomes.selectors import newest_measure
from lac.outcomes.services import assessment_from_person
from lac.people.models import Person, Status
from lac.selfservice.models import PersonalLink
from lac.selfservice.services import (
    IssuedLink,
    LinkRefused,
    Refusal,
    personal_link_issue,
    personal_link_use,
)

PURPOSE = "follow-up"
MEASURE = "ons4"
LINK_LIFE = timedelta(days=14)

#: A follow-up in one of these states is finished: the person is no longer due.
FINISHED = (FollowUpState.ANSWERED, FollowUpState.DECLINED, FollowUpState.UNREACHABLE)
NOT_ANSWERED = (FollowUpState.DECLINED, FollowUpState.UNREACHABLE)
#: The dashboard's name for a due follow-up that nothing has happened to yet.
NOT_STARTED = "not_started"

NOT_DUE = _("%(person)s has no follow-up due: it is not on, or it is not time, or it is finished")
NO_MEASURE = _("The ONS personal wellbeing questions are not set up: ask an administrator")
CHOOSE_OUTCOME = _("Choose whether they declined or could not be reached")
NO_LEVEL = _("Choose at least one level to follow up")
NOT_A_FOLLOW_UP = _("This link does not open a follow-up")


def settings_of(programme: Programme) -> FollowUpSettings:
    """The programme's follow-up settings: off, 6 months, both levels, until a manager says."""
    found = FollowUpSettings.objects.filter(programme=programme).first()
    return found or FollowUpSettings(programme=programme)


def follow_ups(
    programme: Programme,
    *,
    due_by: date,
    due_from: date | None = None,
    neighbourhood_ids: Iterable[int] | None = None,
) -> QuerySet[Person]:
    """The rule: closed people whose follow-up falls due from ``due_from`` to ``due_by``.

    Due ``months`` after the closure (the person's current status date), for
    the levels the programme chose, while it has follow-ups on; never for a
    merged or anonymised record. Each person carries ``follow_up_state``: the
    state of this closure's follow-up, or None when nothing has happened yet.
    """
    chosen = settings_of(programme)
    people = Person.objects.filter(
        neighbourhood__programme=programme,
        status=Status.CLOSED,
        level__in=chosen.levels,
        merged_into__isnull=True,
        is_anonymised=False,
        status_since__lte=months_after(due_by, -chosen.months),
    )
    if due_from is not None:
        people = people.filter(status_since__gte=months_after(due_from, -chosen.months))
    if neighbourhood_ids is not None:
        people = people.filter(neighbourhood_id__in=list(neighbourhood_ids))
    people = people.annotate(follow_up_state=Subquery(_this_closure().values("state")[:1]))
    return people if chosen.on and chosen.levels else people.none()


def _this_closure() -> QuerySet[FollowUp]:
    """The follow-up of the person's current closure, for a query over people."""
    return FollowUp.objects.filter(person=OuterRef("pk"), closed_on=OuterRef("status_since"))


def follow_ups_due(programme: Programme, *, today: date) -> QuerySet[Person]:
    """Closed people whose follow-up is due today and not finished (none, or a link given)."""
    finished = _this_closure().filter(state__in=FINISHED)
    return follow_ups(programme, due_by=today).exclude(Exists(finished))


def follow_ups_due_for(scope: Scope, user_id: int | None, *, today: date) -> list[Person]:
    """The closed people a coordinator walked alongside whose follow-up is due, in their
    scope: their list of follow-ups due, and the count on their caseload."""
    people: list[Person] = []
    for programme in scope.programmes(Capability.EDIT_PERSONAL):
        due = follow_ups_due(programme, today=today).filter(coordinator_id=user_id)
        people += scope.filter(due, Capability.EDIT_PERSONAL).select_related("neighbourhood")
    return people


def not_started(people: QuerySet[Person]) -> QuerySet[Person]:
    """Those of ``people`` whose follow-up has had nothing done yet (no link, no outcome)."""
    return people.exclude(Exists(_this_closure()))


def follow_up_counts(
    programme: Programme, *, start: date, end: date, neighbourhood_ids: Iterable[int] | None
) -> Counter[str]:
    """How many follow-ups fell due in a period (up to today), by state: for the dashboard.

    (django-stubs cannot see :func:`follow_ups`'s annotation through its return type.)"""
    due_by = min(end, timezone.localdate())
    if due_by < start:
        return Counter()
    people = follow_ups(
        programme, due_by=due_by, due_from=start, neighbourhood_ids=neighbourhood_ids
    )
    states = people.values_list("follow_up_state", flat=True)  # type: ignore[misc]
    return Counter(state or NOT_STARTED for state in states)


def _due(person: Person) -> date:
    """The closure whose follow-up is due now, or ValidationError saying it is not."""
    due = follow_ups_due(person.neighbourhood.programme, today=timezone.localdate())
    if person.status_since is None or not due.filter(pk=person.pk).exists():
        raise ValidationError({"person": NOT_DUE % {"person": person}})
    return person.status_since


def follow_up_link_give(actor: Actor, *, person: Person) -> IssuedLink:
    """A one-time link for the person to answer their follow-up, and the follow-up marked."""
    closed_on = _due(person)
    with transaction.atomic():
        follow_up, _ = FollowUp.objects.get_or_create(
            person=person,
            closed_on=closed_on,
            defaults={"state": FollowUpState.LINK_GIVEN, "date": timezone.localdate()},
        )
        issued = personal_link_issue(
            actor, person=person, purpose=PURPOSE, target=follow_up, expires_in=LINK_LIFE
        )
        follow_up.state, follow_up.link, follow_up.date = (
            FollowUpState.LINK_GIVEN,
            issued.link,
            timezone.localdate(),
        )
        follow_up.recorded_by = actor.user
        follow_up.save()
    return issued


def follow_up_not_answered(actor: Actor, *, person: Person, state: str) -> FollowUp:
    """Record that the person declined the follow-up, or could not be reached."""
    if state not in NOT_ANSWERED:
        raise ValidationError({"state": CHOOSE_OUTCOME})
    closed_on = _due(person)
    with transaction.atomic():
        follow_up, _ = FollowUp.objects.update_or_create(
            person=person,
            closed_on=closed_on,
            defaults={"state": state, "date": timezone.localdate(), "recorded_by": actor.user},
        )
        audit_write(
            obj=follow_up,
            action=Action.UPDATE,
            actor=actor,
            person=person,
            what=f"Follow-up after closure: {follow_up.get_state_display().lower()}",
            changes={"state": ["", state]},
        )
    return follow_up


def follow_up_measure() -> FrameworkVersion:
    """The questions a follow-up asks: the newest ONS4."""
    version = newest_measure(MEASURE)
    if version is None:
        raise ValidationError({"measure": NO_MEASURE})
    return version


def follow_up_answer(
    actor: Actor, *, link: PersonalLink, answers: Mapping[str, int | None], what_changed: str
) -> FollowUp:
    """Save the person's follow-up (ONS4 and what changed, self-reported) and spend the link.

    All or nothing: answers refused leave the link working for another try.
    A follow-up already finished refuses the link as used.
    """
    follow_up = link.target
    if not isinstance(follow_up, FollowUp):
        raise ValidationError({"target": NOT_A_FOLLOW_UP})
    if follow_up.state in FINISHED:
        raise LinkRefused(Refusal.USED)
    follow_up.what_changed = what_changed.strip()
    records.check(follow_up)
    with transaction.atomic():
        personal_link_use(link, actor=actor)
        follow_up.assessment = assessment_from_person(
            actor, person=link.person, version=follow_up_measure(), answers=answers
        )
        follow_up.state, follow_up.date = FollowUpState.ANSWERED, timezone.localdate()
        follow_up.save()
        audit_write(
            obj=follow_up,
            action=Action.UPDATE,
            actor=actor,
            person=link.person,
            what="Follow-up after closure answered by the person",
            changes={"state": [FollowUpState.LINK_GIVEN.value, FollowUpState.ANSWERED.value]},
        )
    return follow_up


def follow_up_settings_set(
    actor: Actor, *, programme: Programme, on: bool, months: int, level_1: bool, level_2: bool
) -> FollowUpSettings:
    """A manager's choice: whether to follow up, how many months after closure, which levels."""
    chosen = settings_of(programme)
    chosen.on, chosen.months, chosen.level_1, chosen.level_2 = on, months, level_1, level_2
    if on and not (level_1 or level_2):
        raise ValidationError({"levels": NO_LEVEL})
    records.check(chosen)
    with transaction.atomic():
        chosen.save()
        audit_write(
            obj=chosen,
            action=Action.UPDATE,
            actor=actor,
            what=f"Follow-ups after closure {'on' if on else 'off'}: {months} months, "
            f"levels {', '.join(map(str, chosen.levels)) or 'none'}",
        )
    return chosen


def follow_ups_of(person: Person) -> list[tuple[FollowUp, list[Figure]]]:
    """The person's follow-ups, newest closure first, each with its answers as ONS reports
    them (item by item, in its band): for the person page."""
    found = (
        FollowUp.objects.filter(person=person)
        .select_related("assessment__version__framework")
        .prefetch_related("assessment__scores__domain")
    )
    return [(follow_up, _figures(follow_up)) for follow_up in found]


def _figures(follow_up: FollowUp) -> list[Figure]:
    if follow_up.assessment is None:
        return []
    answers = {s.domain.key: s.score for s in follow_up.assessment.scores.all()}
    return score(measure_of(follow_up.assessment.version), answers)
