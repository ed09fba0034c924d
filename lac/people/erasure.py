"""Erasure: anonymise a person so nobody can tell who they were, keeping the figures.

Erasure walks :mod:`lac.people.inventory`, which says for every place a
person's data can live what happens to it:

- the person's identifying fields are blanked (name, date of birth, contacts,
  address, language and communication needs) and the household link cut;
- every record about them, found through the model relations as in
  :mod:`lac.people.subject_access` (so a new app's notes are erased too), has
  its free text blanked;
- their household is renamed and its notes cleared, even when others remain in
  it: "The <surname> household" and notes about the family say who they were;
- their audit trail keeps who looked and when, with each description rewritten
  from the kind of record (a goal's title or a household's name copied into it
  goes) and the changed values blanked;
- every other place that may quote them with no link to them (other people's
  audit events, the "lists viewed" searches, import jobs' reports, background
  task errors) has each mention of their names, date of birth and postcode
  replaced;
- uploaded spreadsheets and problems workbooks of their programme's imports are
  deleted from the data folder.

The answers to the equality questions (special-category data) and the deprivation
decile of their postcode's area are blanked too: they were given or worked out for
that person, and a table of a handful of people could single them out.

What stays, de-identified: dates, levels, statuses, categories (age band,
primary category, tenure, neighbourhood), scores, counts and amounts, so
dashboards, outcome summaries and social value runs add up the same before
and after.

Erasure cannot be undone: there is no copy to restore from inside lac (backups
age out under the council's own backup retention).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import OperationalError, connection, models, transaction
from django.db.models import F, Model, Q
from django.utils.translation import gettext

from lac.audit.actor import Actor
from lac.audit.models import Action, AuditEvent
from lac.audit.services import audit_write
from lac.people.equality import EQUALITY_FIELDS
from lac.people.inventory import Handling, fields_handled, handling_of
from lac.people.matching import person_keys
from lac.people.models import Household, Person
from lac.people.subject_access import is_text_field, person_ids_of, related_querysets
from lac.people.traces import mentions, replace_mentions, search_terms

logger = logging.getLogger(__name__)

ERASED_TEXT = "[erased]"

# Identifying person fields that are blanked; the full name becomes "Erased person N"
# (and the matching keys are made from that), and the date of birth goes.
PERSON_BLANKED = tuple(
    name
    for name in fields_handled(Handling.IDENTIFIES).get(Person, [])
    if name not in {"full_name", "date_of_birth", "name_key", "search_key"}
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


def _scrub_walked(person_ids: list[int]) -> dict[str, int]:
    """Blank the free text of every record about the people, found through the relations."""
    counts = {}
    for model, queryset in related_querysets(person_ids).items():
        label = model._meta.label_lower
        if any(handling_of(model, f.name) is not Handling.WALKED for f in _fields(model)):
            raise ImproperlyConfigured(f"{label} is about people: list it in the inventory")
        counts[str(model._meta.verbose_name_plural)] = _scrub_records(model, queryset)
    return counts


def _fields(model: type[Model]) -> list[Any]:
    return [f for f in model._meta.concrete_fields if not f.primary_key and not f.is_relation]


def _scrub_households(household_ids: set[int]) -> list[str]:
    """Rename the people's households and clear their notes; return the old names."""
    households = list(Household.objects.filter(pk__in=household_ids))
    for household in households:
        empty = not household.members.exists()
        Household.objects.filter(pk=household.pk).update(
            name="Erased household" if empty else f"Household {household.pk}",
            notes="",
            version=F("version") + 1,
        )
    return [h.name for h in households]


def _rewrite_trail(person_ids: list[int]) -> None:
    """Keep who did what to which kind of record, and when; nothing of what it said."""
    events = AuditEvent.objects.filter(person_id__in=person_ids)
    for event in events.only("pk", "action", "object_type", "person_id", "changes"):
        assert event.person_id is not None  # filtered on it above
        what = f"{Action(event.action).label} {_kind_of(event.object_type)}"
        changes = {key: [ERASED_TEXT, ERASED_TEXT] for key in event.changes}
        AuditEvent.objects.filter(pk=event.pk).update(
            what=f"{what} about {erased_name(event.person_id)}", changes=changes
        )


def _kind_of(object_type: str) -> str:
    """ "app.model" as a reader would say it: "a goal record"."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return "a record"
    return f"a {model._meta.verbose_name} record"


def _replace_mentions(terms: list[str], replacement: str) -> None:
    """Replace every mention in each place the inventory says may quote the person."""
    pattern = mentions(terms)
    places = fields_handled(Handling.MENTIONS)
    for model, names in fields_handled(Handling.AUDIT_TRAIL).items():
        places[model] = sorted({*places.get(model, []), *names})
    for model, names in places.items():
        found = Q()
        for name in names:
            for term in terms:
                found |= Q(**{f"{name}__icontains": term})
        for row in model._default_manager.filter(found).values("pk", *names):
            cleaned = {n: replace_mentions(row[n], pattern, replacement) for n in names}
            model._default_manager.filter(pk=row["pk"]).update(**cleaned)


def _import_files(programme_ids: set[int]) -> list[Path]:
    """The programmes' uploaded spreadsheets and problems workbooks, to delete once committed.

    They may hold the person's rows, and cannot be edited: the records imported
    from them are in the database already. The jobs say the file is gone.
    Refused while an import is running.
    """
    # Imports sits above people in the layers: reach its jobs through the app
    # registry, as the inventory reaches every model.
    ImportJob: Any = apps.get_model("imports", "ImportJob")
    jobs = ImportJob.objects.filter(programme_id__in=programme_ids)
    if jobs.filter(task_state__in=ImportJob.ACTIVE).exists():
        raise ValidationError(
            gettext(
                "An import is running in this programme. Erase the record once it has finished."
            )
        )
    files = [
        path
        for stored in jobs.exclude(stored_path="").values_list("stored_path", flat=True)
        for path in (Path(stored), Path(stored + ".errors.xlsx"))
        if path.exists()
    ]
    jobs.exclude(state__in=(ImportJob.State.IMPORTED, ImportJob.State.UNDONE)).update(
        state=ImportJob.State.FAILED,
        message="The spreadsheet was deleted when a person's record was erased: upload it again",
    )
    jobs.update(stored_path="")
    return files


def _after_commit(files: list[Path]) -> None:
    """Delete the files; on SQLite, move the write-ahead log's pages into the database.

    Until a checkpoint, the log keeps earlier copies of the changed pages (names
    included) in a file in the data folder.
    """
    if connection.vendor == "sqlite":
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except OperationalError:  # busy: SQLite's own next checkpoint moves the pages
            logger.warning("Erasure: SQLite's write-ahead log could not be checkpointed yet")
    for path in files:
        path.unlink(missing_ok=True)
        if path.parent.is_dir() and not any(path.parent.iterdir()):
            path.parent.rmdir()


def person_erase(
    *,
    person: Person,
    actor: Actor,
    reason: str = "Erased on request",
) -> dict[str, int]:
    """Anonymise a person and every record about them, irreversibly. Audited.

    Records merged into the person are erased with them. Returns how many
    records of each kind were anonymised.
    """
    if person.merged_into_id is not None:
        raise ValidationError(
            gettext("This record was merged into another; erase the record it was merged into.")
        )
    if person.is_anonymised:
        raise ValidationError(gettext("This person's record has already been erased."))
    with transaction.atomic():
        ids = person_ids_of(person)
        people = list(
            Person.objects.filter(pk__in=ids).select_related("neighbourhood").select_for_update()
        )
        counts = {"people": len(people), **_scrub_walked(ids)}
        for p in people:
            Person.objects.filter(pk=p.pk).update(
                full_name=erased_name(p.pk),
                **person_keys(full_name=erased_name(p.pk)),
                date_of_birth=None,
                household=None,
                is_anonymised=True,
                version=F("version") + 1,
                **{name: "" for name in (*PERSON_BLANKED, *EQUALITY_FIELDS, "deprivation")},
            )
        household_names = _scrub_households({p.household_id for p in people if p.household_id})
        terms = search_terms(
            names=[n for p in people for n in (p.full_name, p.display_name)] + household_names,
            dates=[p.date_of_birth for p in people],
            postcodes=[p.postcode for p in people],
        )
        _rewrite_trail(ids)
        _replace_mentions(terms, ERASED_TEXT)
        files = _import_files({p.neighbourhood.programme_id for p in people})
        counts["import files"] = len(files)
        audit_write(
            obj=person,
            action=Action.DELETE,
            what=f"Erased {erased_name(person.pk)}: names, contacts and notes anonymised",
            actor=actor,
            changes={"reason": ["", reason], **{k: ["", str(v)] for k, v in counts.items()}},
        )
        transaction.on_commit(lambda: _after_commit(files))
    person.refresh_from_db()
    return counts
