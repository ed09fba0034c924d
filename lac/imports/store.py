"""Write checked rows into people and casework, a batch at a time.

Row by row through ``person_introduce`` would take minutes for 100,000 rows,
so this writes with multi-row inserts (:mod:`lac.imports.bulk`) and keeps the
same shapes the casework services keep: a person with their current level and status, a first
``LevelChange`` and ``StatusChange``, the introduction with its provenance
(file, sheet, row) and import key, and the row's values in ``ImportedRow`` so
the next import of the same file can tell what changed.

Duplicates follow the rule of ``lac.people.selectors.possible_duplicates``
(similar name and the same date of birth; the same postcode and a similar
name; or, when neither is known, the same name), applied to a whole batch at
once: to earlier rows of the file and to the programme's existing people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Any

from django.db.models import Q

from lac.accounts.models import Membership, Neighbourhood, Programme, Role, User
from lac.casework.models import (
    Conversation,
    ConversationMode,
    Introduction,
    LevelChange,
    StatusChange,
)
from lac.casework.selectors import closure_reasons_for, sources_for
from lac.imports.bulk import insert
from lac.imports.engine import Context, Row
from lac.imports.fields import normalise
from lac.imports.models import ImportedRow
from lac.imports.report import Report
from lac.imports.values import neighbourhood_key
from lac.people.matching import Who, compact, may_be_same_person, person_keys
from lac.people.models import Level, Person, Status
from lac.people.services import person_set_keys


def build_context(programme: Programme, *, coordinator: User | None = None, today: date) -> Context:
    """Everything rows are checked against, read in a handful of queries."""
    neighbourhoods = {
        neighbourhood_key(n.name): n.pk for n in Neighbourhood.objects.filter(programme=programme)
    }
    memberships = (
        Membership.objects.filter(programme=programme, role=Role.COORDINATOR)
        .select_related("user")
        .prefetch_related("neighbourhoods")
        .order_by("created", "pk")
    )
    coordinators: dict[str, int] = {}
    patches: dict[int, list[int]] = {}
    first_in_hood: dict[int, int] = {}
    for membership in memberships:
        user = membership.user
        coordinators.setdefault(normalise(user.username), user.pk)
        if user.get_full_name():
            coordinators.setdefault(normalise(user.get_full_name()), user.pk)
        hood_ids = [n.pk for n in membership.neighbourhoods.all()]
        patches.setdefault(user.pk, []).extend(hood_ids)
        for hood_id in hood_ids:
            first_in_hood.setdefault(hood_id, user.pk)
    if coordinator is not None and coordinator.pk not in patches:
        patches[coordinator.pk] = []
    return Context(
        programme_name=programme.name,
        programme_start=programme.start_date,
        today=today,
        neighbourhoods=neighbourhoods,
        coordinators=coordinators,
        coordinator_neighbourhoods=patches,
        default_coordinator=coordinator.pk if coordinator else None,
        neighbourhood_coordinator=first_in_hood,
        codes={
            "source": {s.code for s in sources_for([programme.pk])},
            "closure_reason": {c.code for c in closure_reasons_for([programme.pk])},
        },
    )


NO_CLOSED_DATE = "The spreadsheet said closed but gave no closed date"


@dataclass
class Ref:
    """A person an earlier row or an existing record stands for."""

    pk: int | None
    full_name: str
    preferred_name: str
    label: str
    """How the duplicates list names an existing person: "existing person 12 (Ann Example)"."""
    latest: date | None = None
    sheet: str | None = None
    number: int | None = None

    def describe(self, row: Row) -> str:
        """ "row 5" (same sheet), "2019 row 5" (another sheet) or the existing person."""
        if self.number is None:
            return self.label
        return (
            f"row {self.number}" if self.sheet == row.sheet else f"{self.sheet} row {self.number}"
        )

    @property
    def person_id(self) -> int:
        assert self.pk is not None, "the person is stored before their introductions"
        return self.pk


class PeopleIndex:
    """People to match new rows against, found by date of birth, postcode or folded name;
    whether a row is one of them is the casework rule, ``may_be_same_person``."""

    def __init__(self) -> None:
        self.by_dob: dict[date, list[tuple[Ref, Who]]] = {}
        self.by_postcode: dict[str, list[tuple[Ref, Who]]] = {}
        self.by_name: dict[str, list[tuple[Ref, Who]]] = {}

    def add(self, ref: Ref, date_of_birth: date | None, postcode: str) -> None:
        entry = (ref, Who(ref.full_name, date_of_birth, postcode, ref.preferred_name))
        if date_of_birth:
            self.by_dob.setdefault(date_of_birth, []).append(entry)
        if postcode:
            self.by_postcode.setdefault(compact(postcode), []).append(entry)
        self.by_name.setdefault(compact(ref.full_name), []).append(entry)

    def match(self, row: Row) -> Ref | None:
        new = Who(row.name, row.date_of_birth, row.postcode)
        candidates = chain(
            self.by_dob.get(row.date_of_birth, ()) if row.date_of_birth else (),
            self.by_postcode.get(compact(row.postcode), ()) if row.postcode else (),
            self.by_name.get(compact(row.name), ()),
        )
        for ref, known in candidates:
            if may_be_same_person(new, known):
                return ref
        return None


class CaseworkStore:
    """Stores rows as people, introductions and their history; one instance per import."""

    def __init__(
        self,
        *,
        programme: Programme,
        file_name: str,
        user: User | None,
        today: date,
    ) -> None:
        self.programme = programme
        self.file_name = file_name[:255]
        self.user_id = user.pk if user else None
        self.today = today
        self.sources = self._codes(sources_for([programme.pk]))
        self.reasons = self._codes(closure_reasons_for([programme.pk]))
        # A first import into a programme has nothing to compare with: skip the look-ups.
        self.had_rows = ImportedRow.objects.filter(programme=programme).exists()
        self.had_people = Person.objects.filter(neighbourhood__programme=programme).exists()
        self.seen: dict[str, tuple[str, int, bool]] = {}
        self.in_file = PeopleIndex()
        self.created_ids: set[int] = set()

    @staticmethod
    def _codes(items: Any) -> dict[str, int]:
        codes: dict[str, int] = {}
        for item in items:  # the programme's own entry wins over the global one
            if item.programme_id is not None or item.code not in codes:
                codes[item.code] = item.pk
        return codes

    @staticmethod
    def where(sheet: str, number: int, row: Row) -> str:
        return f"row {number}" if sheet == row.sheet else f"{sheet} row {number}"

    # -- the batch --------------------------------------------------------------

    def process(self, rows: list[Row], report: Report) -> None:
        existing = {}
        if self.had_rows:
            existing = {
                r.import_key: r
                for r in ImportedRow.objects.filter(
                    programme=self.programme, import_key__in={row.key for row in rows}
                ).select_related("introduction__person")
            }
        fresh = [r for r in rows if r.key not in self.seen and r.key not in existing]
        known = self.existing_people(fresh)
        new_people: list[tuple[Ref, dict[str, Any]]] = []
        adds: list[tuple[Row, Ref, bool]] = []
        for row in rows:
            if row.key in self.seen:
                sheet, number, created_here = self.seen[row.key]
                if created_here:
                    report.duplicates.append(
                        {
                            "sheet": row.sheet,
                            "row": row.number,
                            "matches": self.where(sheet, number, row),
                        }
                    )
                else:
                    report.unchanged += 1
                continue
            self.seen[row.key] = (row.sheet, row.number, row.key not in existing)
            if row.key in existing:
                person = self.update(row, existing[row.key], report)
                label = f"existing person {person.pk} ({person.full_name})"
                self.in_file.add(
                    Ref(person.pk, person.full_name, person.preferred_name, label),
                    row.date_of_birth,
                    row.postcode,
                )
                continue
            ref = self.in_file.match(row) or known.match(row)
            if ref is not None:
                report.duplicates.append(
                    {"sheet": row.sheet, "row": row.number, "matches": ref.describe(row)}
                )
                adds.append((row, ref, False))
                continue
            person = self.new_person(row)
            ref = Ref(None, row.name, "", "", row.introduction_date, row.sheet, row.number)
            new_people.append((ref, person))
            self.in_file.add(ref, row.date_of_birth, row.postcode)
            adds.append((row, ref, True))
        ids = insert(Person, [person for _, person in new_people], returning=True)
        for (ref, _), pk in zip(new_people, ids, strict=True):
            ref.pk = pk
        self.created_ids.update(ids)
        report.created_people += len(ids)
        self.write_introductions(adds, report)

    def new_person(self, row: Row) -> dict[str, Any]:
        closed = row.status == Status.CLOSED
        return {
            **person_keys(full_name=row.name[:200], postcode=row.postcode),
            "full_name": row.name[:200],
            "date_of_birth": row.date_of_birth,
            "age_band": row.age_band,
            "postcode": row.postcode,
            "neighbourhood_id": row.neighbourhood_id,
            "coordinator_id": row.coordinator_id,
            "level": row.level or Level.LEVEL_1,
            "status": Status.CLOSED if closed else (row.status or Status.ACTIVE),
            "status_since": (row.closed_date or row.introduction_date),
        }

    def existing_people(self, rows: list[Row]) -> PeopleIndex:
        """The programme's people (made before this import) a batch's rows might match."""
        index = PeopleIndex()
        if not self.had_people:
            return index
        dobs = {r.date_of_birth for r in rows if r.date_of_birth}
        postcodes: set[str] = set()
        for r in rows:
            if r.postcode:  # stored spaced ("DE1 1AA"); older records may be compact
                bare = compact(r.postcode).upper()
                postcodes |= {bare, f"{bare[:-3]} {bare[-3:]}"}
        names = {compact(r.name) for r in rows if not r.date_of_birth and not r.postcode}
        query = Q(pk__in=[])
        if dobs:
            query |= Q(date_of_birth__in=dobs)
        if postcodes:
            query |= Q(postcode__in=postcodes)
        people = Person.objects.filter(
            neighbourhood__programme=self.programme, merged_into__isnull=True
        )
        if names:
            query |= Q(name_key__in=names)
        fields = ("pk", "full_name", "preferred_name", "date_of_birth", "postcode")
        for pk, full_name, preferred, dob, postcode in people.filter(query).values_list(*fields):
            if pk in self.created_ids:
                continue  # made by this import: matched through the file's own rows
            ref = Ref(pk, full_name, preferred, f"existing person {pk} ({full_name})")
            index.add(ref, dob, postcode)
        return index

    def write_introductions(self, adds: list[tuple[Row, Ref, bool]], report: Report) -> None:
        introductions, levels, statuses, conversations = [], [], [], []
        for row, ref, is_new in adds:
            person_id = ref.person_id
            recorder = row.coordinator_id or self.user_id
            introductions.append(
                {
                    "person_id": person_id,
                    "programme_id": self.programme.pk,
                    "neighbourhood_id": row.neighbourhood_id,
                    "date": row.introduction_date,
                    "source_id": self.sources.get(row.source or ""),
                    "recorded_by_id": recorder,
                    "source_file": self.file_name,
                    "source_sheet": row.sheet[:100],
                    "source_row": row.number,
                    "import_key": row.key,
                }
            )
            if is_new:
                levels.append(
                    {
                        "person_id": person_id,
                        "level": row.level or Level.LEVEL_1,
                        "date": row.introduction_date,
                        "recorded_by_id": recorder,
                    }
                )
                statuses.append(
                    {
                        "person_id": person_id,
                        "status": Status.ACTIVE,
                        "date": row.introduction_date,
                        "recorded_by_id": recorder,
                    }
                )
            elif ref.latest is not None and row.introduction_date > ref.latest:
                self.move_on(ref, row)
            if row.status == Status.CLOSED:
                statuses.append(
                    {
                        "person_id": person_id,
                        "status": Status.CLOSED,
                        "date": row.closed_date or row.introduction_date,
                        "note": "" if row.closed_date else NO_CLOSED_DATE,
                        "reason_id": self.reasons.get(row.closure_reason or ""),
                        "recorded_by_id": recorder,
                    }
                )
            if row.notes:
                conversations.append(
                    {
                        "person_id": person_id,
                        "date": row.introduction_date,
                        "mode": ConversationMode.OTHER,
                        "note": row.notes,
                        "recorded_by_id": recorder,
                    }
                )
        ids = insert(Introduction, introductions, returning=True)
        insert(
            ImportedRow,
            [
                {
                    "programme_id": self.programme.pk,
                    "import_key": row.key,
                    "introduction_id": introduction_id,
                    "values": row.values(),
                    "source_file": self.file_name,
                    "source_sheet": row.sheet[:100],
                    "source_row": row.number,
                }
                for (row, _, _), introduction_id in zip(adds, ids, strict=True)
            ],
        )
        insert(LevelChange, levels)
        insert(StatusChange, statuses)
        insert(Conversation, conversations)
        report.created_introductions += len(ids)
        report.created_conversations += len(conversations)

    def move_on(self, ref: Ref, row: Row) -> None:
        """A later introduction of a person made earlier in this file sets their current state."""
        ref.latest = row.introduction_date
        closed = row.status == Status.CLOSED
        fields: dict[str, Any] = {
            "status": Status.CLOSED if closed else (row.status or Status.ACTIVE),
            "status_since": (row.closed_date or row.introduction_date),
        }
        if row.level:
            fields["level"] = row.level
        Person.objects.filter(pk=ref.person_id).update(**fields)

    # -- a row imported before ---------------------------------------------------

    def update(self, row: Row, imported: ImportedRow, report: Report) -> Person:
        """Apply only what changed since the row was last imported."""
        introduction = imported.introduction
        person = introduction.person
        old, new = imported.values, row.values()
        if old == new:
            report.unchanged += 1
            return person
        changed = {key for key in new if new[key] != old.get(key)}
        recorder = row.coordinator_id or self.user_id
        person_fields: set[str] = set()
        for key, attr in (
            ("name", "full_name"),
            ("postcode", "postcode"),
            ("age_band", "age_band"),
        ):
            if key in changed and new[key]:
                setattr(person, attr, getattr(row, key if key != "name" else "name"))
                person_fields.add(attr)
        if {"full_name", "postcode"} & person_fields:
            person_fields |= set(person_set_keys(person))
        if "coordinator" in changed and row.coordinator_id:
            person.coordinator_id = row.coordinator_id
            person_fields.add("coordinator")
        if "neighbourhood" in changed:
            person.neighbourhood_id = introduction.neighbourhood_id = row.neighbourhood_id
            person_fields.add("neighbourhood")
        if "source" in changed:
            introduction.source_id = self.sources.get(row.source or "")
        if "level" in changed and row.level and row.level != person.level:
            person.level = row.level
            person_fields.add("level")
            LevelChange.objects.create(
                person=person,
                level=row.level,
                date=self.today,
                recorded_by_id=recorder,
                note="From an updated spreadsheet",
            )
        closing = {"status", "closed_date", "closure_reason"} & changed
        if closing and row.status == Status.CLOSED:
            StatusChange.objects.create(
                person=person,
                status=Status.CLOSED,
                date=row.closed_date or self.today,
                reason_id=self.reasons.get(row.closure_reason or ""),
                recorded_by_id=recorder,
                note="From an updated spreadsheet"
                + ("" if row.closed_date else "; " + NO_CLOSED_DATE),
            )
            person.status, person.status_since = Status.CLOSED, row.closed_date or self.today
            person_fields |= {"status", "status_since"}
        elif "status" in changed and row.status and row.status != person.status:
            StatusChange.objects.create(
                person=person,
                status=row.status,
                date=self.today,
                recorded_by_id=recorder,
                note="From an updated spreadsheet",
            )
            person.status, person.status_since = row.status, self.today
            person_fields |= {"status", "status_since"}
        if "notes" in changed and row.notes:
            Conversation.objects.create(
                person=person,
                date=row.introduction_date,
                mode=ConversationMode.OTHER,
                note=row.notes,
                recorded_by_id=recorder,
            )
            report.created_conversations += 1
        if person_fields:
            person.version += 1
            person.save(update_fields=[*sorted(person_fields), "version", "updated"])
        introduction.save(update_fields=["source", "neighbourhood"])
        imported.values = new
        imported.source_file = self.file_name
        imported.source_sheet = row.sheet[:100]
        imported.source_row = row.number
        imported.save()
        report.updated_people += 1
        return person
