"""Write checked rows into people and casework, a batch at a time.

Row by row through ``person_introduce`` would take minutes for 100,000 rows,
so this writes with multi-row inserts (:mod:`lac.imports.bulk`) and keeps the
same shapes the casework services keep: a person with their current level and status, the
opening ``LevelChange`` and ``StatusChange`` (``opening_history_fields``), the introduction
with its provenance (file, sheet, row) and import key, and the row's values in ``ImportedRow`` so
the next import of the same file can tell what changed. Each casework record's row is
built by its service's constructor (``introduction_fields``, ``level_change_fields``,
``status_change_fields``), as the service builds its own.

Duplicates follow the rule of ``lac.people.selectors.possible_duplicates``
(similar name and the same date of birth; the same postcode and a similar
name; or, when neither is known, the same name), applied to a whole batch at
once: to earlier rows of the file and to the programme's existing people.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import chain
from typing import Any, cast

from django.db.models import Q

from lac.accounts.models import Membership, Neighbourhood, Programme, Role, User
from lac.casework.models import Introduction, LevelChange, StatusChange
from lac.casework.selectors import challenges_for, closure_reasons_for, sources_for
from lac.casework.services import (
    closure_without_reason,
    introduction_fields,
    level_change_build,
    opening_history_fields,
    person_status_fields,
    status_change_build,
    status_change_fields,
)
from lac.imports.bulk import insert
from lac.imports.fields import list_key, normalise
from lac.imports.ledger import Ledger
from lac.imports.models import ImportedRow
from lac.imports.recordcheck import RecordRow
from lac.imports.recordstore import RecordStore
from lac.imports.report import Report
from lac.imports.rowcheck import MAY_MOVE_ON, Area, Context, Row
from lac.imports.selectors import rate_card_items
from lac.imports.values import neighbourhood_key
from lac.outcomes.models import (
    Assessment,
    AssessmentKind,
    AvoidedService,
    Confidence,
    Domain,
    DomainScore,
    Framework,
    FrameworkVersion,
    OutcomeEvent,
)
from lac.outcomes.selectors import current_version, event_types_for
from lac.outcomes.services import avoided_service_fields
from lac.people.matching import Who, compact, may_be_same_person
from lac.people.models import (
    Consent,
    ConsentMethod,
    ConsentTopic,
    HousingTenure,
    Level,
    Person,
    PrimaryCategory,
    Status,
)
from lac.people.services import people_fields, person_set_keys


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
            "primary_category": set(PrimaryCategory.values),
            "housing_tenure": set(HousingTenure.values),
        },
        **programme_lists(programme),
    )


def framework_areas(programme: Programme) -> tuple[int | None, dict[str, Area]]:
    """The framework version imported scores are recorded in (the one in use today) and
    its life areas by key; none when the programme's framework has no version."""
    try:
        version = current_version(programme)
    except (Framework.DoesNotExist, FrameworkVersion.DoesNotExist):
        return None, {}
    areas = {
        d.key: Area(d.pk, d.name, d.scale_min, d.scale_max)
        for d in Domain.objects.filter(version=version)
    }
    return version.pk, areas


def programme_lists(programme: Programme) -> dict[str, Any]:
    """Life areas, challenges and rate card items, keyed as spreadsheets write them."""
    _, areas = framework_areas(programme)
    area_names = {}
    for key, area in areas.items():
        area_names[list_key(key.replace("-", " "))] = key
        area_names[list_key(area.name)] = key
    challenges = {}
    for challenge in challenges_for([programme.pk]):
        challenges[list_key(challenge.code.replace("-", " "))] = challenge.code
        challenges[list_key(challenge.label)] = challenge.code
    event_types = {}
    for event_type in event_types_for(programme):
        event_types[list_key(event_type.code.replace("-", " "))] = event_type.code
        event_types[list_key(event_type.name)] = event_type.code
    return {
        "event_types": event_types,
        "areas": areas,
        "area_names": area_names,
        "challenges": challenges,
        "unit_costs": {list_key(u.item): u.pk for u in rate_card_items(programme)},
    }


NO_CLOSED_DATE = "The spreadsheet said closed but gave no closed date"
PERSON_FIELDS = (
    "full_name",
    "postcode",
    "age_band",
    "phone",
    "email",
    "primary_category",
    "housing_tenure",
    "next_contact_date",
    "coordinator_id",
    "neighbourhood_id",
    "level",
    "status",
    "status_since",
    "name_key",
    "search_key",
    "version",
    "updated",
)
"""What an updated row may change on a person: kept by the ledger before it does."""
INTRODUCTION_FIELDS = ("source_id", "neighbourhood_id", "hopes", "imported_note")
IMPORTED_ROW_FIELDS = ("values", "source_file", "source_sheet", "source_row", "record_id")


@dataclass(slots=True)
class Ref:
    """A person an earlier row or an existing record stands for (in slots: an import
    keeps one for every person it makes)."""

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
        self.add_who(ref, Who(ref.full_name, date_of_birth, postcode, ref.preferred_name))

    def add_who(self, ref: Ref, who: Who) -> None:
        """:meth:`add`, given who the person is (their names, date of birth and postcode)."""
        entry = (ref, who)
        if who.date_of_birth:
            self.by_dob.setdefault(who.date_of_birth, []).append(entry)
        if who.postcode:
            self.by_postcode.setdefault(who.postcode_key, []).append(entry)
        self.by_name.setdefault(who.name_key, []).append(entry)

    def match(self, row: Row) -> Ref | None:
        return self.match_who(Who(row.name, row.date_of_birth, row.postcode))

    def match_who(self, new: Who) -> Ref | None:
        """:meth:`match`, given who the row is (its name, date of birth and postcode)."""
        if not self.by_name:  # everyone is indexed by name: no one to match
            return None
        candidates = chain(
            self.by_dob.get(new.date_of_birth, ()) if new.date_of_birth else (),
            self.by_postcode.get(new.postcode_key, ()) if new.postcode else (),
            self.by_name.get(new.name_key, ()),
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
        self.challenges = self._codes(challenges_for([programme.pk]))
        self.version_id, _ = framework_areas(programme)
        self.agencies = {u.pk: u.agency for u in rate_card_items(programme)}
        # A first import into a programme has nothing to compare with: skip the look-ups.
        self.had_rows = ImportedRow.objects.filter(programme=programme).exists()
        self.had_people = Person.objects.filter(neighbourhood__programme=programme).exists()
        self.seen: dict[str, tuple[str, int, Ref | None]] = {}
        """Row key → where it was first seen in the file, and the person it made or was
        added to (None for a row imported before)."""
        self.in_file = PeopleIndex()
        self.ledger = Ledger()
        """What this import wrote, for undoing it."""
        self.record_ids: dict[str, Ref] = {}
        self.event_types = {t.code: t.pk for t in event_types_for(programme)}
        self.latest_by_fallback: dict[int, tuple[int, date, str]] = {}
        """Person → (assessment, date, the rule that dated it) for the latest assessments
        this import dated at the introduction or a last contact column, which the contacts
        log may move on."""
        self.records = RecordStore(self)
        self.equality_answered = 0
        """How many people this import added with answers to the equality questions."""

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

    def process(self, rows: list[Row] | list[RecordRow], report: Report) -> None:
        """Store one batch: rows of one sheet, of introductions or of records."""
        if rows and isinstance(rows[0], RecordRow):
            self.records.process(rows, report)
        else:
            self.introductions(cast(list[Row], rows), report)

    def introductions(self, rows: list[Row], report: Report) -> None:
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
        new_people: list[tuple[Ref, tuple[date, dict[str, Any]]]] = []
        adds: list[tuple[Row, Ref, bool]] = []
        named_later: list[tuple[int, Ref]] = []  # duplicates of people this batch makes
        for row in rows:
            if row.key in self.seen:
                sheet, number, ref = self.seen[row.key]
                if ref is not None:
                    where = self.where(sheet, number, row)
                    place = report.add_duplicate(row.sheet, row.number, where, ref.pk)
                    named_later.append((place, ref))
                else:
                    report.unchanged += 1
                continue
            if row.key in existing:
                self.seen[row.key] = (row.sheet, row.number, None)
                person = self.update(row, existing[row.key], report)
                label = f"existing person {person.pk} ({person.full_name})"
                ref = Ref(person.pk, person.full_name, person.preferred_name, label)
                self.in_file.add(ref, row.date_of_birth, row.postcode)
                self.remember(row, ref)
                continue
            who = Who(row.name, row.date_of_birth, row.postcode)
            ref = self.in_file.match_who(who) or known.match_who(who)
            if ref is not None:
                place = report.add_duplicate(row.sheet, row.number, ref.describe(row), ref.pk)
                named_later.append((place, ref))
                adds.append((row, ref, False))
            else:
                ref = Ref(None, row.name, "", "", row.introduction_date, row.sheet, row.number)
                new_people.append((ref, self.new_person(row)))
                self.in_file.add_who(ref, who)  # its names are the row's: the same Who
                adds.append((row, ref, True))
            self.seen[row.key] = (row.sheet, row.number, ref)
            self.remember(row, ref)
        ids = insert(Person, people_fields([person for _, person in new_people]), returning=True)
        for (ref, _), pk in zip(new_people, ids, strict=True):
            ref.pk = pk
        consenting = [(r, ref.person_id) for r, ref, new in adds if new and r.equality_consent]
        self.write_equality_consents(consenting)
        self.equality_answered += sum(1 for row, _ in consenting if row.equality)
        for place, ref in named_later:
            report.duplicate_people[place] = ref.pk
        self.ledger.people(ids)
        report.created_people += len(ids)
        report.created_person_ids.extend(ids)
        self.write_introductions(adds, report)

    def closure_reason(self, row: Row, report: Report) -> int | None:
        """The reason a closed row's closure is stored with; one without (none given, or
        one not in the programme's list) is counted for the report, as the closure rule
        allows a record kept before lac (``closure_without_reason``), and so is a next
        contact date the row gives, which the closure does not keep."""
        reason_id = self.reasons.get(row.closure_reason or "")
        if closure_without_reason(Status.CLOSED, reason_id, kept_before_lac=True):
            report.closed_without_reason += 1
        if row.next_contact is not None:
            report.closed_next_contact += 1  # not kept: see person_status_fields
        return reason_id

    def remember(self, row: Row, ref: Ref) -> None:
        """Who the row is by the sheet's own id, so that a contacts log or a sheet of
        outcomes later in the file finds them (by name and date of birth, they are found
        in ``in_file``)."""
        if row.record_id:
            self.record_ids[row.record_id] = ref

    def new_person(self, row: Row) -> tuple[date, dict[str, Any]]:
        """(the day the age band is taken on, the fields) for ``people_fields``."""
        closed = row.status == Status.CLOSED
        status = Status.CLOSED if closed else (row.status or Status.ACTIVE)
        return row.introduction_date, dict(
            full_name=row.name[:200],
            date_of_birth=row.date_of_birth,
            age_band=row.age_band,
            postcode=row.postcode,
            neighbourhood_id=row.neighbourhood_id,
            coordinator_id=row.coordinator_id,
            level=row.level or Level.LEVEL_1,
            primary_category=row.primary_category,
            housing_tenure=row.housing_tenure,
            phone=row.phone,
            email=row.email,
            next_contact_date=row.next_contact,
            last_contact_date=row.last_contact,
            **row.equality,
        ) | person_status_fields(status, row.closed_date or row.introduction_date)

    def write_equality_consents(self, rows: list[tuple[Row, int]]) -> None:
        """The consent to the equality questions the sheet records for the people it adds:
        their answers came in with them (``rowcheck`` kept none without it). Someone already
        in lac keeps their answers; a coordinator records changes on the person's page."""
        insert(
            Consent,
            [
                {
                    "person_id": person_id,
                    "topic": ConsentTopic.EQUALITY,
                    "given_on": row.equality_consent,
                    "method": ConsentMethod.SPREADSHEET,
                    "details": f"{self.file_name}, {row.sheet} row {row.number}"[:500],
                    "recorded_by_id": row.coordinator_id or self.user_id,
                }
                for row, person_id in rows
            ],
        )

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
            if self.ledger.is_new(pk):
                continue  # made by this import: matched through the file's own rows
            ref = Ref(pk, full_name, preferred, f"existing person {pk} ({full_name})")
            index.add(ref, dob, postcode)
        return index

    def write_introductions(self, adds: list[tuple[Row, Ref, bool]], report: Report) -> None:
        introductions, levels, statuses = [], [], []
        for row, ref, is_new in adds:
            person_id = ref.person_id
            recorder = row.coordinator_id or self.user_id
            introductions.append(
                introduction_fields(
                    person_id=person_id,
                    programme_id=self.programme.pk,
                    neighbourhood_id=row.neighbourhood_id,
                    date=row.introduction_date,
                    source_id=self.sources.get(row.source or ""),
                    hopes=row.hopes,
                    imported_note=row.notes,
                    recorded_by_id=recorder,
                    source_file=self.file_name,
                    source_sheet=row.sheet[:100],
                    source_row=row.number,
                    import_key=row.key,
                )
            )
            who = {"person_id": person_id, "recorded_by_id": recorder}
            if is_new:
                level, status = opening_history_fields(
                    level=row.level or Level.LEVEL_1, date=row.introduction_date, **who
                )
                levels.append(level)
                statuses.append(status)
            elif ref.latest is not None and row.introduction_date > ref.latest:
                self.move_on(ref, row)
            if row.status == Status.CLOSED:
                statuses.append(
                    status_change_fields(
                        status=Status.CLOSED,
                        date=row.closed_date or row.introduction_date,
                        note="" if row.closed_date else NO_CLOSED_DATE,
                        reason_id=self.closure_reason(row, report),
                        **who,
                    )
                )
        ids = insert(Introduction, introductions, returning=True)
        self.ledger.records(Introduction, ids, [i["person_id"] for i in introductions])
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
                    "record_id": row.record_id,
                }
                for (row, _, _), introduction_id in zip(adds, ids, strict=True)
            ],
        )
        insert(
            Introduction.challenges.through,
            [
                {"introduction_id": introduction_id, "challenge_id": self.challenges[code]}
                for (row, _, _), introduction_id in zip(adds, ids, strict=True)
                for code in row.challenges
                if code in self.challenges
            ],
        )
        insert(LevelChange, levels)  # only for the people this import creates
        status_ids = insert(StatusChange, statuses, returning=True)
        self.ledger.records(StatusChange, status_ids, [s["person_id"] for s in statuses])
        report.created_introductions += len(ids)
        report.created_assessments += self.write_assessments(
            [(row, ref.person_id, is_new) for row, ref, is_new in adds]
        )
        report.created_avoided_services += self.write_avoided(
            [(row, ref.person_id) for row, ref, _ in adds]
        )
        report.created_outcome_events += self.write_outcomes(
            [(row, ref.person_id) for row, ref, _ in adds]
        )

    def write_assessments(self, rows: list[tuple[Row, int, bool]]) -> int:
        """A row's first and latest scores as assessments of the programme's framework.

        The first is the person's first assessment when the row made the person; scores
        added to someone already recorded are reviews. The latest is the last assessment
        when the row is closed.
        """
        if self.version_id is None:
            return 0
        assessments: list[dict[str, Any]] = []
        scores: list[dict[int, int]] = []
        movable: list[tuple[int, date, str]] = []  # (position in ``assessments``, date, rule)
        for row, person_id, is_new in rows:
            recorder = row.coordinator_id or self.user_id
            for day, kind, given in (
                (
                    row.first_date,
                    AssessmentKind.FIRST if is_new else AssessmentKind.REVIEW,
                    row.first_scores,
                ),
                (
                    row.latest_date,
                    AssessmentKind.LAST if row.status == Status.CLOSED else AssessmentKind.REVIEW,
                    row.latest_scores,
                ),
            ):
                if not given or day is None:
                    continue
                if given is row.latest_scores and row.latest_rule in MAY_MOVE_ON:
                    movable.append((len(assessments), day, row.latest_rule))
                assessments.append(
                    {
                        "person_id": person_id,
                        "version_id": self.version_id,
                        "date": day,
                        "kind": kind,
                        "note": f"From {self.file_name}, {row.sheet} row {row.number}",
                        "assessed_by_id": recorder,
                    }
                )
                scores.append(given)
        ids = insert(Assessment, assessments, returning=True)
        self.ledger.records(Assessment, ids, [a["person_id"] for a in assessments])
        for position, day, rule in movable:
            person_id = assessments[position]["person_id"]
            self.latest_by_fallback[person_id] = (ids[position], day, rule)
        insert(
            DomainScore,
            [
                {"assessment_id": pk, "domain_id": domain_id, "score": score}
                for pk, given in zip(ids, scores, strict=True)
                for domain_id, score in given.items()
            ],
        )
        return len(ids)

    def write_avoided(self, rows: list[tuple[Row, int]]) -> int:
        """Services avoided, priced by the rate card; the coordinator's judgement, as a
        spreadsheet says nothing of the evidence."""
        records = [
            avoided_service_fields(
                unit_cost_agency=self.agencies[unit_cost_id],
                quantity=quantity,
                person_id=person_id,
                date=row.avoided_date,
                unit_cost_id=unit_cost_id,
                confidence=Confidence.JUDGED,
                note=f"From {self.file_name}, {row.sheet} row {row.number}",
                recorded_by_id=row.coordinator_id or self.user_id,
            )
            for row, person_id in rows
            for unit_cost_id, quantity in row.avoided
        ]
        ids = insert(AvoidedService, records, returning=True)
        self.ledger.records(AvoidedService, ids, [r["person_id"] for r in records])
        return len(records)

    def write_outcomes(self, rows: list[tuple[Row, int]]) -> int:
        """What changed, from a "What changed" column: dated as the services avoided are."""
        records: list[dict[str, Any]] = [
            {
                "person_id": person_id,
                "type_id": self.event_types[code],
                "date": row.avoided_date,
                "note": f"From {self.file_name}, {row.sheet} row {row.number}",
                "recorded_by_id": row.coordinator_id or self.user_id,
            }
            for row, person_id in rows
            for code in row.outcomes
        ]
        ids = insert(OutcomeEvent, records, returning=True)
        self.ledger.records(OutcomeEvent, ids, [r["person_id"] for r in records])
        return len(ids)

    def move_on(self, ref: Ref, row: Row) -> None:
        """A later introduction of a person made earlier in this file sets their current state."""
        ref.latest = row.introduction_date
        closed = row.status == Status.CLOSED
        fields = person_status_fields(
            Status.CLOSED if closed else (row.status or Status.ACTIVE),
            row.closed_date or row.introduction_date,
        )
        if row.level:
            fields["level"] = row.level
        Person.objects.filter(pk=ref.person_id).update(**fields)

    # -- a row imported before ---------------------------------------------------

    def update(self, row: Row, imported: ImportedRow, report: Report) -> Person:
        """Apply only what changed since the row was last imported."""
        introduction = imported.introduction
        person = introduction.person
        old, new = imported.values, row.values()
        # A value an older import did not read counts as blank, not as a change.
        changed = {key for key in new if new[key] != old.get(key, "")}
        if not changed:
            report.unchanged += 1
            return person
        self.ledger.change(person, person.pk, PERSON_FIELDS)
        self.ledger.change(
            introduction,
            person.pk,
            INTRODUCTION_FIELDS,
            challenge_ids=sorted(introduction.challenges.values_list("pk", flat=True)),
        )
        self.ledger.change(imported, person.pk, IMPORTED_ROW_FIELDS)
        recorder = row.coordinator_id or self.user_id
        person_fields: set[str] = set()
        for key, attr in (
            ("name", "full_name"),
            ("postcode", "postcode"),
            ("age_band", "age_band"),
            ("phone", "phone"),
            ("email", "email"),
            ("primary_category", "primary_category"),
            ("housing_tenure", "housing_tenure"),
            ("next_contact", "next_contact_date"),
        ):
            if key in changed and new[key]:
                setattr(person, attr, getattr(row, key))
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
            level = level_change_build(
                person=person,
                level=row.level,
                date=self.today,
                recorded_by_id=recorder,
                note="From an updated spreadsheet",
            )
            level.save()
            self.ledger.records(LevelChange, [level.pk], [person.pk])
        closing = {"status", "closed_date", "closure_reason"} & changed
        if closing and row.status == Status.CLOSED:
            closure = status_change_build(
                person=person,
                status=Status.CLOSED,
                date=row.closed_date or self.today,
                reason_id=self.closure_reason(row, report),
                recorded_by_id=recorder,
                note="From an updated spreadsheet"
                + ("" if row.closed_date else "; " + NO_CLOSED_DATE),
            )
            closure.save()
            self.ledger.records(StatusChange, [closure.pk], [person.pk])
            person_fields |= _set_status(person, Status.CLOSED, row.closed_date or self.today)
        elif "status" in changed and row.status and row.status != person.status:
            change = status_change_build(
                person=person,
                status=row.status,
                date=self.today,
                recorded_by_id=recorder,
                note="From an updated spreadsheet",
            )
            change.save()
            self.ledger.records(StatusChange, [change.pk], [person.pk])
            person_fields |= _set_status(person, row.status, self.today)
        self.update_records(row, introduction, changed, old, report)
        if person_fields:
            person.version += 1
            person.save(update_fields=[*sorted(person_fields), "version", "updated"])
        introduction.save(update_fields=["source", "neighbourhood", "hopes", "imported_note"])
        imported.values = new
        imported.source_file = self.file_name
        imported.source_sheet = row.sheet[:100]
        imported.source_row = row.number
        imported.record_id = row.record_id
        imported.save()
        report.updated_people += 1
        report.updated_person_ids.append(person.pk)
        return person

    def update_records(
        self,
        row: Row,
        introduction: Introduction,
        changed: set[str],
        old: dict[str, str],
        report: Report,
    ) -> None:
        """The introduction's own details, and scores or services avoided the file added."""
        if "notes" in changed:
            introduction.imported_note = row.notes
        if "hopes" in changed:
            introduction.hopes = row.hopes
        if "challenges" in changed:
            introduction.challenges.set([self.challenges[c] for c in row.challenges])
        new_scores = replace(
            row,
            first_scores=row.first_scores if "first_scores" in changed else {},
            latest_scores=row.latest_scores if "latest_scores" in changed else {},
        )
        person_id = introduction.person_id
        report.created_assessments += self.write_assessments([(new_scores, person_id, False)])
        before = set(old.get("avoided", "").split(";"))
        added = tuple(a for a in row.avoided if f"{a[0]}x{a[1]:g}" not in before)
        report.created_avoided_services += self.write_avoided(
            [(replace(row, avoided=added), person_id)]
        )
        known = set(old.get("outcomes", "").split(";"))
        report.created_outcome_events += self.write_outcomes(
            [(replace(row, outcomes=tuple(c for c in row.outcomes if c not in known)), person_id)]
        )


def _set_status(person: Person, status: str, since: date) -> set[str]:
    """Give ``person`` the fields a change of status sets (:func:`person_status_fields`),
    unsaved; the names of the fields set, for the update's save."""
    fields = person_status_fields(status, since)
    for attr, value in fields.items():
        setattr(person, attr, value)
    return set(fields)
