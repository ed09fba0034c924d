"""Store the rows of a contacts log, a sheet of outcomes or of services avoided.

Each row is joined to its person: by the sheet's own ID (a person of this file,
or of an earlier import whose introductions sheet carried the same ID), else by
name and date of birth (folded as the casework matcher folds them: case,
accents, apostrophes, hyphens and spaces do not matter), among the people of
this file and then the programme's. A row whose person cannot be found, or is
not one person, is rejected naming the column it was looked for by.

Conversations move the person's last and next contact dates on by the casework
rule (``contact_dates_after``), as a logged conversation does. Each stored row
keeps its key (:class:`~lac.imports.models.ImportedRecord`), so the same file
imported again adds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

from lac.casework.models import Conversation
from lac.casework.services import contact_dates_after, conversation_fields
from lac.imports.bulk import insert, update
from lac.imports.models import ImportedRecord, ImportedRow
from lac.imports.recordcheck import RecordRow
from lac.imports.report import Report
from lac.imports.rowcheck import LAST_CONVERSATION
from lac.imports.sheets import AVOIDED, CONTACTS
from lac.outcomes.models import Assessment, AvoidedService, OutcomeEvent
from lac.outcomes.services import avoided_service_fields
from lac.people.matching import compact
from lac.people.models import Person

if TYPE_CHECKING:
    from lac.imports.store import CaseworkStore

CONTACT_FIELDS = ("last_contact_date", "next_contact_date")


class RecordStore:
    """The record sheets of one import; it finds people through the import's own store."""

    def __init__(self, people: CaseworkStore) -> None:
        self.people = people
        self.programme = people.programme
        self.note = f"From {people.file_name}"

    def process(self, rows: list[RecordRow], report: Report) -> None:
        known = set(
            ImportedRecord.objects.filter(
                programme=self.programme, import_key__in={r.key for r in rows}
            ).values_list("import_key", flat=True)
        )
        fresh = []
        for row in rows:
            if row.key in known:
                report.unchanged += 1
            elif row.outcomes or row.avoided or row.kind == CONTACTS:
                known.add(row.key)
                fresh.append(row)
        found = self.find(fresh, report)
        writers = {
            CONTACTS: self.write_conversations,
            AVOIDED: self.write_avoided,
        }
        by_kind: dict[str, list[tuple[RecordRow, int]]] = defaultdict(list)
        for row, person_id in found:
            by_kind[row.kind].append((row, person_id))
        for kind, pairs in by_kind.items():
            writers.get(kind, self.write_outcomes)(pairs, report)

    # -- finding people ----------------------------------------------------------

    def find(self, rows: list[RecordRow], report: Report) -> list[tuple[RecordRow, int]]:
        in_file = self.people.record_ids  # asked first (person_of): not looked up again
        by_id = self.ids_recorded({r.record_id for r in rows if r.record_id} - in_file.keys())
        by_name = self.names_recorded({r.date_of_birth for r in rows if r.date_of_birth})
        found = []
        for row in rows:
            person_id, problem = self.person_of(row, by_id, by_name)
            if person_id is None:
                row.reject(report, problem)
            else:
                found.append((row, person_id))
        return found

    def person_of(
        self,
        row: RecordRow,
        by_id: dict[str, int],
        by_name: dict[tuple[str, date], set[int]],
    ) -> tuple[int | None, str]:
        programme = self.programme.name
        if row.record_id:
            ref = self.people.record_ids.get(row.record_id)
            if ref is not None:
                return ref.person_id, ""
            if row.record_id in by_id:
                return by_id[row.record_id], ""
            return None, f"no one in this file or {programme} has this ID"
        assert row.date_of_birth is not None  # checked: an ID, or a date of birth
        key = (compact(row.name), row.date_of_birth)
        for ref, _ in self.people.in_file.by_dob.get(row.date_of_birth, ()):
            if compact(ref.full_name) == key[0]:
                return ref.person_id, ""
        matches = by_name.get(key, set())
        if len(matches) == 1:
            return next(iter(matches)), ""
        if matches:
            return None, f"more than one person in {programme} has this name and date of birth"
        return None, f"no one in this file or {programme} has this name and date of birth"

    def ids_recorded(self, record_ids: set[str]) -> dict[str, int]:
        """The sheet's own ids an earlier import recorded → the person (the newest row's)."""
        if not record_ids:
            return {}
        rows = (
            ImportedRow.objects.filter(programme=self.programme, record_id__in=record_ids)
            .order_by("updated", "pk")
            .values_list("record_id", "introduction__person_id")
        )
        return dict(rows)

    def names_recorded(self, dobs: set[date]) -> dict[tuple[str, date], set[int]]:
        if not dobs:
            return {}
        people = Person.objects.filter(
            neighbourhood__programme=self.programme,
            merged_into__isnull=True,
            date_of_birth__in=dobs,
        ).values_list("pk", "name_key", "date_of_birth")
        found: dict[tuple[str, date], set[int]] = defaultdict(set)
        for pk, name_key, dob in people:
            if dob is not None:  # always: filtered on it
                found[(name_key, dob)].add(pk)
        return found

    # -- writing -------------------------------------------------------------------

    def keep_keys(
        self, model: type[Any], pairs: list[tuple[RecordRow, int]], ids: list[int]
    ) -> None:
        """Each stored row's key (once, with its first record), so that importing it again
        adds nothing; and every record in the ledger, for an undo."""
        person_ids = [person_id for _, person_id in pairs]
        self.people.ledger.records(model, ids, person_ids)
        first: dict[str, dict[str, Any]] = {}
        for (row, person_id), pk in zip(pairs, ids, strict=True):
            first.setdefault(
                row.key,
                {
                    "programme_id": self.programme.pk,
                    "import_key": row.key,
                    "person_id": person_id,
                    "model": model._meta.label_lower,
                    "object_id": pk,
                },
            )
        keys = insert(ImportedRecord, list(first.values()), returning=True)
        self.people.ledger.records(
            ImportedRecord, keys, [record["person_id"] for record in first.values()]
        )

    def recorder(self, row: RecordRow) -> int | None:
        return row.coordinator_id or self.people.user_id

    def write_conversations(self, pairs: list[tuple[RecordRow, int]], report: Report) -> None:
        records = [
            conversation_fields(
                person_id=person_id,
                date=row.day,
                mode=row.mode,
                duration_minutes=row.minutes,
                note=row.notes,
                next_contact_date=row.next_contact,
                recorded_by_id=self.recorder(row),
            )
            for row, person_id in pairs
        ]
        ids = insert(Conversation, records, returning=True)
        self.keep_keys(Conversation, pairs, ids)
        self.move_contact_dates(pairs)
        self.date_latest_assessments(pairs, report)
        report.created_conversations += len(ids)

    def date_latest_assessments(self, pairs: list[tuple[RecordRow, int]], report: Report) -> None:
        """A latest assessment this import dated at the introduction or a last contact
        column takes the person's last conversation in the file, when that is later
        (IMPORT-SPEC: without a latest assessment or a closed date, "the last conversation
        date in the file"); the report counts it under that rule instead."""
        waiting = self.people.latest_by_fallback
        last: dict[int, date] = {}
        for row, person_id in pairs:
            if person_id in waiting and row.day > last.get(person_id, waiting[person_id][1]):
                last[person_id] = row.day
        counts = report.assessment_dates.setdefault("latest", {})
        for person_id, day in last.items():
            assessment_id, _, rule = waiting[person_id]
            waiting[person_id] = (assessment_id, day, LAST_CONVERSATION)
            if rule != LAST_CONVERSATION:
                counts[rule] -= 1
                if not counts[rule]:
                    del counts[rule]
                counts[LAST_CONVERSATION] = counts.get(LAST_CONVERSATION, 0) + 1
        update(Assessment, ["date"], [(day, waiting[pk][0]) for pk, day in last.items()])

    def move_contact_dates(self, pairs: list[tuple[RecordRow, int]]) -> None:
        """Each person's last and next contact dates, moved on by their conversations in
        date order, as logging them one by one would."""
        people = {
            pk: dict(zip(CONTACT_FIELDS, dates, strict=True))
            for pk, *dates in Person.objects.filter(pk__in={pk for _, pk in pairs}).values_list(
                "pk", *CONTACT_FIELDS
            )
        }
        changed: dict[int, None] = {}  # in the order first changed
        for row, person_id in sorted(pairs, key=lambda pair: pair[0].day):
            person = people[person_id]
            fields = contact_dates_after(
                person["last_contact_date"], person["next_contact_date"], row.day, row.next_contact
            )
            if fields and person_id not in changed:
                self.people.ledger.change_values(Person, person_id, person_id, dict(person))
                changed[person_id] = None
            person.update(fields)
        update(
            Person,
            CONTACT_FIELDS,
            [(*(people[pk][name] for name in CONTACT_FIELDS), pk) for pk in changed],
        )

    def write_outcomes(self, pairs: list[tuple[RecordRow, int]], report: Report) -> None:
        types = self.people.event_types
        flat = [(row, person_id, code) for row, person_id in pairs for code in row.outcomes]
        ids = insert(
            OutcomeEvent,
            [
                {
                    "person_id": person_id,
                    "type_id": types[code],
                    "date": row.day,
                    "note": row.notes or f"{self.note}, {row.where}",
                    "recorded_by_id": self.recorder(row),
                }
                for row, person_id, code in flat
            ],
            returning=True,
        )
        self.keep_keys(OutcomeEvent, [(row, person_id) for row, person_id, _ in flat], ids)
        report.created_outcome_events += len(ids)

    def write_avoided(self, pairs: list[tuple[RecordRow, int]], report: Report) -> None:
        agencies = self.people.agencies
        flat = [(row, person_id, item) for row, person_id in pairs for item in row.avoided]
        ids = insert(
            AvoidedService,
            [
                avoided_service_fields(
                    unit_cost_agency=agencies[unit_cost_id],
                    quantity=quantity,
                    person_id=person_id,
                    date=row.day,
                    unit_cost_id=unit_cost_id,
                    confidence=row.confidence,
                    note=row.notes or f"{self.note}, {row.where}",
                    recorded_by_id=self.recorder(row),
                )
                for row, person_id, (unit_cost_id, quantity) in flat
            ],
            returning=True,
        )
        self.keep_keys(AvoidedService, [(row, person_id) for row, person_id, _ in flat], ids)
        report.created_avoided_services += len(ids)
