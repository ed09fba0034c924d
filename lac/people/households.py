"""Writes about households: people who live together or support each other as a family.

A person belongs to one household at a time (the model's foreign key says so).
Every change is written to the audit trail of each person it concerns, in the
same transaction as the change. The household's ``version`` guards its name,
notes and members: an editor sends the version they saw, and if someone else
changed the household meanwhile nothing is written and
:class:`HouseholdChangedError` says so.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext

from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write, diff
from lac.lib.rules import records
from lac.people.models import Household, Person


class HouseholdChangedError(Exception):
    """Someone else changed the household since this editor opened it."""

    def __init__(self, household: Household) -> None:
        super().__init__(
            f"{household.name} was changed by someone else while you were editing. Your "
            "change has not been saved: check the household below and make your change again."
        )
        self.household = household


def default_name(person: Person) -> str:
    """“The Okafor household”, from the person's surname."""
    surname = person.full_name.split()[-1] if person.full_name.split() else ""
    return f"The {surname} household" if surname else ""


def household_create(
    *,
    person: Person,
    name: str,
    notes: str = "",
    actor: Actor,
) -> Household:
    """Start a household with ``person`` as its first member, in their neighbourhood."""
    if person.household_id is not None:
        raise ValidationError(
            {
                "name": gettext("%(name)s is already in a household. Remove them from it first.")
                % {"name": person.full_name}
            }
        )
    household = Household(
        name=" ".join(name.split()), notes=notes.strip(), neighbourhood_id=person.neighbourhood_id
    )
    records.check(household)
    with transaction.atomic():
        household.save()
        _join(household, person, error_field="name")
        audit_write(
            obj=household,
            action=Action.CREATE,
            what=f"Started the household {household.name} with {person.full_name}",
            actor=actor,
            person=person,
            changes=diff({}, {"household": household.name, "notes": household.notes or None}),
        )
    return household


def household_update(
    *,
    household: Household,
    expected_version: int,
    name: str,
    notes: str,
    actor: Actor,
) -> Household:
    """Change a household's name or notes; written to every member's trail."""
    after = {"name": " ".join(name.split()), "notes": notes.strip()}
    before = {key: getattr(household, key) for key in after}
    for key, value in after.items():
        setattr(household, key, value)
    records.check(household)
    with transaction.atomic():
        _claim(household, expected_version, **after)
        changed = diff(before, after)
        if changed:
            for member in live_members(household).select_related("neighbourhood"):
                audit_write(
                    obj=household,
                    what=f"Changed the details of the household {household.name}",
                    actor=actor,
                    person=member,
                    changes=changed,
                )
    return household


def household_add_member(
    *,
    household: Household,
    person: Person,
    expected_version: int,
    actor: Actor,
) -> Household:
    """Add someone who is in no household yet. Errors name the ``person`` field."""
    if person.household_id == household.pk:
        raise ValidationError(
            {
                "person": gettext("%(name)s is already in this household.")
                % {"name": person.full_name}
            }
        )
    if person.household_id is not None:
        raise ValidationError(
            {
                "person": gettext(
                    "%(name)s is already in another household. A person "
                    "belongs to one household at a time: remove them from it first."
                )
                % {"name": person.full_name}
            }
        )
    if person.neighbourhood.programme_id != household.neighbourhood.programme_id:
        raise ValidationError(
            {"person": gettext("Only people in the same programme can share a household.")}
        )
    with transaction.atomic():
        _claim(household, expected_version)
        _join(household, person, error_field="person")
        audit_write(
            obj=household,
            what=f"Added {person.full_name} to the household {household.name}",
            actor=actor,
            person=person,
            changes={"household": ["", household.name]},
        )
    return household


def household_remove_member(
    *,
    household: Household,
    person: Person,
    expected_version: int,
    actor: Actor,
) -> Household | None:
    """Take someone out of a household.

    A household with nobody left in it is deleted: it would say nothing about
    anyone and could no longer be reached from any page. Returns the household,
    or ``None`` if it was deleted.
    """
    if person.household_id != household.pk:
        raise ValidationError(
            {"person": gettext("%(name)s is not in this household.") % {"name": person.full_name}}
        )
    with transaction.atomic():
        _claim(household, expected_version)
        Person.objects.filter(pk=person.pk).update(household=None, version=F("version") + 1)
        person.household = None
        empty = not live_members(household).exists()
        audit_write(
            obj=household,
            what=f"Removed {person.full_name} from the household {household.name}"
            + (", which has nobody left in it and was deleted" if empty else ""),
            actor=actor,
            person=person,
            changes={"household": [household.name, ""]},
        )
        if empty:
            household.delete()
            return None
    return household


def _claim(household: Household, expected_version: int, **changes: str) -> None:
    """Move the household on by one version, unless someone else already has."""
    claimed = Household.objects.filter(pk=household.pk, version=expected_version).update(
        **changes, version=F("version") + 1
    )
    if not claimed:
        current = Household.objects.filter(pk=household.pk).first()
        raise HouseholdChangedError(current or household)
    household.version = expected_version + 1


def _join(household: Household, person: Person, *, error_field: str) -> None:
    """Put the person in the household, unless someone put them in another a moment ago."""
    joined = Person.objects.filter(pk=person.pk, household__isnull=True).update(
        household=household, version=F("version") + 1
    )
    if not joined:
        raise ValidationError(
            {
                error_field: gettext("%(name)s has just been added to a household by someone else.")
                % {"name": person.full_name}
            }
        )
    person.household = household


def live_members(household: Household) -> QuerySet[Person]:
    """Members who are people in their own right: a record merged into another may still
    point at the household, but it is nobody's current record."""
    return Person.objects.filter(household=household, merged_into__isnull=True)
