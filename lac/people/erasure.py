"""Erasure: anonymise a person so nobody can tell who they were, keeping the figures.

What goes: names, date of birth, contact details, address, language and
communication needs, the household link, and every piece of free text in any
app's records about them (notes, hopes, goals, who introduced them, raw
spreadsheet values) — found through the model relations, as in
:mod:`lac.people.subject_access`, so a new app's notes are erased too.

What stays, de-identified: dates, levels, statuses, categories (age band,
primary category, tenure, neighbourhood), scores, counts and amounts, so
dashboards, outcome summaries and social value runs add up the same before
and after. The audit trail keeps who looked and when, with the person's names
taken out of the descriptions and the changed values blanked.

Erasure cannot be undone: there is no copy to restore from inside lac (backups
age out under the council's own backup retention).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Model
from django.http import HttpRequest

from lac.accounts.models import User
from lac.audit.models import Action, AuditEvent
from lac.audit.services import audit_write
from lac.people.matching import person_keys
from lac.people.models import Household, Person
from lac.people.subject_access import is_text_field, person_ids_of, related_querysets

ERASED_TEXT = "[erased]"

# Person fields that identify someone; everything else on the person is a
# category, a date of the work, or the state of the casework, and stays.
PERSON_BLANKED = (
    "preferred_name",
    "phone",
    "email",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "preferred_contact",
    "first_language",
    "communication_needs",
)


def erased_name(person_pk: int) -> str:
    return f"Erased person {person_pk}"


def _unique_fields(model: type[Model]) -> set[str]:
    names = {f.name for f in model._meta.concrete_fields if f.unique}
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            names.update(constraint.fields)
    for together in model._meta.unique_together:
        names.update(together)
    return names


def _scrub_records(model: type[Model], queryset: models.QuerySet[Any]) -> int:
    """Blank every free-text and JSON field of these records; return how many records."""
    unique = _unique_fields(model)
    uniform: dict[str, Any] = {}
    per_row: list[str] = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.is_relation:
            continue
        if is_text_field(f):
            if f.null:
                uniform[f.name] = None
            elif f.name in unique:
                per_row.append(f.name)
            else:
                uniform[f.name] = "" if f.blank else ERASED_TEXT[: f.max_length or None]
        elif isinstance(f, models.JSONField):
            uniform[f.name] = f.get_default()
    count = queryset.count()
    if uniform:
        queryset.update(**uniform)
    for pk in queryset.values_list("pk", flat=True) if per_row else ():
        model._default_manager.filter(pk=pk).update(**{name: f"erased:{pk}" for name in per_row})
    return count


def _scrub_audit_trail(person_ids: list[int], names: set[str]) -> None:
    """Keep who did what and when; take the person's names and the changed values out."""
    for event in AuditEvent.objects.filter(person_id__in=person_ids).only("pk", "what", "changes"):
        what = event.what
        for name in sorted(names, key=len, reverse=True):
            what = what.replace(name, erased_name(person_ids[0]))
        changes = {key: [ERASED_TEXT, ERASED_TEXT] for key in event.changes}
        AuditEvent.objects.filter(pk=event.pk).update(what=what, changes=changes)


def person_erase(
    *,
    person: Person,
    user: User | None,
    request: HttpRequest | None = None,
    reason: str = "Erased on request",
) -> dict[str, int]:
    """Anonymise a person and every record about them, irreversibly. Audited.

    Records merged into the person are erased with them. Returns how many
    records of each kind were anonymised.
    """
    if person.merged_into_id is not None:
        raise ValidationError(
            "This record was merged into another; erase the record it was merged into."
        )
    if person.is_anonymised:
        raise ValidationError("This person's record has already been erased.")
    with transaction.atomic():
        ids = person_ids_of(person)
        people = list(Person.objects.filter(pk__in=ids).select_for_update())
        names = {n for p in people for n in (p.full_name, p.preferred_name, p.display_name) if n}
        household_ids = {p.household_id for p in people if p.household_id}
        counts = {"people": len(people)}
        for model, queryset in related_querysets(ids).items():
            counts[str(model._meta.verbose_name_plural)] = _scrub_records(model, queryset)
        for p in people:
            Person.objects.filter(pk=p.pk).update(
                full_name=erased_name(p.pk),
                **person_keys(full_name=erased_name(p.pk)),
                date_of_birth=None,
                household=None,
                is_anonymised=True,
                version=F("version") + 1,
                **{name: "" for name in PERSON_BLANKED},
            )
        # A household left with nobody in it says only who they were.
        Household.objects.filter(pk__in=household_ids, members__isnull=True).update(
            name="Erased household", notes=""
        )
        _scrub_audit_trail(ids, names)
        audit_write(
            obj=person,
            action=Action.DELETE,
            what=f"Erased {erased_name(person.pk)}: names, contacts and notes anonymised",
            user=user,
            request=request,
            changes={"reason": ["", reason], **{k: ["", str(v)] for k, v in counts.items()}},
        )
    person.refresh_from_db()
    return counts
