"""The import engine: read each sheet, find its header row, map columns, check every
row, then hand the valid rows in batches to the store, all in one transaction.

The browser and ``lac import`` both call :func:`run_import`. A dry run does
exactly what a commit does, then rolls the transaction back, so its counts
are the counts a commit would give.

An import runs in two passes so that its progress can be seen and it can be
stopped, on SQLite as on PostgreSQL:

1. *Reading*: every row is read and checked, and the valid rows are staged
   (pickled, a batch at a time) in an anonymous temporary file. Nothing is
   written to the database and no transaction is open, so whoever follows
   the import may record its progress and read a request to stop it in
   ordinary short transactions of their own (:class:`Progress`).
2. *Saving*: the staged batches go to the store in one transaction; a
   failure or a stop anywhere in it rolls back everything. While it is open
   nothing else is written for the import: on SQLite that transaction holds
   the database's only write lock (another connection's write would wait for
   it, and a progress row written on the same connection would be invisible
   until the commit), and on PostgreSQL the job's row must stay unlocked so a
   request to stop it can land. Between batches the store pass only *reads*
   whether the import has been stopped (PostgreSQL's read-committed
   statements see a stop committed meanwhile; SQLite cannot commit one while
   the pass holds its lock, so there the saving pass, the short one, runs to
   its end).

Staging keeps memory flat (a batch of rows at a time) and lets the saving
pass be as short as the writes themselves.
"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice
from pathlib import Path
from typing import IO, Protocol

from django.db import DatabaseError, transaction

from lac.imports.fields import FIELDS_BY_NAME, IGNORE, normalise
from lac.imports.mapping import Mapping, suggest, suggest_from_header
from lac.imports.readers import Cell, Sheet, UnreadableFile, as_text, column_letter, open_workbook
from lac.imports.report import CellProblem, RejectedRow, Report
from lac.imports.values import (
    Problem,
    age_band,
    clean_name,
    is_blank,
    neighbourhood_key,
    parse_age,
    parse_birth_date,
    parse_date,
    parse_postcode,
    person_key,
    years_between,
)

HEADER_SCAN_ROWS = 30
SAMPLE_ROWS = 25
BATCH_SIZE = 2000
PROGRESS_EVERY = 500
"""Rows read between two reports of progress while reading."""


class ImportFailed(Exception):
    """Nothing could be imported; the message is one line for the person running it."""


class Cancelled(Exception):
    """Someone asked for the import to stop; raised by a :class:`Progress` to roll it back."""


class Progress:
    """Told how far an import has got; either method may raise :class:`Cancelled`.

    This one does nothing: the command line and the bench use it.
    """

    def reading(self, done: int, total: int) -> None:
        """``done`` of about ``total`` spreadsheet rows read and checked; no transaction
        is open, so this may write."""

    def saving(self, done: int, total: int) -> None:
        """``done`` of ``total`` valid rows stored so far. ``done == 0`` comes before the
        transaction opens (this may write); later calls come from inside it and must
        only read, as the module's docstring explains."""


@dataclass
class Context:
    """What rows are checked against: the programme, its neighbourhoods and coordinators."""

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
    """Category field → the codes the programme's lists hold (source, closure_reason)."""


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

    def values(self) -> dict[str, str]:
        """What the row said, as text, to compare with the next import of the same key."""
        return {
            "name": self.name,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else "",
            "age_band": self.age_band,
            "postcode": self.postcode,
            "neighbourhood": str(self.neighbourhood_id),
            "coordinator": str(self.coordinator_id or ""),
            "source": self.source or "",
            "level": str(self.level or ""),
            "status": self.status or "",
            "closed_date": self.closed_date.isoformat() if self.closed_date else "",
            "closure_reason": self.closure_reason or "",
            "notes": self.notes,
        }


class Store(Protocol):
    def process(self, rows: list[Row], report: Report) -> None: ...


@dataclass
class SheetPlan:
    sheet: Sheet
    header_row: int
    headers: list[str]
    fields: list[str | None]
    rows: Iterator[tuple[int, list[Cell]]]
    positions: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for position, name in enumerate(self.fields):
            if name is not None:
                self.positions.setdefault(name, position)

    def index(self, field_name: str) -> int | None:
        return self.positions.get(field_name)

    def is_header_again(self, cells: list[Cell]) -> bool:
        named = [(i, h) for i, h in enumerate(self.headers[:3]) if h]
        return bool(named) and all(i < len(cells) and as_text(cells[i]) == h for i, h in named)

    @property
    def has_name(self) -> bool:
        return any(f in self.fields for f in ("name", "surname", "first_name"))


def row_key(name: str, date_of_birth: date | None, introduced: date) -> str:
    """Stable across re-imports and edits of anything but who and when."""
    text = f"{person_key(name)}|{date_of_birth or ''}|{introduced.isoformat()}"
    return "r1:" + hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def header_score(row: list[Cell], mapping: Mapping) -> int:
    score = 0
    for cell in row:
        text = as_text(cell)
        if not text or len(text) > 60:
            continue
        key = normalise(text)
        target = mapping.columns.get(key) or suggest_from_header(text)
        if target and target != IGNORE:
            score += 1
    return score


def plan_sheet(sheet: Sheet, mapping: Mapping, context: Context) -> SheetPlan | str:
    """Find the header row and map the columns; or say why the sheet is skipped."""
    rows = sheet.rows()
    head = list(islice(rows, HEADER_SCAN_ROWS))
    non_empty = [(n, r) for n, r in head if any(not is_blank(c) for c in r)]
    if not non_empty:
        return "empty"
    best_index, best_score = -1, 0
    for index, (_, row) in enumerate(head):
        score = header_score(row, mapping)
        if score > best_score:
            best_index, best_score = index, score
    if best_score == 0:
        return "no recognisable column headers"
    header_number, header_cells = head[best_index]
    after = head[best_index + 1 :]
    if len(after) < SAMPLE_ROWS:
        after.extend(islice(rows, SAMPLE_ROWS - len(after)))
    headers = [as_text(c) for c in header_cells]
    samples = [r for _, r in after if any(not is_blank(c) for c in r)]
    fields = suggest(
        headers, samples, mapping=mapping, neighbourhood_keys=set(context.neighbourhoods)
    )
    return SheetPlan(sheet, header_number, headers, fields, chain(after, rows))


def run_import(
    path: Path | str,
    *,
    store: Store,
    context: Context,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    display_name: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    before_commit: Callable[[Report], None] | None = None,
) -> Report:
    """Import a spreadsheet; raise :class:`ImportFailed` when nothing can be imported, or
    :class:`Cancelled` when ``progress`` stopped it.

    ``before_commit`` runs last inside the transaction (not on a dry run), so what it
    writes (an audit entry, the job's new state) is saved with the rows or not at all.
    """
    mapping = mapping or Mapping()
    progress = progress or Progress()
    try:
        workbook = open_workbook(path, display_name)
    except UnreadableFile as exc:
        raise ImportFailed(str(exc)) from exc
    report = Report(file=workbook.name, dry_run=dry_run)
    with tempfile.TemporaryFile(prefix="lac-import-") as staged:
        try:
            batches, valid, any_names = read_sheets(
                workbook.sheets, staged, context, mapping, report, batch_size, progress
            )
        except UnreadableFile as exc:
            raise ImportFailed(str(exc)) from exc
        if not any_names:
            raise ImportFailed(
                f"{workbook.name}: no recognisable columns (no sheet has a name column)"
            )
        progress.saving(0, valid)
        staged.seek(0)
        try:
            with transaction.atomic():
                done = 0
                for _ in range(batches):
                    if done:
                        progress.saving(done, valid)
                    batch = pickle.load(staged)  # noqa: S301 (our own file, written above)
                    store.process(batch, report)
                    done += len(batch)
                if dry_run:
                    transaction.set_rollback(True)
                elif before_commit is not None:
                    before_commit(report)
        except DatabaseError as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ImportFailed(
                f"{workbook.name}: the database refused a write, so nothing was imported "
                f"({message})"
            ) from exc
    return report


def read_sheets(
    sheets: list[Sheet],
    staged: IO[bytes],
    context: Context,
    mapping: Mapping,
    report: Report,
    batch_size: int,
    progress: Progress,
) -> tuple[int, int, bool]:
    """Check every row, pickling the valid ones to ``staged`` a batch at a time (never
    across sheets). Returns (batches, valid rows, whether any sheet has a name column)."""
    any_names = False
    batches = valid = 0
    total = sum(sheet.size() for sheet in sheets)
    before = 0  # rows of the sheets already read, for the progress
    progress.reading(0, total)

    def stage(batch: list[Row]) -> None:
        nonlocal batches, valid
        pickle.dump(batch, staged, protocol=pickle.HIGHEST_PROTOCOL)
        batches += 1
        valid += len(batch)

    for sheet in sheets:
        size = sheet.size()
        plan = plan_sheet(sheet, mapping, context)
        if isinstance(plan, str):
            report.sheets.append({"name": sheet.name, "skipped": plan})
            before += size
            continue
        any_names = any_names or plan.has_name
        for header, target in zip(plan.headers, plan.fields, strict=True):
            if header and target is None:
                report.add_unmapped_column(header)
        counted = report.rows
        batch: list[Row] = []
        for number, cells in plan.rows:
            if number % PROGRESS_EVERY == 0:
                progress.reading(before + number, total)
            if all(is_blank(c) for c in cells):
                continue
            if plan.is_header_again(cells):
                continue  # the header repeated further down
            report.rows += 1
            row = check_row(plan, number, cells, context, mapping, report)
            if row is not None:
                batch.append(row)
                if len(batch) >= batch_size:
                    stage(batch)
                    batch = []
        if batch:
            stage(batch)
        before += size
        report.sheets.append(
            {"name": sheet.name, "header_row": plan.header_row, "rows": report.rows - counted}
        )
    progress.reading(total, total)
    return batches, valid, any_names


def check_row(
    plan: SheetPlan,
    number: int,
    cells: list[Cell],
    context: Context,
    mapping: Mapping,
    report: Report,
) -> Row | None:
    """A valid :class:`Row`, or None after recording the row's problems in the report."""
    problems: list[tuple[int | None, CellProblem]] = []
    first_col = plan.sheet.first_column

    positions = plan.positions
    width = len(cells)

    def cell(field_name: str) -> tuple[int | None, Cell]:
        index = positions.get(field_name)
        if index is None or index >= width:
            return index, None
        return index, cells[index]

    def problem(field_name: str, index: int | None, message: str) -> None:
        if index is None:
            header, letter, value = FIELDS_BY_NAME[field_name].label, "", ""
        else:
            header = plan.headers[index] or FIELDS_BY_NAME[field_name].label
            letter = column_letter(first_col + index)
            value = as_text(cells[index]) if index < len(cells) else ""
        problems.append(
            (index, CellProblem(plan.sheet.name, number, header, letter, value, message))
        )

    def parsed(field_name: str, parse):
        index, value = cell(field_name)
        if is_blank(value):
            return index, None
        try:
            return index, parse(value)
        except Problem as exc:
            problem(field_name, index, str(exc))
            return index, None

    # Name: one column, or first name and surname together.
    name_index, name_value = cell("name")
    name = clean_name(name_value) if not is_blank(name_value) else ""
    if not name:
        parts = [
            clean_name(cell(f)[1]) for f in ("first_name", "surname") if not is_blank(cell(f)[1])
        ]
        name = " ".join(parts)
        if name_index is None:
            name_index = (
                plan.index("surname")
                if plan.index("surname") is not None
                else plan.index("first_name")
            )
    if not name:
        problem("name", name_index, "no name")

    age_index, age = parsed("age", parse_age)
    years, band = age if age else (None, "")
    dob_index, dob = parsed(
        "date_of_birth", lambda v: parse_birth_date(v, today=context.today, age=years)
    )
    intro_index, introduced = parsed("introduction_date", parse_date)
    closed_index, closed = parsed("closed_date", parse_date)
    _, postcode = parsed("postcode", parse_postcode)

    if is_blank(cell("introduction_date")[1]):
        problem("introduction_date", intro_index, "no date introduced")
    if introduced is not None:
        if introduced > context.today:
            problem("introduction_date", intro_index, "in the future")
        elif introduced < context.programme_start:
            problem(
                "introduction_date",
                intro_index,
                f"before the programme started ({context.programme_start:%-d %B %Y})",
            )
    if closed is not None:
        if closed > context.today:
            problem("closed_date", closed_index, "in the future")
        elif introduced is not None and closed < introduced:
            problem("closed_date", closed_index, "before the date introduced")
    if dob is not None and introduced is not None and dob > introduced:
        problem("date_of_birth", dob_index, "after the date introduced")
    if dob is not None:
        band = age_band(years_between(dob, introduced or context.today))
        if years is not None:
            possible = {years_between(dob, d) for d in (introduced, context.today) if d}
            if all(abs(years - p) > 1 for p in possible):
                problem("age", age_index, f"does not match the date of birth (age {max(possible)})")

    # Coordinator and neighbourhood.
    coordinator_id = context.default_coordinator
    coord_index, coord_value = cell("coordinator")
    if not is_blank(coord_value):
        found = context.coordinators.get(normalise(coord_value))
        if found is None:
            problem("coordinator", coord_index, f"not a coordinator in {context.programme_name}")
        else:
            coordinator_id = found
    hood_index, hood_value = cell("neighbourhood")
    neighbourhood_id = None
    if not is_blank(hood_value):
        neighbourhood_id = context.neighbourhoods.get(neighbourhood_key(hood_value))
        if neighbourhood_id is None:
            problem("neighbourhood", hood_index, f"not a neighbourhood of {context.programme_name}")
    else:
        patch = context.coordinator_neighbourhoods.get(coordinator_id or 0, [])
        if len(patch) == 1:
            neighbourhood_id = patch[0]
        else:
            problem("neighbourhood", hood_index, "no neighbourhood given")
    if coordinator_id is None and neighbourhood_id is not None:
        coordinator_id = context.neighbourhood_coordinator.get(neighbourhood_id)

    # Categories: unknown spellings are listed for a person to decide, the row still imports.
    category: dict[str, str | None] = {}
    for field_name in ("source", "level", "status", "closure_reason"):
        _, value = cell(field_name)
        category[field_name] = None
        if is_blank(value):
            continue
        code = mapping.category(field_name, as_text(value))
        if code not in (None, IGNORE) and code not in context.codes.get(field_name, {code}):
            code = None
        if code is None:
            report.add_unmapped_value(field_name, as_text(value))
        elif code != IGNORE:
            category[field_name] = code
    status = category["status"]
    if status is None and closed is not None:
        status = "closed"
    if status != "closed":
        closed = None

    if problems:
        texts = [as_text(c) for c in cells]
        report.reject(RejectedRow(plan.sheet.name, number, plan.headers, texts, problems))
        return None
    assert introduced is not None and neighbourhood_id is not None
    _, notes = cell("notes")
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
        notes=as_text(notes) if not is_blank(notes) else "",
        key=row_key(name, dob, introduced),
    )


@dataclass
class SheetPreview:
    name: str
    header_row: int | None
    headers: list[str]
    fields: list[str | None]
    samples: list[list[str]]
    """Up to three sample values per column."""
    skipped: str = ""


def preview(
    path: Path | str, *, context: Context, mapping: Mapping | None = None, name: str | None = None
) -> list[SheetPreview]:
    """Each sheet's header row, suggested fields and a few values: for a person to check."""
    mapping = mapping or Mapping()
    try:
        workbook = open_workbook(path, name)
        previews = []
        for sheet in workbook.sheets:
            plan = plan_sheet(sheet, mapping, context)
            if isinstance(plan, str):
                previews.append(SheetPreview(sheet.name, None, [], [], [], skipped=plan))
                continue
            rows = [r for _, r in islice(plan.rows, 10) if any(not is_blank(c) for c in r)][:3]
            samples = [
                [as_text(r[i]) for r in rows if i < len(r) and not is_blank(r[i])]
                for i in range(len(plan.headers))
            ]
            previews.append(
                SheetPreview(sheet.name, plan.header_row, plan.headers, plan.fields, samples)
            )
    except UnreadableFile as exc:
        raise ImportFailed(str(exc)) from exc
    return previews
