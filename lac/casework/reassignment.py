"""Passing people to another coordinator: one person, or a leaver's whole caseload.

The one rule, for the web pages and the API alike:

- Only a user holding ``ASSIGN_CASEWORK`` in the people's programme (a team
  manager) passes them on, and only people they may see.
- The receiving coordinator must be a coordinator of that programme who works
  in each person's neighbourhood: a coordinator sees only their own
  neighbourhoods, so anyone else could not open the records they were given.
- The people's rows are locked while they move, and what the manager saw (this
  person's coordinator, or whose caseload) is checked against the rows as they
  are now: of two managers moving the same people at once, the second moves
  only who is still there, or is told why nothing moved.

Each person's own audit trail records the move, and the receiving coordinator
finds a notice on their home page until they dismiss it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from lac.accounts.models import Membership, Neighbourhood, Role, User
from lac.accounts.permissions import Capability, Scope
from lac.audit.actor import Actor
from lac.audit.services import PersonChange, audit_writes
from lac.casework.models import Handover
from lac.people.models import Person
from lac.people.selectors import people_for

ASSIGN = Capability.ASSIGN_CASEWORK

CHANGED_MEANWHILE = gettext_lazy(
    "Someone else changed %(name)s's coordinator to %(now)s while you were on this page. "
    "Nothing was saved. Check who it should be, then try again."
)


def person_reassign(
    *,
    scope: Scope,
    person: Person,
    to_coordinator: User,
    actor: Actor,
    seen_coordinator_id: int | None = None,
) -> list[Handover]:
    """Pass one person to another coordinator.

    ``seen_coordinator_id`` is the coordinator the page showed (0 for none), so a
    change made meanwhile by someone else is not silently overwritten; None
    skips the check (an API client that does not say what it saw).
    """

    def check(locked: list[Person]) -> None:
        if not locked:
            raise ValidationError(
                {"person": gettext("There is no such person in your programmes.")}
            )
        now = locked[0].coordinator_id
        if seen_coordinator_id is not None and (now or 0) != seen_coordinator_id:
            named = User.objects.filter(pk=now).first() if now else None
            raise ValidationError(
                CHANGED_MEANWHILE % {"name": person.full_name, "now": named or gettext("no one")}
            )
        if now == to_coordinator.pk:
            raise ValidationError(
                {
                    "to_coordinator": gettext("%(to)s is already %(name)s's coordinator.")
                    % {"to": to_coordinator, "name": person.full_name}
                }
            )

    return _pass_on(
        scope=scope,
        selection=Q(pk=person.pk),
        to_coordinator=to_coordinator,
        actor=actor,
        check=check,
    )


def caseload_reassign(
    *,
    scope: Scope,
    from_coordinator: User | None,
    to_coordinator: User,
    actor: Actor,
    neighbourhood_ids: Collection[int] = (),
) -> list[Handover]:
    """Pass everyone a coordinator walks alongside (closed people too, so anyone who comes
    back has a coordinator) to another; ``neighbourhood_ids`` narrows it to those
    neighbourhoods, to share a leaver's people out. ``from_coordinator`` None moves the
    people who have no coordinator."""
    if from_coordinator is not None and from_coordinator.pk == to_coordinator.pk:
        raise ValidationError(
            {"to_coordinator": gettext("Choose a different coordinator to pass the people to.")}
        )
    selection = (
        Q(coordinator=from_coordinator)
        if from_coordinator is not None
        else Q(coordinator__isnull=True)
    )
    if neighbourhood_ids:
        selection &= Q(neighbourhood_id__in=sorted(neighbourhood_ids))

    def check(locked: list[Person]) -> None:
        if not locked:
            raise ValidationError(
                {"from_coordinator": _nobody_to_pass_on(from_coordinator, neighbourhood_ids)}
            )

    return _pass_on(
        scope=scope,
        selection=selection,
        to_coordinator=to_coordinator,
        actor=actor,
        check=check,
    )


def _pass_on(
    *,
    scope: Scope,
    selection: Q,
    to_coordinator: User,
    actor: Actor,
    check: Callable[[list[Person]], None],
) -> list[Handover]:
    """Move the selected people the user may assign, locked, checked, audited and announced."""
    with transaction.atomic():
        locked = list(
            people_for(scope, ASSIGN)
            .filter(selection)
            .select_related(None)
            .select_for_update()
            .order_by("pk")
        )
        check(locked)
        hoods = {
            n.pk: n
            for n in Neighbourhood.objects.filter(pk__in={p.neighbourhood_id for p in locked})
        }
        _check_works_there(scope, to_coordinator, locked, hoods)
        from_ids = {p.coordinator_id for p in locked}
        Person.objects.filter(pk__in=[p.pk for p in locked]).update(coordinator=to_coordinator)
        names: dict[int | None, str] = {None: "no coordinator"}
        names.update((u.pk, str(u)) for u in User.objects.filter(pk__in=[i for i in from_ids if i]))
        by = str(actor.user) if actor.user is not None else "the system"
        audit_writes(
            changes=(
                PersonChange(
                    person_id=p.pk,
                    programme_id=hoods[p.neighbourhood_id].programme_id,
                    what=f"Passed from {names[p.coordinator_id]} to {to_coordinator} by {by}",
                    changes={"coordinator": [str(p.coordinator_id or ""), str(to_coordinator.pk)]},
                )
                for p in locked
            ),
            actor=actor,
        )
        single_from = next(iter(from_ids)) if len(from_ids) == 1 else None
        by_programme = groupby(sorted(hoods[p.neighbourhood_id].programme_id for p in locked))
        return [
            Handover.objects.create(
                programme_id=programme_id,
                to_coordinator=to_coordinator,
                from_coordinator_id=single_from,
                passed_by=actor.user,
                people_count=len(list(people)),
            )
            for programme_id, people in by_programme
        ]


def _check_works_there(
    scope: Scope, to: User, people: list[Person], hoods: dict[int, Neighbourhood]
) -> None:
    """The receiving coordinator works in every person's neighbourhood, in the user's
    programmes; otherwise say where they do not, and what to do instead."""
    memberships = Membership.objects.filter(
        user=to, role=Role.COORDINATOR, programme_id__in=sorted(scope.programme_ids(ASSIGN))
    )
    covered = set(memberships.values_list("neighbourhoods", flat=True))
    if not memberships.exists():
        raise ValidationError(
            {
                "to_coordinator": gettext("%(to)s is not a coordinator in your programmes.")
                % {"to": to}
            }
        )
    away = [p for p in people if p.neighbourhood_id not in covered]
    if not away:
        return
    places = gettext(" or ").join(sorted({hoods[p.neighbourhood_id].name for p in away}))
    if len(people) == 1:
        raise ValidationError(
            {
                "to_coordinator": gettext(
                    "%(to)s does not work in %(places)s, where %(name)s lives, so could not "
                    "open their record. Choose a coordinator who works in %(places)s, or ask "
                    "an administrator to add it to %(to)s's neighbourhoods first."
                )
                % {"to": to, "places": places, "name": people[0].full_name}
            }
        )
    raise ValidationError(
        {
            "to_coordinator": ngettext(
                "%(to)s does not work in %(places)s, where %(away)s of these %(people)s "
                "person lives, so could not open their records. Choose only the "
                "neighbourhoods %(to)s works in, and pass the others to someone who works "
                "there.",
                "%(to)s does not work in %(places)s, where %(away)s of these %(people)s "
                "people live, so could not open their records. Choose only the "
                "neighbourhoods %(to)s works in, and pass the others to someone who works "
                "there.",
                len(people),
            )
            % {"to": to, "places": places, "away": len(away), "people": len(people)}
        }
    )


def _nobody_to_pass_on(from_coordinator: User | None, neighbourhood_ids: Collection[int]) -> str:
    """Why there is no one to pass on: whose people, and where, were looked for."""
    if from_coordinator is None and neighbourhood_ids:
        return gettext(
            "There is no one without a coordinator in the neighbourhoods chosen "
            "in your programmes to pass on."
        )
    if from_coordinator is None:
        return gettext("There is no one without a coordinator in your programmes to pass on.")
    if neighbourhood_ids:
        return gettext(
            "%(whose)s has no one in the neighbourhoods chosen in your programmes to pass on."
        ) % {"whose": from_coordinator}
    return gettext("%(whose)s has no one in your programmes to pass on.") % {
        "whose": from_coordinator
    }


def handover_dismiss(*, handover_id: int, actor: Actor) -> bool:
    """Put away a notice of people passed to whoever acts; False if it was not theirs."""
    return bool(
        Handover.objects.filter(
            pk=handover_id, to_coordinator=actor.user, dismissed_at__isnull=True
        ).update(dismissed_at=timezone.now())
    )
