"""Reads of people, always through the user's scope.

Other apps fetch a person with :func:`get_person` (404 outside the user's
neighbourhoods or programme) and list people with :func:`people_for`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from lac.accounts.permissions import Capability, Scope, get_in
from lac.audit.actor import Actor
from lac.audit.services import audit_shown
from lac.people.equality import EQUALITY_FIELDS
from lac.people.matching import Who, compact, may_be_same_person, name_parts, search_words
from lac.people.models import Consent, ConsentTopic, Household, Person
from lac.people.subject_access import WITHHOLDINGS


def people() -> QuerySet[Person]:
    """Every live person record (not merged away), with neighbourhood and programme."""
    return Person.objects.filter(merged_into__isnull=True).select_related(
        "neighbourhood__programme", "coordinator"
    )


def people_for(scope: Scope, capability: Capability = Capability.VIEW_PERSONAL) -> QuerySet[Person]:
    """The people this user may see (or change) with the capability."""
    return scope.filter(people(), capability, neighbourhood_field="neighbourhood")


def get_person(
    scope: Scope, actor: Actor, pk: int, capability: Capability = Capability.VIEW_PERSONAL
) -> Person:
    """One person the scope may see with the capability, or 404.

    A record merged into another is returned too (``merged_into`` set), so a
    page can redirect to the kept person; use :func:`get_live_person` to change
    records. The page (or API answer, or job) that shows them is audited as the
    actor's read of their record (:func:`lac.audit.services.audit_shown`), unless
    it audits one itself.
    """
    every_person = Person.objects.select_related("neighbourhood__programme", "coordinator")
    person = get_in(scope, every_person, capability, neighbourhood_field="neighbourhood", pk=pk)
    audit_shown(actor, [person])
    return person


class MergedRecord(Http404):
    """The record asked for was merged into another.

    The one rule for merged people: a page of a merged record redirects to the
    same page of the kept record (``lac.web.middleware``); elsewhere (the API)
    it is the 404 it subclasses.
    """

    def __init__(self, merged_id: int, kept_id: int) -> None:
        super().__init__("This record was merged into another person's record")
        self.merged_id = merged_id
        self.kept_id = kept_id


def get_live_person(
    scope: Scope, actor: Actor, pk: int, capability: Capability = Capability.EDIT_PERSONAL
) -> Person:
    """Like :func:`get_person`, but :class:`MergedRecord` for a record merged into another."""
    person = get_person(scope, actor, pk, capability)
    if person.merged_into_id is not None:
        raise MergedRecord(person.pk, person.merged_into_id)
    return person


def possible_duplicates(
    scope: Scope,
    *,
    full_name: str,
    date_of_birth: date | None = None,
    postcode: str = "",
    address_line_1: str = "",
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[Person]:
    """People in the user's programmes who may be the same person.

    The rule is :func:`lac.people.matching.may_be_same_person`; this finds the few
    records it can hold for (same date of birth, same postcode, or the same folded
    name) with indexed look-ups. Only people the user may see are searched, so the
    check never reveals someone outside their scope.
    """
    new = Who(full_name, date_of_birth, postcode, address_line_1=address_line_1)
    named = bool(name_parts(full_name))
    postcode_key = compact(postcode)
    if not named and not postcode_key:
        return []
    candidates = people_for(scope, Capability.VIEW_PERSONAL)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    query = Q(pk__in=[])
    if named and date_of_birth:
        query |= Q(date_of_birth=date_of_birth)
    if postcode_key:
        spaced = f"{postcode_key[:-3]} {postcode_key[-3:]}".upper()
        query |= Q(postcode__in={spaced, postcode_key.upper()})
    if named and not date_of_birth and not postcode_key:
        query |= Q(name_key=compact(full_name))
    found = []
    for person in candidates.filter(query).order_by("full_name", "pk"):
        known = Who(
            person.full_name,
            person.date_of_birth,
            person.postcode,
            person.preferred_name,
            person.address_line_1,
        )
        if may_be_same_person(new, known):
            found.append(person)
            if len(found) == limit:
                break
    return found


@dataclass(frozen=True)
class HouseholdView:
    """A person's household as one user may see it."""

    household: Household
    members: list[Person]
    """Members the user may see, the person themselves included."""
    hidden: int
    """Members outside the user's neighbourhoods: counted, never named."""


def household_of(person: Person, scope: Scope) -> HouseholdView | None:
    """The person's household and its members, in one query.

    Members in neighbourhoods the user may not see are only counted, so a
    household that spans two patches never shows a coordinator a name from
    the other one.
    """
    if person.household_id is None:
        return None
    everyone = list(
        Person.objects.filter(household_id=person.household_id, merged_into__isnull=True)
        .select_related("household", "neighbourhood")
        .order_by("full_name", "pk")
    )
    if not everyone:
        return None
    visible = scope.neighbourhood_ids(Capability.VIEW_PERSONAL)
    members = [m for m in everyone if m.neighbourhood_id in visible]
    household = everyone[0].household
    assert household is not None  # every one of them was found by it
    return HouseholdView(household, members, len(everyone) - len(members))


def household_candidates(
    scope: Scope, household: Household, query: str, limit: int = 20
) -> list[Person]:
    """People the user may change who could join the household: same programme, by name.

    People already in a household are listed too (marked in the page), so the
    user learns why they cannot be added rather than not finding them.
    """
    words = search_words(query, limit=5)
    if not words:
        return []
    candidates = (
        people_for(scope, Capability.EDIT_PERSONAL)
        .filter(neighbourhood__programme_id=household.neighbourhood.programme_id)
        .exclude(household=household)
        .select_related("household")
    )
    for word in words:
        candidates = candidates.filter(search_key__contains=word)
    return list(candidates.order_by("full_name", "pk")[:limit])


def record_counts(persons: list[Person]) -> dict[int, dict[str, int]]:
    """For each person, how many records of each kind point at them (for the merge check).

    Records a subject access export withholds (safeguarding concerns, registered as a
    :class:`~lac.people.subject_access.Withholding`) are not counted: anyone who may
    change both records sees the check, not only those who may see a concern, and
    "1 safeguarding concern" would tell them one exists.
    """
    withheld = {label for withholding in WITHHOLDINGS for label in withholding.models}
    counts: dict[int, dict[str, int]] = {p.pk: {} for p in persons}
    ids = [p.pk for p in persons]
    for relation in Person._meta.related_objects:
        model = relation.related_model
        if model._meta.label_lower == "audit.auditevent" or not relation.one_to_many:
            continue
        if model._meta.label_lower in withheld:
            continue
        if relation.field.name == "merged_into":
            continue
        label = str(model._meta.verbose_name_plural)
        rows = (
            model._default_manager.filter(**{f"{relation.field.name}__in": ids})
            .values(relation.field.name)
            .annotate(n=Count("pk"))
        )
        for row in rows:
            counts[row[relation.field.name]][label] = row["n"]
    return counts


@dataclass(frozen=True)
class EqualitySummary:
    """How many equality questions a person has answered, never which answers."""

    answered: int
    asked: int
    consented: bool


def equality_summary(person: Person, consents: Iterable[Consent]) -> EqualitySummary:
    """From the person and their consents already loaded: no query."""
    return EqualitySummary(
        answered=sum(1 for field in EQUALITY_FIELDS if getattr(person, field)),
        asked=len(EQUALITY_FIELDS),
        consented=any(
            c.topic == ConsentTopic.EQUALITY and c.withdrawn_on is None for c in consents
        ),
    )
