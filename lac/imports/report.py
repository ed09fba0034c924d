"""What an import did or would do: counts, duplicates, rejected rows, and the XLSX error report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from io import BytesIO
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext

from lac.lib.cells import safe_row

MAX_KEPT_REJECTED_ROWS = 50_000
"""Rejected rows kept with all their cells for the XLSX error report."""
PROBLEMS_SHOWN = 200
"""Problems listed on the page; the XLSX error report has them all."""
PEOPLE_LISTED = 200
"""People linked from the page of an import, of those it created or updated."""


DATED = {
    "first": lambda n: ngettext(
        "First assessments dated at the %(rule)s: %(count)s row",
        "First assessments dated at the %(rule)s: %(count)s rows",
        n,
    ),
    "latest": lambda n: ngettext(
        "Latest assessments dated at the %(rule)s: %(count)s row",
        "Latest assessments dated at the %(rule)s: %(count)s rows",
        n,
    ),
}
"""A line of the report for each date rule the assessments took (the rules are
``lac.imports.rowcheck``'s, marked there for translation)."""


@dataclass
class CellProblem:
    sheet: str
    row: int
    column: str
    """The header as written in the file (the field's label when the column is missing)."""
    letter: str
    value: str
    problem: str

    def __post_init__(self) -> None:
        # The shared rules' messages are lazy (translated when shown); a report is
        # stored as JSON and read in the language it was made in, so it holds text.
        self.problem = str(self.problem)


@dataclass
class RejectedRow:
    sheet: str
    row: int
    headers: list[str]
    cells: list[str]
    problems: list[tuple[int | None, CellProblem]]
    """(index of the offending cell in ``cells``, problem)."""


@dataclass
class Report:
    file: str
    dry_run: bool
    rows: int = 0
    created_people: int = 0
    created_introductions: int = 0
    created_conversations: int = 0
    created_assessments: int = 0
    created_avoided_services: int = 0
    created_outcome_events: int = 0
    updated_people: int = 0
    unchanged: int = 0
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    unmapped_columns: list[str] = field(default_factory=list)
    unmapped_values: dict[str, list[str]] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)
    rejected_rows: list[RejectedRow] = field(default_factory=list)
    sheets: list[dict[str, Any]] = field(default_factory=list)
    """Per sheet: name, header row, rows, or why it was skipped (text and browser only)."""
    duplicate_people: list[int | None] = field(default_factory=list)
    """Per entry of ``duplicates``: the person the row's introduction went to."""
    created_person_ids: list[int] = field(default_factory=list)
    updated_person_ids: list[int] = field(default_factory=list)
    assessment_dates: dict[str, dict[str, int]] = field(default_factory=dict)
    """"first"/"latest" → which date each assessment took (the column or a fallback) → rows."""
    closed_without_reason: int = 0
    """Closures brought in with no reason recorded: the closure rule allows them from a
    record kept before lac (``lac.casework.services.closure_without_reason``), and the
    report says how many, for someone to add the reasons."""
    closed_next_contact: int = 0
    """Closed rows whose next contact date was not kept: a walk that has ended has no
    conversation planned (``lac.casework.services.person_status_fields``)."""

    def as_json(self) -> dict[str, Any]:
        """Exactly the object IMPORT-SPEC.md describes, nothing more."""
        return {
            "file": self.file,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": {
                "people": self.created_people,
                "introductions": self.created_introductions,
                "conversations": self.created_conversations,
                "assessments": self.created_assessments,
            },
            "updated": {"people": self.updated_people},
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "unmapped_columns": self.unmapped_columns,
            "unmapped_values": self.unmapped_values,
        }

    def for_page(self) -> dict[str, Any]:
        """The JSON report with what the pages list: every problem of the first rows left
        out (the JSON names only each row's first), which date rule each assessment took,
        and, once imported, the people to look at."""
        page = {
            **self.as_json(),
            "problems": [asdict(problem) for problem in self.problems[:PROBLEMS_SHOWN]],
            "problem_count": len(self.problems),
            "assessment_dates": self.assessment_date_lines(),
            "closed_without_reason": self.closed_without_reason,
            "closed_next_contact": self.closed_next_contact,
            # Beyond IMPORT-SPEC's "created": records the page and the button also name.
            "recorded": {
                "outcome_events": self.created_outcome_events,
                "services_avoided": self.created_avoided_services,
            },
        }
        if not self.dry_run:
            page["review"] = [
                {**duplicate, "person_id": person_id}
                for duplicate, person_id in zip(
                    self.duplicates[:PROBLEMS_SHOWN], self.duplicate_people, strict=False
                )
            ]
            page["people"] = {
                "created": self.created_person_ids[:PEOPLE_LISTED],
                "updated": self.updated_person_ids[:PEOPLE_LISTED],
            }
        return page

    def add_duplicate(self, sheet: str, row: int, matches: str, person_id: int | None) -> int:
        """List a row that matched someone; returns its place, to name the person later."""
        self.duplicates.append({"sheet": sheet, "row": row, "matches": matches})
        self.duplicate_people.append(person_id)
        return len(self.duplicates) - 1

    def reject(self, rejected: RejectedRow) -> None:
        first = rejected.problems[0][1]
        self.rejected.append(
            {
                "sheet": rejected.sheet,
                "row": rejected.row,
                "column": first.column,
                "value": first.value,
                "problem": first.problem,
            }
        )
        self.problems.extend(problem for _, problem in rejected.problems)
        if len(self.rejected_rows) < MAX_KEPT_REJECTED_ROWS:
            self.rejected_rows.append(rejected)

    def add_unmapped_value(self, field_name: str, value: str) -> None:
        known = self.unmapped_values.setdefault(field_name, [])
        if value not in known:
            known.append(value)

    def count_assessment_date(self, moment: str, rule: str) -> None:
        rules = self.assessment_dates.setdefault(moment, {})
        rules[rule] = rules.get(rule, 0) + 1

    def assessment_date_lines(self) -> list[str]:
        """ "First assessments dated at the date introduced: 12 rows", one line per rule."""
        return [
            DATED[moment](count) % {"rule": gettext(rule), "count": f"{count:,}"}
            for moment, rules in self.assessment_dates.items()
            for rule, count in rules.items()
        ]

    def add_unmapped_column(self, header: str) -> None:
        if header not in self.unmapped_columns:
            self.unmapped_columns.append(header)

    def as_text(self) -> str:
        done = "that would be " if self.dry_run else ""
        lines = [
            f"{self.file}: {self.rows} rows"
            + (" (dry run: nothing written)" if self.dry_run else ""),
            f"  people {done}created: {self.created_people}",
            f"  introductions {done}created: {self.created_introductions}",
            f"  conversations {done}created: {self.created_conversations}",
            f"  assessments {done}created: {self.created_assessments}",
            f"  services avoided {done}recorded: {self.created_avoided_services}",
            f"  outcomes (what changed) {done}recorded: {self.created_outcome_events}",
            f"  people {done}updated: {self.updated_people}",
            f"  rows unchanged: {self.unchanged}",
            f"  duplicates to review: {len(self.duplicates)}",
            f"  rows rejected: {len(self.rejected)}",
        ]
        if self.closed_without_reason:
            lines.append(f"  closed without a reason recorded: {self.closed_without_reason}")
        if self.closed_next_contact:
            lines.append(f"  next contact not kept on closed rows: {self.closed_next_contact}")
        lines.extend("  " + line for line in self.assessment_date_lines())
        for sheet in self.sheets:
            if sheet.get("skipped"):
                lines.append(f"  sheet {sheet['name']!r} skipped: {sheet['skipped']}")
        if self.unmapped_columns:
            lines.append("Columns not imported: " + ", ".join(self.unmapped_columns))
        for field_name, values in self.unmapped_values.items():
            lines.append(f"Values of {field_name} not recognised: " + ", ".join(values))
        if self.duplicates:
            lines.append("Duplicates (added to the person they match):")
            lines.extend(
                f"  {d['sheet']} row {d['row']}: matches {d['matches']}"
                for d in self.duplicates[:50]
            )
            if len(self.duplicates) > 50:
                lines.append(f"  … and {len(self.duplicates) - 50} more")
        if self.problems:
            lines.append("Problems (the whole row is left out):")
            lines.extend(
                f"  {p.sheet} row {p.row}, {p.column} {p.value!r}: {p.problem}"
                for p in self.problems[:200]
            )
            if len(self.problems) > 200:
                lines.append(f"  … and {len(self.problems) - 200} more (see the XLSX error report)")
        return "\n".join(lines)


COUNTED = {
    "people": lambda n: ngettext("%(count)s person", "%(count)s people", n),
    "introductions": lambda n: ngettext("%(count)s introduction", "%(count)s introductions", n),
    "assessments": lambda n: ngettext("%(count)s assessment", "%(count)s assessments", n),
    "conversations": lambda n: ngettext("%(count)s conversation", "%(count)s conversations", n),
    "outcome_events": lambda n: ngettext("%(count)s outcome", "%(count)s outcomes", n),
    "services_avoided": lambda n: ngettext(
        "%(count)s service avoided", "%(count)s services avoided", n
    ),
    "rows": lambda n: ngettext("%(count)s row", "%(count)s rows", n),
}
"""Each kind of record counted, worded for the number (Welsh has six forms)."""


def counted(number: int, kind: str) -> str:
    return COUNTED[kind](number) % {"count": f"{number:,}"}


def what_will_happen(report: dict[str, Any]) -> str:
    """The import button's words, from the trial run: "Create 2 people and 9
    introductions, update 1 person, leave out 6 rows"."""
    created = {**report.get("created", {}), **report.get("recorded", {})}
    made = [
        counted(created[key], key)
        for key in (
            "people",
            "introductions",
            "assessments",
            "conversations",
            "outcome_events",
            "services_avoided",
        )
        if created.get(key)
    ]
    parts = []
    if made:
        parts.append(gettext("Create %(things)s") % {"things": get_text_list(made, gettext("and"))})
    if updated := report.get("updated", {}).get("people", 0):
        people = {"people": counted(updated, "people")}
        parts.append(
            (gettext("update %(people)s") if parts else gettext("Update %(people)s")) % people
        )
    if not parts:
        return gettext("Import: nothing new to add")
    if rejected := len(report.get("rejected", ())):
        parts.append(gettext("leave out %(rows)s") % {"rows": counted(rejected, "rows")})
    return ", ".join(parts)


def error_workbook(report: Report) -> bytes:
    """An XLSX with every problem listed, and each rejected row with its offending cells in red."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    red = PatternFill("solid", fgColor="F4B6B6")
    bold = Font(bold=True)
    book = Workbook(write_only=False)
    summary = book.active
    problems = gettext("Problems")
    summary.title = problems
    summary.append(
        [gettext("Sheet"), gettext("Row"), gettext("Column"), gettext("Value"), gettext("Problem")]
    )
    for cell in summary[1]:
        cell.font = bold
    for problem in report.problems:
        summary.append(
            safe_row([problem.sheet, problem.row, problem.column, problem.value, problem.problem])
        )
    summary.freeze_panes = "A2"
    for letter, width in zip("ABCDE", (16, 8, 24, 24, 60), strict=True):
        summary.column_dimensions[letter].width = width

    by_sheet: dict[str, list[RejectedRow]] = {}
    for rejected in report.rejected_rows:
        by_sheet.setdefault(rejected.sheet, []).append(rejected)
    used_titles = {problems}
    for sheet_name, rows in by_sheet.items():
        title = unique_title(gettext("Rejected - %(sheet)s") % {"sheet": sheet_name}, used_titles)
        sheet = book.create_sheet(title)
        sheet.append(safe_row([gettext("Row"), *rows[0].headers]))
        for cell in sheet[1]:
            cell.font = bold
        for rejected in rows:
            sheet.append(safe_row([rejected.row, *rejected.cells]))
            line = sheet.max_row
            for index, problem in rejected.problems:
                column = 1 if index is None else index + 2
                cell = sheet.cell(row=line, column=column)
                cell.fill = red
                cell.comment = Comment(problem.problem, "lac")
        sheet.freeze_panes = "B2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def unique_title(title: str, used: set[str]) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    base = title[:31]
    candidate, n = base, 2
    while candidate in used:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate
