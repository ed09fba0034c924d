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

import gc
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, Protocol

from django.db import DatabaseError, transaction
from django.utils.translation import gettext

from lac.imports.bulk import saving_cache
from lac.imports.fields import CATEGORY_FIELDS, IGNORE, normalise, parse_score_field
from lac.imports.mapping import Mapping, suggest, suggest_from_header
from lac.imports.readers import Cell, Sheet, UnreadableFile, as_text, open_workbook
from lac.imports.recordcheck import RecordRow, check_record
from lac.imports.report import Report
from lac.imports.rowcheck import Context, Row, check_row
from lac.imports.sheets import INTRODUCTIONS, KIND_LABELS, fields_for, sheet_kind
from lac.imports.values import is_blank

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


class Store(Protocol):
    def process(self, rows: list[Row] | list[RecordRow], report: Report) -> None: ...


@dataclass
class SheetPlan:
    sheet: Sheet
    header_row: int
    headers: list[str]
    fields: list[str | None]
    rows: Iterator[tuple[int, list[Cell]]]
    kind: str = INTRODUCTIONS
    """What the sheet holds (:mod:`lac.imports.sheets`)."""
    positions: dict[str, int] = field(default_factory=dict)
    score_columns: list[tuple[int, str, str]] = field(default_factory=list)
    """(position, life area key, moment) of each progress score column, worked out once
    for the sheet rather than for every row."""

    category_columns: list[tuple[str, int]] = field(default_factory=list, init=False)
    """(field, position) of each category column the sheet has, in ``CATEGORY_FIELDS``'s order."""
    seen: dict[tuple[str, type, Cell], Any] = field(default_factory=dict, init=False)
    """What a check worked out from a cell's value alone (a category's code, a list cell's
    codes), by (field, the value's type, the value): asked once for each value a column
    holds, not for every row (``RowCheck.category_code``, ``RowCheck.listed``). Its type is in
    the key because equal values of different types (True and 1) read differently."""
    named_headers: list[tuple[int, str]] = field(default_factory=list, init=False)
    """(position, text) of the first three headers that have text: a row repeating them
    is the header again."""

    def __post_init__(self) -> None:
        self.named_headers = [(i, h) for i, h in enumerate(self.headers[:3]) if h]
        for position, name in enumerate(self.fields):
            if name is not None:
                self.positions.setdefault(name, position)
                if score := parse_score_field(name):
                    self.score_columns.append((position, *score))
        self.category_columns = [
            (name, self.positions[name]) for name in CATEGORY_FIELDS if name in self.positions
        ]

    def once(self, field_name: str, value: Cell, work: Callable[[], Any]) -> Any:
        """What ``work`` works out from a cell's value alone, worked out once for each value
        the column holds (:attr:`seen`)."""
        key = (field_name, value.__class__, value)
        if key not in self.seen:
            self.seen[key] = work()
        return self.seen[key]

    def index(self, field_name: str) -> int | None:
        return self.positions.get(field_name)

    def is_header_again(self, cells: list[Cell]) -> bool:
        named = self.named_headers
        return bool(named) and all(i < len(cells) and as_text(cells[i]) == h for i, h in named)

    @property
    def has_name(self) -> bool:
        """Whether its rows say who they are about: a record sheet may say it by ID alone."""
        names: tuple[str, ...] = ("name", "surname", "first_name")
        if self.kind != INTRODUCTIONS:
            names += ("record_id",)
        return any(f in self.fields for f in names)


def header_score(row: list[Cell], mapping: Mapping, context: Context) -> int:
    score = 0
    for cell in row:
        text = as_text(cell)
        if not text or len(text) > 60:
            continue
        key = normalise(text)
        target = mapping.columns.get(key) or suggest_from_header(text, context.area_names)
        if target and target != IGNORE:
            score += 1
    return score


def plan_sheet(sheet: Sheet, mapping: Mapping, context: Context) -> SheetPlan | str:
    """Find the header row and map the columns; or say why the sheet is skipped."""
    rows = sheet.rows()
    head = list(islice(rows, HEADER_SCAN_ROWS))
    non_empty = [(n, r) for n, r in head if any(not is_blank(c) for c in r)]
    if not non_empty:
        return gettext("empty")
    best_index, best_score = -1, 0
    for index, (_, row) in enumerate(head):
        score = header_score(row, mapping, context)
        if score > best_score:
            best_index, best_score = index, score
    if best_score == 0:
        return gettext("no recognisable column headers")
    header_number, header_cells = head[best_index]
    after = head[best_index + 1 :]
    if len(after) < SAMPLE_ROWS:
        after.extend(islice(rows, SAMPLE_ROWS - len(after)))
    headers = [as_text(c) for c in header_cells]
    samples = [r for _, r in after if any(not is_blank(c) for c in r)]
    fields = suggest(
        headers,
        samples,
        mapping=mapping,
        neighbourhood_keys=set(context.neighbourhoods),
        areas=context.area_names,
    )
    kind = sheet_kind(headers, fields)
    fields = fields_for(kind, headers, fields)
    return SheetPlan(sheet, header_number, headers, fields, chain(after, rows), kind)


@contextmanager
def old_objects_set_aside() -> Iterator[Callable[[], None]]:
    """Keep the garbage collector's full passes off what the import has finished building.

    Python's full collection walks every container object the process holds, and it runs
    again each time the objects that survived grow by a quarter: an import holding the
    people index, the rows' keys and the report for 100,000 rows would have it walk
    them a dozen times, along with everything Django loaded, seconds of CPU that find
    nothing (those objects are alive until the import ends). The yielded function,
    called after each batch, sets aside (``gc.freeze``) everything alive so far, so the
    collector only walks what the import made since; at the end it all goes back into
    ordinary collection (``gc.unfreeze``), so a cycle left among them is still freed.
    Reference counting, which frees almost everything an import discards, is untouched.
    A process that has set objects aside itself (a server preloading its code) keeps
    them so: its import is collected as usual.
    """
    if gc.get_freeze_count():
        yield lambda: None
        return
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


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
    with (
        tempfile.TemporaryFile(prefix="lac-import-") as staged,
        old_objects_set_aside() as set_aside,
    ):
        try:
            batches, valid, any_names = read_sheets(
                workbook.sheets, staged, context, mapping, report, batch_size, progress, set_aside
            )
        except UnreadableFile as exc:
            raise ImportFailed(str(exc)) from exc
        if not any_names:
            raise ImportFailed(
                gettext("%(file)s: no recognisable columns (no sheet has a name column)")
                % {"file": workbook.name}
            )
        progress.saving(0, valid)
        staged.seek(0)
        try:
            with saving_cache(), transaction.atomic():
                done = 0
                for _ in range(batches):
                    if done:
                        progress.saving(done, valid)
                    batch = pickle.load(staged)  # noqa: S301 (our own file, written above)
                    store.process(batch, report)
                    done += len(batch)
                    del batch
                    set_aside()
                if dry_run:
                    transaction.set_rollback(True)
                elif before_commit is not None:
                    before_commit(report)
        except DatabaseError as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ImportFailed(
                gettext("%(file)s: the database refused a write, so nothing was imported (%(why)s)")
                % {"file": workbook.name, "why": message}
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
    set_aside: Callable[[], None],
) -> tuple[int, int, bool]:
    """Check every row, pickling the valid ones to ``staged`` a batch at a time (never
    across sheets), then setting aside what is alive (:func:`old_objects_set_aside`).
    Returns (batches, valid rows, whether any sheet has a name column)."""
    any_names = False
    reading = _Reading(staged, batch_size, progress, set_aside, sum(s.size() for s in sheets))
    progress.reading(0, reading.total)
    for sheet, size, plan in _in_reading_order(sheets, mapping, context):
        if isinstance(plan, str):
            report.sheets.append({"name": sheet.name, "skipped": plan})
        else:
            any_names = any_names or plan.has_name
            _read_sheet(sheet, plan, context, mapping, report, reading)
        reading.before += size
    progress.reading(reading.total, reading.total)
    return reading.batches, reading.valid, any_names


@dataclass
class _Reading:
    """How far reading has got: the valid rows staged so far, and the rows read for the
    progress (``before``: the rows of the sheets already read, of about ``total``)."""

    staged: IO[bytes]
    batch_size: int
    progress: Progress
    set_aside: Callable[[], None]
    total: int
    before: int = 0
    batches: int = 0
    valid: int = 0

    def reached(self, number: int) -> None:
        self.progress.reading(self.before + number, self.total)

    def stage(self, batch: list[Row] | list[RecordRow]) -> None:
        pickle.dump(batch, self.staged, protocol=pickle.HIGHEST_PROTOCOL)
        self.batches += 1
        self.valid += len(batch)
        self.set_aside()


def _in_reading_order(
    sheets: list[Sheet], mapping: Mapping, context: Context
) -> Iterator[tuple[Sheet, int, SheetPlan | str]]:
    """Each sheet with its size and its plan (or why it is skipped), introductions first:
    the other sheets' rows are joined to the people they make, so those sheets are
    planned again once the introductions are read. The size is taken before planning,
    while a workbook's sheet is still loaded (reading its rows lets it go)."""
    later = []
    for sheet in sheets:
        size = sheet.size()
        plan = plan_sheet(sheet, mapping, context)
        if isinstance(plan, str) or plan.kind == INTRODUCTIONS:
            yield sheet, size, plan
        else:
            later.append(sheet)
    for sheet in later:
        size = sheet.size()
        yield sheet, size, plan_sheet(sheet, mapping, context)


def _read_sheet(
    sheet: Sheet,
    plan: SheetPlan,
    context: Context,
    mapping: Mapping,
    report: Report,
    reading: _Reading,
) -> None:
    """Check one sheet's rows, staging the valid ones, and add the sheet to the report."""
    for header, target in zip(plan.headers, plan.fields, strict=True):
        if header and target is None:
            report.add_unmapped_column(header)
    counted = report.rows
    batch: list[Any] = []
    batch_size = reading.batch_size
    alike: dict[str, int] = {}
    for number, cells in plan.rows:
        if number % PROGRESS_EVERY == 0:
            reading.reached(number)
        if all(is_blank(c) for c in cells):
            continue
        if plan.is_header_again(cells):
            continue  # the header repeated further down
        report.rows += 1
        row: Row | RecordRow | None
        if plan.kind == INTRODUCTIONS:
            row = check_row(plan, number, cells, context, mapping, report)
        else:
            row = check_record(plan, plan.kind, number, cells, context, mapping, report, alike)
        if row is not None:
            batch.append(row)
            if len(batch) >= batch_size:
                reading.stage(batch)
                batch = []
    if batch:
        reading.stage(batch)
    report.sheets.append(
        {
            "name": sheet.name,
            "header_row": plan.header_row,
            "rows": report.rows - counted,
            "kind": plan.kind,
        }
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
    kind: str = INTRODUCTIONS

    @property
    def holds(self) -> str:
        return str(KIND_LABELS[self.kind])


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
                SheetPreview(
                    sheet.name, plan.header_row, plan.headers, plan.fields, samples, kind=plan.kind
                )
            )
    except UnreadableFile as exc:
        raise ImportFailed(str(exc)) from exc
    return previews
