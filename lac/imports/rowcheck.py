"""Check one spreadsheet row against the programme: a valid :class:`Row`, or its problems.

Each part of a monitoring sheet has its own small check (who, when, where, the
programme's lists, contact details, progress scores, services avoided), so a
rule is read in one place. A row with any problem is rejected as a whole and
every problem is named by its column; unknown category spellings do not reject
a row, they are listed for a person to map.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from functools import partial
from operator import attrgetter
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_noop

from lac.casework.models import Introduction
from lac.casework.services import status_date_refusal
from lac.imports.fields import (
    CATEGORY_FIELDS,
    FIELDS_BY_NAME,
    FIRST,
    IGNORE,
    list_key,
    normalise,
)
from lac.imports.mapping import Mapping
from lac.imports.readers import Cell, as_text, column_letter
from lac.imports.report import CellProblem, RejectedRow, Report
from lac.imports.values import (
    Problem,
    clean_name,
    is_blank,
    item_and_quantity,
    neighbourhood_key,
    parse_age,
    parse_birth_date,
    parse_consent,
    parse_date,
    parse_email,
    parse_phone,
    parse_postcode,
    parse_score,
    person_key,
    split_list,
)
from lac.lib.rules import dates, lengths
from lac.outcomes.models import score_off_scale
from lac.outcomes.services import avoided_quantity
from lac.people.ages import BORN_AFTER_INTRODUCTION, band_at_introduction, years_between
from lac.people.equality import EQUALITY_FIELDS
from lac.people.models import Person
from lac.people.services import equality_problems

if TYPE_CHECKING:
    from lac.imports.engine import SheetPlan

EMAIL_FIELD = Person._meta.get_field("email")

# Which date an assessment took: kept in the report in English, as keys, and translated
# where the report is read (``Report.assessment_date_lines``).
INTRODUCED = gettext_noop("date introduced")
LAST_CONTACT = gettext_noop("last contact date")
LAST_CONVERSATION = gettext_noop("last conversation date in the file")
FIRST_ASSESSMENT_DATE = gettext_noop("first assessment date")
LATEST_ASSESSMENT_DATE = gettext_noop("latest assessment date")
CLOSED_DATE = gettext_noop("closed date")
MAY_MOVE_ON = (INTRODUCED, LAST_CONTACT)
"""Latest assessments dated by a fallback that a later conversation in the file's
contacts log overrides: IMPORT-SPEC dates the latest at "the last conversation date in
the file" when neither a latest assessment date nor a closed date is given."""


@dataclass(frozen=True)
class Area:
    """A life area of the programme's framework, as scores are checked against it."""

    id: int
    name: str
    low: int
    high: int


@dataclass
class Context:
    """What rows are checked against: the programme, its places, people and lists."""

    programme_name: str
    programme_start: date
    today: date
    neighbourhoods: dict[str, int]
    """neighbourhood_key(name) → id."""
    coordinators: dict[str, int]
    """normalised username or full name → user id."""
    coordinator_neighbourhoods: dict[int, list[int]] = field(default_factory=dict)
    default_coordinator: int | None = None
    neighbourhood_coordinator: dict[int, int] = field(default_factory=dict)
    """neighbourhood id → the coordinator assigned there first."""
    codes: dict[str, set[str]] = field(default_factory=dict)
    """Category field → the codes the programme's lists hold (source, closure_reason…)."""
    areas: dict[str, Area] = field(default_factory=dict)
    """Domain key → life area of the framework version scores are recorded in."""
    area_names: dict[str, str] = field(default_factory=dict)
    """list_key(area name or key) → domain key, to recognise score columns."""
    challenges: dict[str, str] = field(default_factory=dict)
    """list_key(label or code) → the programme's challenge code."""
    unit_costs: dict[str, int] = field(default_factory=dict)
    """list_key(rate card item) → unit cost id."""
    event_types: dict[str, str] = field(default_factory=dict)
    """list_key(name or code) → the code of one of the programme's kinds of outcome event."""


@dataclass
class Row:
    """One valid row, ready to store."""

    sheet: str
    number: int
    name: str
    date_of_birth: date | None
    age_band: str
    postcode: str
    neighbourhood_id: int
    coordinator_id: int | None
    introduction_date: date
    source: str | None
    level: int | None
    status: str | None
    closed_date: date | None
    closure_reason: str | None
    notes: str
    key: str
    primary_category: str = ""
    housing_tenure: str = ""
    challenges: tuple[str, ...] = ()
    hopes: str = ""
    phone: str = ""
    email: str = ""
    next_contact: date | None = None
    last_contact: date | None = None
    first_scores: dict[int, int] = field(default_factory=dict)
    """Domain id → score at the first assessment."""
    latest_scores: dict[int, int] = field(default_factory=dict)
    first_date: date | None = None
    latest_date: date | None = None
    latest_rule: str = ""
    """Which of IMPORT-SPEC's fallbacks dated the latest assessment."""
    avoided: tuple[tuple[int, float], ...] = ()
    """(unit cost id, quantity) per service avoided."""
    avoided_date: date | None = None
    """When the services were avoided: the latest assessment's date rule."""
    outcomes: tuple[str, ...] = ()
    """What changed: outcome event type codes, dated as the services avoided are."""
    record_id: str = ""
    """The sheet's own id for the person, to join other sheets by."""
    equality: dict[str, str] = field(default_factory=dict)
    """Answers to the equality questions (census codes), kept only with consent."""
    equality_consent: date | None = None
    """When the person agreed to the equality questions, as the sheet says."""

    def __reduce__(self) -> tuple[Callable[[tuple[Any, ...]], Row], tuple[tuple[Any, ...]]]:
        """Pickled as its values in field order: the engine stages every valid row, and a
        dataclass's own pickling (the class, then a dictionary of its fields each time)
        took several times as long to load again."""
        return _row_of, (_row_values(self),)

    def values(self) -> dict[str, str]:
        """What the row said, as text, to compare with the next import of the same key."""
        return {
            "name": self.name,
            "date_of_birth": _iso(self.date_of_birth),
            "age_band": self.age_band,
            "postcode": self.postcode,
            "neighbourhood": str(self.neighbourhood_id),
            "coordinator": str(self.coordinator_id or ""),
            "source": self.source or "",
            "level": str(self.level or ""),
            "status": self.status or "",
            "closed_date": _iso(self.closed_date),
            "closure_reason": self.closure_reason or "",
            "notes": self.notes,
            "primary_category": self.primary_category,
            "housing_tenure": self.housing_tenure,
            "challenges": ";".join(self.challenges),
            "hopes": self.hopes,
            "phone": self.phone,
            "email": self.email,
            "next_contact": _iso(self.next_contact),
            "first_scores": _scores_text(self.first_scores, self.first_date),
            "latest_scores": _scores_text(self.latest_scores, self.latest_date),
            "avoided": ";".join(f"{pk}x{quantity:g}" for pk, quantity in self.avoided),
            "outcomes": ";".join(self.outcomes),
        }


_ROW_FIELDS = tuple(f.name for f in fields(Row))
_row_values = attrgetter(*_ROW_FIELDS)


def _row_of(values: tuple[Any, ...]) -> Row:
    """A :class:`Row` again from its pickled values (:meth:`Row.__reduce__`)."""
    row = object.__new__(Row)
    row.__dict__.update(zip(_ROW_FIELDS, values, strict=True))
    return row


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _scores_text(scores: dict[int, int], day: date | None) -> str:
    if not scores:
        return ""
    return f"{_iso(day)}:" + ",".join(f"{pk}={s}" for pk, s in sorted(scores.items()))


def row_key(name: str, date_of_birth: date | None, introduced: date) -> str:
    """Stable across re-imports and edits of anything but who and when."""
    text = f"{person_key(name)}|{date_of_birth or ''}|{introduced.isoformat()}"
    return "r1:" + hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


class RowCheck:
    """The checks of one row; each method reads its columns and records its problems."""

    def __init__(
        self,
        plan: SheetPlan,
        number: int,
        cells: list[Cell],
        context: Context,
        mapping: Mapping,
        report: Report,
    ) -> None:
        self.plan, self.number, self.cells = plan, number, cells
        self.context, self.mapping, self.report = context, mapping, report
        self.problems: list[tuple[int | None, CellProblem]] = []

    # -- reading cells -----------------------------------------------------------

    def cell(self, field_name: str) -> tuple[int | None, Cell]:
        index = self.plan.positions.get(field_name)
        if index is None or index >= len(self.cells):
            return index, None
        return index, self.cells[index]

    def problem(self, field_name: str, index: int | None, message: str) -> None:
        plan = self.plan
        if index is None:
            header, letter, value = str(FIELDS_BY_NAME[field_name].label), "", ""
        else:
            header = plan.headers[index] or str(FIELDS_BY_NAME[field_name].label)
            letter = column_letter(plan.sheet.first_column + index)
            value = as_text(self.cells[index]) if index < len(self.cells) else ""
        problem = CellProblem(plan.sheet.name, self.number, header, letter, value, message)
        self.problems.append((index, problem))

    def parsed(self, field_name: str, parse: Callable[[Cell], Any]) -> tuple[int | None, Any]:
        index, value = self.cell(field_name)
        if is_blank(value):
            return index, None
        try:
            return index, parse(value)
        except Problem as exc:
            self.problem(field_name, index, str(exc))
            return index, None

    def text(self, field_name: str, field: models.Field[Any, Any] | None = None) -> str:
        """A cell's text; given the model ``field`` it is stored in, held to its length."""
        index, value = self.cell(field_name)
        text = as_text(value) if not is_blank(value) else ""
        self.rule(field_name, index, lengths.too_long(field, text) if field else None)
        return text

    def rule(self, field_name: str, index: int | None, refusal: str | None) -> None:
        """Record a record rule's refusal (``lac.lib.rules``) as the cell's problem."""
        if refusal:
            self.problem(field_name, index, refusal)

    def service_rule(self, field_name: str, index: int | None, check: Callable[[], object]) -> None:
        """The same, for a rule that refuses as the services see it (a ValidationError)."""
        try:
            check()
        except ValidationError as error:
            self.rule(field_name, index, error.messages[0])

    def date_rule(
        self, field_name: str, index: int | None, bounds: dates.Bounds, value: date | None
    ) -> bool:
        """Hold a date to its bounds (``lac.lib.rules.dates``); True if it is within them."""
        refusal = None if value is None else bounds.refusal(value, self.context.today)
        self.rule(field_name, index, refusal)
        return refusal is None

    # -- the checks ----------------------------------------------------------------

    def name(self) -> str:
        """One column, or first name and surname together."""
        name_index, name_value = self.cell("name")
        name = clean_name(name_value) if not is_blank(name_value) else ""
        if not name:
            parts = [
                clean_name(self.cell(f)[1])
                for f in ("first_name", "surname")
                if not is_blank(self.cell(f)[1])
            ]
            name = " ".join(parts)
            if name_index is None:
                surname = self.plan.index("surname")
                name_index = surname if surname is not None else self.plan.index("first_name")
        if not name:
            self.problem("name", name_index, gettext("no name"))
        self.rule("name", name_index, lengths.too_long(Person._meta.get_field("full_name"), name))
        return name

    def when(self) -> tuple[date | None, str, date | None, date | None]:
        """(date of birth, age band, date introduced, closed date), each within bounds."""
        today = self.context.today
        age_index, age = self.parsed("age", parse_age)
        years, band = age if age else (None, "")
        dob_index, dob = self.parsed(
            "date_of_birth", lambda v: parse_birth_date(v, today=today, age=years)
        )
        intro_index, introduced = self.parsed("introduction_date", parse_date)
        closed_index, closed = self.parsed("closed_date", parse_date)
        if is_blank(self.cell("introduction_date")[1]):
            self.problem("introduction_date", intro_index, gettext("no date introduced"))
        if self.date_rule("introduction_date", intro_index, dates.INTRODUCTION, introduced):
            start = self.context.programme_start
            refusal = dates.before_programme(dates.INTRODUCTION, introduced, start)
            self.rule("introduction_date", intro_index, refusal)
        in_bounds = self.date_rule("closed_date", closed_index, dates.STATUS_CHANGE, closed)
        if closed is not None and in_bounds:
            self.rule("closed_date", closed_index, status_date_refusal(closed, introduced))
        if dob is not None and introduced is not None and dob > introduced:
            self.problem("date_of_birth", dob_index, str(BORN_AFTER_INTRODUCTION))
        elif dob is not None:
            band = band_at_introduction(dob, introduced or today).value
            if years is not None:
                possible = {years_between(dob, d) for d in (introduced, today) if d}
                if all(abs(years - p) > 1 for p in possible):
                    message = gettext("does not match the date of birth (age %(age)s)") % {
                        "age": max(possible)
                    }
                    self.problem("age", age_index, message)
        return dob, band, introduced, closed

    def place(self) -> tuple[int | None, int | None]:
        """(coordinator id, neighbourhood id): named, or worked out from each other."""
        context = self.context
        coordinator_id = context.default_coordinator
        coord_index, coord_value = self.cell("coordinator")
        if not is_blank(coord_value):
            found = context.coordinators.get(normalise(coord_value))
            if found is None:
                message = gettext("not a coordinator in %(programme)s") % {
                    "programme": context.programme_name
                }
                self.problem("coordinator", coord_index, message)
            else:
                coordinator_id = found
        hood_index, hood_value = self.cell("neighbourhood")
        neighbourhood_id = None
        if not is_blank(hood_value):
            neighbourhood_id = context.neighbourhoods.get(neighbourhood_key(hood_value))
            if neighbourhood_id is None:
                message = gettext("not a neighbourhood of %(programme)s") % {
                    "programme": context.programme_name
                }
                self.problem("neighbourhood", hood_index, message)
        else:
            patch = context.coordinator_neighbourhoods.get(coordinator_id or 0, [])
            if len(patch) == 1:
                neighbourhood_id = patch[0]
            else:
                self.problem("neighbourhood", hood_index, gettext("no neighbourhood given"))
        if coordinator_id is None and neighbourhood_id is not None:
            coordinator_id = context.neighbourhood_coordinator.get(neighbourhood_id)
        return coordinator_id, neighbourhood_id

    def categories(self) -> dict[str, str | None]:
        """Unknown spellings are listed for a person to decide; the row still imports."""
        found: dict[str, str | None] = dict.fromkeys(CATEGORY_FIELDS)
        cells = self.cells
        for field_name, index in self.plan.category_columns:
            if index >= len(cells) or is_blank(value := cells[index]):
                continue
            code, text = self.category_code(field_name, value)
            if code is None:
                self.report.add_unmapped_value(field_name, text)
            elif code != IGNORE:
                found[field_name] = code
        return found

    def category_code(self, field_name: str, value: Cell) -> tuple[str | None, str]:
        """(the code a category cell stands for, IGNORE, or None when it is not one of the
        programme's; the cell's text). It depends on the value alone, so it is worked out
        once for each value the column holds (``SheetPlan.seen``), not for every row."""
        return cast(
            tuple[str | None, str],
            self.plan.once(field_name, value, lambda: self._category_code(field_name, value)),
        )

    def _category_code(self, field_name: str, value: Cell) -> tuple[str | None, str]:
        text = as_text(value)
        code = self.mapping.category(field_name, text)
        known = self.context.codes.get(field_name)
        if code not in (None, IGNORE) and known is not None and code not in known:
            code = None
        return code, text

    def equality(
        self, found: dict[str, str | None], introduced: date | None
    ) -> tuple[dict[str, str], date | None]:
        """The equality answers :meth:`categories` found, and the day the person agreed to
        the equality questions (a plain "yes" is dated at the introduction), held to the
        rule the person's page and the API are held to: no answers without consent."""
        index, said = self.parsed("equality_consent", parse_consent)
        given_on = said if isinstance(said, date) else (introduced if said is True else None)
        if isinstance(said, date):
            self.date_rule("equality_consent", index, dates.CONSENT_GIVEN, said)
        answers = {name: code for name in EQUALITY_FIELDS if (code := found[name])}
        for name, message in equality_problems(answers, consented=lambda: bool(given_on)).items():
            self.problem(name, self.plan.positions.get(name), message)
        return answers, given_on

    def challenges(self) -> tuple[str, ...]:
        """Several in a cell, each matched to the programme's challenge list."""
        return self.listed("challenges", self.context.challenges)

    def outcomes(self) -> tuple[str, ...]:
        """What changed, several in a cell, each matched to the programme's kinds of change."""
        return self.listed("outcomes", self.context.event_types)

    def listed(self, field_name: str, own: dict[str, str]) -> tuple[str, ...]:
        """The codes of a cell holding several entries of one of the programme's lists
        (``own``: list_key of label or code → code); unknown entries are listed to map."""
        _, value = self.cell(field_name)
        if is_blank(value):
            return ()
        answer = self.plan.once(field_name, value, lambda: self.list_codes(field_name, own, value))
        codes, unknown = cast(tuple[tuple[str, ...], tuple[str, ...]], answer)
        for entry in unknown:
            self.report.add_unmapped_value(field_name, entry)
        return codes

    def list_codes(
        self, field_name: str, own: dict[str, str], value: Cell
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(the codes, the entries that are not in the list) of a list cell: the same for
        every cell of the column that says the same, so :meth:`listed` asks once a value."""
        codes: list[str] = []
        unknown: list[str] = []
        for entry in split_list(as_text(value)):
            code = own.get(list_key(entry)) or self.mapping.category(field_name, entry)
            if code is None or (code != IGNORE and code not in own.values()):
                unknown.append(entry)
            elif code != IGNORE and code not in codes:
                codes.append(code)
        return tuple(codes), tuple(unknown)

    def avoided(self) -> tuple[tuple[int, float], ...]:
        """Services avoided, "item x quantity" each, matched to the programme's rate card;
        a quantity written with its item is held to the rule the Quantity column is."""
        index, value = self.cell("services_avoided")
        if is_blank(value):
            return ()
        found: list[tuple[int, float]] = []
        costs = self.context.unit_costs
        for entry in split_list(as_text(value)):
            item, quantity = item_and_quantity(entry)
            self.service_rule("services_avoided", index, partial(avoided_quantity, quantity))
            mapped = self.mapping.category("services_avoided", item)
            if mapped == IGNORE:
                continue
            pk = costs.get(list_key(mapped or item))
            if pk is None:
                self.report.add_unmapped_value("services_avoided", item)
            else:
                found.append((pk, quantity))
        return tuple(found)

    def scores(self) -> tuple[dict[int, int], dict[int, int]]:
        """(first, latest) scores by domain id; a score off the scale names its column."""
        first: dict[int, int] = {}
        latest: dict[int, int] = {}
        for index, area_key, moment in self.plan.score_columns:
            if index >= len(self.cells) or is_blank(self.cells[index]):
                continue
            area = self.context.areas.get(area_key)
            if area is None:
                continue
            try:
                value = parse_score(self.cells[index], area.low, area.high)
            except Problem as exc:
                self.score_problem(index, f"{area.name}: {exc}")
                continue
            refusal = score_off_scale(area.name, area.low, area.high, value)
            if refusal is not None:
                self.score_problem(index, refusal)
                continue
            (first if moment == FIRST else latest)[area.id] = value
        return first, latest

    def score_problem(self, index: int, message: str) -> None:
        plan = self.plan
        problem = CellProblem(
            plan.sheet.name,
            self.number,
            plan.headers[index],
            column_letter(plan.sheet.first_column + index),
            as_text(self.cells[index]),
            message,
        )
        self.problems.append((index, problem))

    def assessment_dates(
        self, introduced: date | None, closed: date | None, last_contact: date | None
    ) -> tuple[tuple[date | None, str], tuple[date | None, str]]:
        """((first date, rule used), (latest date, rule used)), per IMPORT-SPEC's fallbacks."""
        first_index, first = self.parsed("first_assessment_date", parse_date)
        latest_index, latest = self.parsed("latest_assessment_date", parse_date)
        self.date_rule("first_assessment_date", first_index, dates.ASSESSMENT, first)
        self.date_rule("latest_assessment_date", latest_index, dates.ASSESSMENT, latest)
        if first is not None and latest is not None and latest < first:
            self.problem(
                "latest_assessment_date", latest_index, gettext("before the first assessment")
            )
        first_rule = (first, FIRST_ASSESSMENT_DATE) if first else (introduced, INTRODUCED)
        if latest is not None:
            latest_rule = (latest, LATEST_ASSESSMENT_DATE)
        elif closed is not None:
            latest_rule = (closed, CLOSED_DATE)
        elif last_contact is not None:
            latest_rule = (last_contact, LAST_CONTACT)
        else:
            latest_rule = (introduced, INTRODUCED)
        if first_rule[0] and latest_rule[0] and latest_rule[0] < first_rule[0]:
            latest_rule = (first_rule[0], latest_rule[1])
        return first_rule, latest_rule

    def contact(
        self, introduced: date | None
    ) -> tuple[str, str, date | None, date | None, str | None]:
        """Phone, email, next and last contact, postcode. The next contact follows the
        latest contact the row records (its last conversation, else its introduction)."""
        _, phone = self.parsed("phone", parse_phone)
        email_index, email = self.parsed("email", parse_email)
        if email:
            self.rule("email", email_index, lengths.too_long(EMAIL_FIELD, email))
        next_index, next_contact = self.parsed("next_contact", parse_date)
        last_index, last_contact = self.parsed("last_contact", parse_date)
        self.date_rule("last_contact", last_index, dates.CONVERSATION, last_contact)
        follows, what = (
            (last_contact, "conversation") if last_contact else (introduced, "introduction")
        )
        self.service_rule(
            "next_contact",
            next_index,
            lambda: dates.next_contact_follows(next_contact, follows, what=what),
        )
        _, postcode = self.parsed("postcode", parse_postcode)
        return phone or "", email or "", next_contact, last_contact, postcode

    def reject(self) -> None:
        texts = [as_text(c) for c in self.cells]
        plan = self.plan
        self.report.reject(
            RejectedRow(plan.sheet.name, self.number, plan.headers, texts, self.problems)
        )


def check_row(
    plan: SheetPlan,
    number: int,
    cells: list[Cell],
    context: Context,
    mapping: Mapping,
    report: Report,
) -> Row | None:
    """A valid :class:`Row`, or None after recording the row's problems in the report."""
    check = RowCheck(plan, number, cells, context, mapping, report)
    name = check.name()
    dob, band, introduced, closed = check.when()
    phone, email, next_contact, last_contact, postcode = check.contact(introduced)
    coordinator_id, neighbourhood_id = check.place()
    category = check.categories()
    equality, equality_consent = check.equality(category, introduced)
    challenges = check.challenges()
    first_scores, latest_scores = check.scores()
    (first_date, first_rule), (latest_date, latest_rule) = check.assessment_dates(
        introduced, closed, last_contact
    )
    avoided = check.avoided()
    outcomes = check.outcomes()
    notes = check.text("notes", Introduction._meta.get_field("imported_note"))
    hopes = check.text("hopes", Introduction._meta.get_field("hopes"))
    status = category["status"]
    if status is None and closed is not None:
        status = "closed"
    if status != "closed":
        closed = None
    if check.problems:
        check.reject()
        return None
    assert introduced is not None and neighbourhood_id is not None
    if first_scores:
        report.count_assessment_date("first", first_rule)
    if latest_scores:
        report.count_assessment_date("latest", latest_rule)
    return Row(
        sheet=plan.sheet.name,
        number=number,
        name=name,
        date_of_birth=dob,
        age_band=band,
        postcode=postcode or "",
        neighbourhood_id=neighbourhood_id,
        coordinator_id=coordinator_id,
        introduction_date=introduced,
        source=category["source"],
        level=int(category["level"]) if category["level"] else None,
        status=status,
        closed_date=closed,
        closure_reason=category["closure_reason"],
        notes=notes,
        key=row_key(name, dob, introduced),
        primary_category=category["primary_category"] or "",
        housing_tenure=category["housing_tenure"] or "",
        challenges=challenges,
        hopes=hopes,
        phone=phone,
        email=email,
        next_contact=next_contact,
        last_contact=last_contact,
        first_scores=first_scores,
        latest_scores=latest_scores,
        first_date=first_date if first_scores else None,
        latest_date=latest_date if latest_scores else None,
        latest_rule=latest_rule if latest_scores else "",
        avoided=avoided,
        avoided_date=latest_date if avoided or outcomes else None,
        outcomes=outcomes,
        record_id=check.text("record_id")[:100],
        equality=equality,
        equality_consent=equality_consent,
    )
