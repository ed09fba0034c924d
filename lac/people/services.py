"""Writes about people: create, change (never silently over someone else's change),
consent and merging duplicates (households are in ``households``). Every write is audited.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.fields.reverse_related import ManyToManyRel
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from lac.accounts.models import Neighbourhood, User
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write, create_audited, diff
from lac.lib.rules import contact, dates, health, records
from lac.people.ages import band_at_introduction
from lac.people.deprivation import deprivation_for, deprivation_of
from lac.people.equality import EQUALITY_FIELDS, question
from lac.people.matching import person_keys
from lac.people.models import Consent, ConsentTopic, Person, Status

EDITABLE_FIELDS = (
    "full_name",
    "preferred_name",
    "date_of_birth",
    "age_band",
    "phone",
    "email",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "preferred_contact",
    "neighbourhood",
    "primary_category",
    "housing_tenure",
    "first_language",
    "preferred_language",
    "communication_needs",
    "household",
    "nhs_number",
)


class ConcurrentEditError(Exception):
    """Someone else changed the record since this editor opened it."""

    def __init__(self, person: Person) -> None:
        super().__init__(
            f"{person.full_name}'s details were changed by someone else while you were "
            "editing. Your changes have not been saved: check the details below and make "
            "your changes again."
        )
        self.person = person


def _tidy(
    fields: dict[str, Any], *, introduced_on: date, today: date | None = None
) -> dict[str, Any]:
    """Details as stored, each checked by its rule: the postcode, phone number and NHS
    number normalised, the date of birth within bounds and the age band worked out from
    it (on ``introduced_on``, see ``lac.people.ages``), names on single spaces."""
    for key, rule in (
        ("postcode", contact.postcode),
        ("phone", contact.phone),
        ("email", contact.email),
        ("nhs_number", health.nhs_number),
    ):
        if fields.get(key):
            fields[key] = rule(fields[key])
    born = fields.get("date_of_birth")
    if born:
        dates.check(dates.DATE_OF_BIRTH, born, field="date_of_birth", today=today)
        fields["age_band"] = band_at_introduction(born, introduced_on)
    for key in ("full_name", "preferred_name"):
        if key in fields and isinstance(fields[key], str):
            fields[key] = " ".join(fields[key].split())
    return fields


def first_introduced_on(person: Person) -> date:
    """The day an existing person was first introduced, the day their age band is taken
    on; today for someone not yet introduced."""
    first = person.introductions.order_by("date").values_list("date", flat=True).first()
    return first or timezone.localdate()


def person_set_keys(person: Person) -> dict[str, str]:
    """Keep what is derived from the names and postcode in step with them: the folded
    name and search keys, and the deprivation decile of the postcode's area."""
    keys = person_keys(
        full_name=person.full_name, preferred_name=person.preferred_name, postcode=person.postcode
    )
    keys["deprivation"] = deprivation_of(person.postcode)
    for key, value in keys.items():
        setattr(person, key, value)
    return keys


def person_fields(*, age_on: date, **fields: Any) -> dict[str, Any]:
    """A new person's fields as stored, with everything derived from them: names with
    single spaces, the postcode written one way, the age band from the date of birth on
    ``age_on`` (a band given without a date of birth is kept), the name and search keys,
    and the deprivation decile of the postcode's area (``lac.people.deprivation``).

    The one constructor of a person record (zulip's ``bulk_create`` idea): the service
    below, the import's bulk insert (plain rows keyed by column, through
    :func:`people_fields`) and the demo's ``bulk_create`` (:func:`person_build`) all build
    people with it, so no path stores a person without their keys or with a band worked
    out another way.
    """
    return people_fields([(age_on, fields)])[0]


def people_fields(people: Sequence[tuple[date, dict[str, Any]]]) -> list[dict[str, Any]]:
    """:func:`person_fields` for many new people at once, each given as (``age_on``, fields):
    the deciles of all their postcodes are found in one query (``deprivation_for``), where
    one person at a time would cost a query each."""
    built: list[dict[str, Any]] = []
    today = timezone.localdate()
    for age_on, given in people:
        fields = _tidy(dict(given), introduced_on=age_on, today=today)
        fields.update(
            person_keys(
                full_name=fields["full_name"],
                preferred_name=fields.get("preferred_name", ""),
                postcode=fields.get("postcode", ""),
            )
        )
        built.append(fields)
    deciles = deprivation_for(fields.get("postcode", "") for fields in built)
    for fields in built:
        fields["deprivation"] = deciles.get(fields.get("postcode", ""), "")
    return built


def person_build(*, age_on: date, **fields: Any) -> Person:
    """An unsaved person for ``bulk_create``: :func:`person_fields` as a model instance."""
    return Person(**person_fields(age_on=age_on, **fields))


def person_create(
    *,
    full_name: str,
    neighbourhood: Neighbourhood,
    actor: Actor,
    coordinator: User | None = None,
    level: int | None = None,
    started_on: date | None = None,
    **details: Any,
) -> Person:
    """Add a person. Only the name and neighbourhood are needed."""
    unknown = set(details) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"person_create() got unexpected fields: {', '.join(sorted(unknown))}")
    started_on = started_on or timezone.localdate()
    fields = person_fields(
        age_on=started_on, full_name=full_name, neighbourhood=neighbourhood, **details
    )
    person = Person(
        **fields, coordinator=coordinator, status=Status.ACTIVE, status_since=started_on
    )
    if level is not None:
        person.level = level
    return create_audited(
        person,
        actor=actor,
        what=f"Added {person.full_name}",
        changes={
            k: ["", str(getattr(person, k))]
            for k in fields
            if k in EDITABLE_FIELDS and getattr(person, k)
        },
    )


def person_update(
    *,
    person: Person,
    expected_version: int,
    actor: Actor,
    **changes: Any,
) -> Person:
    """Change a person's details, unless someone else changed them first.

    ``expected_version`` is the version the editor saw; if the record has
    moved on, nothing is written and :class:`ConcurrentEditError` is raised.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"person_update() got unexpected fields: {', '.join(sorted(unknown))}")
    changes = _tidy(dict(changes), introduced_on=first_introduced_on(person))
    before = {key: getattr(person, key) for key in changes}
    for key, value in changes.items():
        setattr(person, key, value)
    keys = person_set_keys(person)
    records.check(person)
    with transaction.atomic():
        updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
            **changes, **keys, version=F("version") + 1, updated=timezone.now()
        )
        if not updated:
            raise ConcurrentEditError(Person.objects.get(pk=person.pk))
        person.version = expected_version + 1
        changed = diff(before, changes)
        if changed:
            audit_write(
                obj=person,
                what=f"Changed {person.full_name}'s details",
                actor=actor,
                changes=changed,
            )
    return person


EQUALITY_CONSENT_NEEDED = gettext_lazy(
    "Record the person's consent to the equality questions before recording their answers"
)
ANSWERED = "(answered)"


def has_equality_consent(person: Person) -> bool:
    """Whether the person's consent to the equality questions stands today."""
    return person.consents.filter(topic=ConsentTopic.EQUALITY, withdrawn_on__isnull=True).exists()


def equality_problems(answers: dict[str, str], *, consented: Callable[[], bool]) -> dict[str, str]:
    """What is wrong with a set of equality answers, by field; empty when they may be kept.

    The one rule for every path that records answers (the person's page, the API and the
    import, which asks before it writes): each answer is one of its question's census
    answers or blank, and any answer needs the person's consent to the equality questions
    (``consented`` is asked only when there is an answer).
    """
    problems = {
        field: gettext("%(question)s must be one of the census answers or left blank")
        % {"question": question(field).short}
        for field, value in answers.items()
        if value and value not in question(field).choices.values
    }
    if problems or not any(answers.values()) or consented():
        return problems
    first = next(field for field, value in answers.items() if value)
    return {first: str(EQUALITY_CONSENT_NEEDED)}


def person_equality_set(
    *, person: Person, answers: dict[str, str], actor: Actor, expected_version: int | None = None
) -> Person:
    """Record a person's answers to the equality questions (``lac.people.equality``).

    Special-category data: refused unless their consent to the equality questions
    stands (an answer may always be cleared). Each answer must be one of its
    question's census answers, or blank for "not asked". The audit trail says which
    questions were answered or cleared, never the answers themselves.
    """
    unknown = set(answers) - set(EQUALITY_FIELDS)
    if unknown:
        raise TypeError(
            f"person_equality_set() got unexpected fields: {', '.join(sorted(unknown))}"
        )
    problems = equality_problems(answers, consented=lambda: has_equality_consent(person))
    if problems:
        raise ValidationError(problems)
    before = {field: getattr(person, field) for field in answers}
    changed = {field: value for field, value in answers.items() if value != before[field]}
    if not changed:
        return person
    version = person.version if expected_version is None else expected_version
    with transaction.atomic():
        updated = Person.objects.filter(pk=person.pk, version=version).update(
            **changed, version=F("version") + 1, updated=timezone.now()
        )
        if not updated:
            raise ConcurrentEditError(Person.objects.get(pk=person.pk))
        for field, value in changed.items():
            setattr(person, field, value)
        person.version = version + 1
        audit_write(
            obj=person,
            what=f"Recorded {person.full_name}'s answers to the equality questions",
            actor=actor,
            changes={
                field: [ANSWERED if before[field] else "", ANSWERED if value else ""]
                for field, value in changed.items()
            },
        )
    return person


def consent_record(
    *,
    person: Person,
    topic: str,
    given_on: date,
    method: str,
    details: str = "",
    actor: Actor,
) -> Consent:
    dates.check(dates.CONSENT_GIVEN, given_on, field="given_on")
    consent = Consent(
        person=person,
        topic=topic,
        given_on=given_on,
        method=method,
        details=details,
        recorded_by=actor.user,
    )
    return create_audited(
        consent,
        what=f"Recorded consent: {consent.get_topic_display()}",
        actor=actor,
        person=person,
    )


def consent_withdraw(
    *,
    consent: Consent,
    withdrawn_on: date,
    note: str = "",
    actor: Actor,
) -> Consent:
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": gettext("This consent has already been withdrawn.")})
    dates.check(dates.CONSENT_WITHDRAWN, withdrawn_on, field="withdrawn_on")
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {
                "withdrawn_on": gettext(
                    "The date consent was withdrawn must be on or after it was given."
                )
            }
        )
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_note = note
    records.check(consent)
    with transaction.atomic():
        consent.save(update_fields=["withdrawn_on", "withdrawal_note"])
        audit_write(
            obj=consent,
            what=f"Withdrew consent: {consent.get_topic_display()}",
            actor=actor,
            person=consent.person,
            changes={"withdrawn_on": ["", withdrawn_on.isoformat()]},
        )
    return consent


# Copied from the duplicate when the kept record has nothing there.
MERGE_FILL_FIELDS = tuple(f for f in EDITABLE_FIELDS if f not in {"full_name", "neighbourhood"})


def person_merge(
    *,
    keep: Person,
    duplicate: Person,
    actor: Actor,
) -> Person:
    """Fold a duplicate record into the one kept, keeping every record of both.

    Everything that points at the duplicate (introductions, conversations,
    goals, and other apps' records such as connections and assessments) is
    moved to the kept person; blank details of the kept person are filled
    from the duplicate; the duplicate stays as a closed record pointing at
    the kept one, so links and the audit trail still lead somewhere.
    """
    if keep.pk == duplicate.pk:
        raise ValidationError(gettext("A person cannot be merged with themselves."))
    if duplicate.merged_into_id is not None:
        raise ValidationError(
            gettext("%(name)s has already been merged into another record.")
            % {"name": duplicate.full_name}
        )
    if keep.neighbourhood.programme_id != duplicate.neighbourhood.programme_id:
        raise ValidationError(gettext("Only people in the same programme can be merged."))
    try:
        with transaction.atomic():
            return _merge(keep, duplicate, actor)
    except IntegrityError as error:
        raise ValidationError(
            gettext(
                "These records could not be merged automatically: both hold a record that may "
                "exist only once (for example two assessments on the same day). Remove the "
                "repeated record, then merge again."
            )
        ) from error


def _merge(keep: Person, duplicate: Person, actor: Actor) -> Person:
    moved = _move_related_records(duplicate, keep)
    filled = {
        field: getattr(duplicate, field)
        for field in MERGE_FILL_FIELDS
        if not getattr(keep, field) and getattr(duplicate, field)
    }
    if keep.next_contact_date is None and duplicate.next_contact_date:
        filled["next_contact_date"] = duplicate.next_contact_date
    if (duplicate.last_contact_date or date.min) > (keep.last_contact_date or date.min):
        filled["last_contact_date"] = duplicate.last_contact_date
    Person.objects.filter(pk=keep.pk).update(**filled, version=F("version") + 1)
    Person.objects.filter(pk=duplicate.pk).update(
        merged_into=keep,
        status=Status.CLOSED,
        status_since=timezone.localdate(),
        next_contact_date=None,
        version=F("version") + 1,
    )
    summary = ", ".join(f"{count} {label}" for label, count in moved.items() if count)
    what = f"Merged {duplicate.full_name} (record {duplicate.pk}) into {keep.full_name}"
    for person in (keep, duplicate):
        audit_write(
            obj=person,
            action=Action.MERGE,
            what=what,
            actor=actor,
            changes={
                "moved": ["", summary or "nothing"],
                **{k: ["", str(v)] for k, v in filled.items() if person is keep},
            },
        )
    keep.refresh_from_db()
    return keep


def _move_related_records(source: Person, target: Person) -> dict[str, int]:
    """Point every foreign key and many-to-many link at ``target`` instead of ``source``."""
    moved: dict[str, int] = {}
    for relation in Person._meta.related_objects:
        model = relation.related_model
        if model._meta.label_lower == "audit.auditevent":
            continue  # the trail stays where it happened; the kept person's trail includes it
        label = str(model._meta.verbose_name_plural)
        if relation.many_to_many:
            rel = relation if isinstance(relation, ManyToManyRel) else relation.field.remote_field
            through = rel.through if isinstance(rel, ManyToManyRel) else None
            if through is None:
                raise TypeError(f"{relation} joins people through no table lac knows")
            source_field = _through_field(through, Person, relation)
            moved[label] = through._default_manager.filter(**{source_field: source}).update(
                **{source_field: target}
            )
        elif relation.one_to_many:
            if relation.field.name == "merged_into":
                moved[label] = model._default_manager.filter(merged_into=source).update(
                    merged_into=target
                )
                continue
            moved[label] = model._default_manager.filter(**{relation.field.name: source}).update(
                **{relation.field.name: target}
            )
    return moved


def _through_field(through: Any, model: type, relation: Any) -> str:
    for field in through._meta.get_fields():
        remote = getattr(field, "remote_field", None)
        if remote is not None and remote.model is model:
            return field.name
    raise LookupError(f"No link to {model.__name__} on {through.__name__}")  # pragma: no cover
