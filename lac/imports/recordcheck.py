"""Check one row of a contacts log, a sheet of outcomes or a sheet of services avoided.

Each such row is about a person already in the file (or already recorded):
who they are (the sheet's own ID, or name and date of birth), the row's date,
and what it records. The person is found when the row is stored
(:mod:`lac.imports.recordstore`); here every cell is checked as on a sheet of
introductions, with the same messages, and a row with any problem is
rejected as a whole.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from lac.casework.models import Conversation, ConversationMode
from lac.casework.services import duration_check
from lac.imports.fields import FIELDS_BY_NAME, IGNORE, normalise
from lac.imports.mapping import Mapping
from lac.imports.readers import Cell, as_text, column_letter
from lac.imports.report import CellProblem, RejectedRow, Report
from lac.imports.rowcheck import Context, RowCheck
from lac.imports.sheets import AVOIDED, CONTACTS, OUTCOMES, RECORD_DATE
from lac.imports.values import (
    Problem,
    is_blank,
    parse_birth_date,
    parse_date,
    person_key,
)
from lac.lib.rules import dates
from lac.outcomes.models import AvoidedService, Confidence, OutcomeEvent
from lac.outcomes.services import avoided_quantity

if TYPE_CHECKING:
    from lac.imports.engine import SheetPlan

MODES = frozenset(ConversationMode.values)
CONFIDENCE = frozenset(Confidence.values)
MINUTES = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours))?\s*"
    r"(?:(?P<m>\d+)\s*(?:m|min|mins|minute|minutes)?)?$"
)
CLOCK = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::00)?$")
DATE_BOUNDS = {
    CONTACTS: dates.CONVERSATION,
    OUTCOMES: dates.OUTCOME_EVENT,
    AVOIDED: dates.AVOIDED_SERVICE,
}
"""The bounds of each record sheet's own date: those of the record a row becomes."""
NOTES = {
    CONTACTS: Conversation._meta.get_field("note"),
    OUTCOMES: OutcomeEvent._meta.get_field("note"),
    AVOIDED: AvoidedService._meta.get_field("note"),
}
"""The field a record sheet's notes are stored in, whose length limit they are held to."""


@dataclass
class RecordRow:
    """One valid row of a record sheet, ready to join to its person and store."""

    kind: str
    sheet: str
    number: int
    name: str
    date_of_birth: date | None
    record_id: str
    day: date
    coordinator_id: int | None
    notes: str
    key: str
    who: tuple[int | None, str, str, str]
    """The cell a person is found by, for a row whose person cannot be found:
    (index, header, column letter, value)."""
    headers: list[str]
    cells: list[str]
    mode: str = "other"
    minutes: int | None = None
    next_contact: date | None = None
    outcomes: tuple[str, ...] = ()
    avoided: tuple[tuple[int, float], ...] = ()
    confidence: str = "judged"
    where: str = field(init=False)

    def __post_init__(self) -> None:
        self.where = f"{self.sheet} row {self.number}"

    def reject(self, report: Report, problem: str) -> None:
        """Left out when stored: the person it is about cannot be found."""
        index, header, letter, value = self.who
        found = CellProblem(self.sheet, self.number, header, letter, value, problem)
        rejected = RejectedRow(self.sheet, self.number, self.headers, self.cells, [(index, found)])
        report.reject(rejected)


def parse_minutes(value: Cell) -> int:
    """Minutes from "45", "45 mins", "1 hour", "1h 30m" or "1:30" (how many a conversation
    may take is the casework rule, :func:`~lac.casework.services.duration_check`)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        minutes = float(value)
    else:
        text = " ".join(str(value).strip().lower().split())
        match = CLOCK.match(text) or MINUTES.match(text)
        if match is None or not (match["h"] or match["m"]):
            raise Problem(gettext("not a number of minutes"))
        minutes = float(match["h"] or 0) * 60 + float(match["m"] or 0)
    if not minutes.is_integer():
        raise Problem(gettext("not a number of minutes"))
    return int(minutes)


class RecordCheck(RowCheck):
    """The checks of one record row: who, when, and what it records."""

    def who(self) -> tuple[date | None, str, tuple[int | None, str, str, str]]:
        """(date of birth, sheet's own id, the cell the person is found by)."""
        record_id = self.text("record_id")[:100]
        dob_index, dob = self.parsed(
            "date_of_birth", lambda v: parse_birth_date(v, today=self.context.today, age=None)
        )
        by = "record_id" if record_id else "name"
        index = self.plan.index(by)
        if index is None and by == "name":
            index = self.plan.index("surname")
            index = index if index is not None else self.plan.index("first_name")
        if not record_id and dob is None and is_blank(self.cell("date_of_birth")[1]):
            self.problem(
                "date_of_birth", dob_index, gettext("no date of birth or ID to find the person by")
            )
        header = self.plan.headers[index] if index is not None else str(FIELDS_BY_NAME[by].label)
        letter = column_letter(self.plan.sheet.first_column + index) if index is not None else ""
        value = as_text(self.cells[index]) if index is not None and index < len(self.cells) else ""
        return dob, record_id, (index, header, letter, value)

    def day(self, kind: str) -> date | None:
        """The row's own date: given, real, and within the bounds the service saving
        that kind of record holds it to (``lac.lib.rules.dates``)."""
        name = RECORD_DATE[kind]
        index, day = self.parsed(name, parse_date)
        if is_blank(self.cell(name)[1]):
            self.problem(
                name, index, gettext("no %(what)s") % {"what": FIELDS_BY_NAME[name].label.lower()}
            )
        else:
            self.date_rule(name, index, DATE_BOUNDS[kind], day)
        return day

    def coordinator(self) -> int | None:
        index, value = self.cell("coordinator")
        if is_blank(value):
            return self.context.default_coordinator
        found = self.context.coordinators.get(normalise(value))
        if found is None:
            message = gettext("not a coordinator in %(programme)s") % {
                "programme": self.context.programme_name
            }
            self.problem("coordinator", index, message)
        return found

    def category(self, field_name: str, known: frozenset[str], blank: str) -> str:
        """A value of a fixed list; an unknown spelling is listed to map, and the row keeps
        the list's catch-all."""
        _, value = self.cell(field_name)
        if is_blank(value):
            return blank
        code = self.mapping.category(field_name, as_text(value))
        if code is None or (code != IGNORE and code not in known):
            self.report.add_unmapped_value(field_name, as_text(value))
            return blank
        return blank if code == IGNORE else code

    def conversation(self, day: date | None) -> tuple[str, int | None, date | None]:
        """How, how long and the next contact, held to the rules a logged conversation is."""
        mode = self.category("contact_mode", MODES, "other")
        minutes_index, minutes = self.parsed("duration", parse_minutes)
        self.service_rule("duration", minutes_index, lambda: duration_check(minutes))
        next_index, next_contact = self.parsed("next_contact", parse_date)
        self.service_rule(
            "next_contact",
            next_index,
            lambda: dates.next_contact_follows(next_contact, day, what="conversation"),
        )
        return mode, minutes, next_contact

    def services(self) -> tuple[tuple[int, float], ...]:
        """The item (matched to the rate card, as on a sheet of introductions) and its
        quantity: the Quantity column's, else written with the item, else one."""
        found = self.avoided()
        index, quantity = self.parsed("avoided_quantity", parse_quantity)
        if quantity is not None and len(found) > 1:
            self.problem("avoided_quantity", index, gettext("one quantity for several services"))
        elif quantity is not None and found:
            found = ((found[0][0], quantity),)
        if is_blank(self.cell("services_avoided")[1]):
            self.problem(
                "services_avoided", self.plan.index("services_avoided"), gettext("no service")
            )
        return found


def parse_quantity(value: Cell) -> float:
    """A Quantity cell by the record rule (what the page takes, in its words)."""
    try:
        return float(avoided_quantity(value if isinstance(value, int | float) else str(value)))
    except ValidationError as error:
        raise Problem(error.messages[0]) from error


def record_key(kind: str, who: str, day: date, what: str, occurrence: int) -> str:
    """Stable across re-imports: who, which kind of record, when, what it says, and which
    of several alike rows it is."""
    text = f"{kind}|{who}|{day.isoformat()}|{what}|{occurrence}"
    return "k1:" + hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def check_record(
    plan: SheetPlan,
    kind: str,
    number: int,
    cells: list[Cell],
    context: Context,
    mapping: Mapping,
    report: Report,
    seen: dict[str, int],
) -> RecordRow | None:
    """A valid :class:`RecordRow`, or None after recording the row's problems.

    ``seen`` counts the rows alike so far in the file, so that two identical rows
    (two calls on one day, say) are two records with two keys.
    """
    check = RecordCheck(plan, number, cells, context, mapping, report)
    name = check.name() if not check.text("record_id") else check.text("name")
    dob, record_id, who_cell = check.who()
    day = check.day(kind)
    coordinator_id = check.coordinator()
    notes = check.text("notes", NOTES[kind])
    row_fields: dict[str, object] = {}
    if kind == CONTACTS:
        mode, minutes, next_contact = check.conversation(day)
        row_fields = {"mode": mode, "minutes": minutes, "next_contact": next_contact}
        what = f"{mode}|{minutes or ''}|{notes}"
    elif kind == AVOIDED:
        avoided = check.services()
        confidence = check.category("confidence", CONFIDENCE, "judged")
        row_fields = {"avoided": avoided, "confidence": confidence}
        what = ";".join(f"{pk}x{q:g}" for pk, q in avoided) + f"|{confidence}"
    else:
        outcomes = check.outcomes()
        if is_blank(check.cell("outcomes")[1]):
            check.problem("outcomes", plan.index("outcomes"), gettext("nothing says what changed"))
        row_fields = {"outcomes": outcomes}
        what = ";".join(outcomes)
    if check.problems:
        check.reject()
        return None
    assert day is not None
    who = f"id:{record_id}" if record_id else f"{person_key(name)}|{dob}"
    alike = f"{kind}|{who}|{day}|{what}"
    seen[alike] = occurrence = seen.get(alike, 0) + 1
    return RecordRow(
        kind=kind,
        sheet=plan.sheet.name,
        number=number,
        name=name,
        date_of_birth=dob,
        record_id=record_id,
        day=day,
        coordinator_id=coordinator_id,
        notes=notes,
        key=record_key(kind, who, day, what, occurrence),
        who=who_cell,
        headers=plan.headers,
        cells=[as_text(c) for c in cells],
        **row_fields,  # type: ignore[arg-type]
    )
