"""What a sheet of a workbook holds, told from its columns.

A coordinator's workbook is more than one sheet of introductions. Beside it
there may be a contacts log (one row per conversation), a sheet of outcomes
(one row per change in someone's life) and a sheet of services avoided (one
row per service, with its quantity, date and confidence). Each of these joins
to the people of the introductions by the sheet's own ID column, or by name
and date of birth, so they are read after every sheet of introductions.

Plain data, no Django.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from lac.imports.fields import IGNORE, normalise, parse_score_field

INTRODUCTIONS = "introductions"
CONTACTS = "contacts"
OUTCOMES = "outcomes"
AVOIDED = "avoided"

KIND_LABELS = {
    INTRODUCTIONS: _("introductions, one a row"),
    CONTACTS: _("a contacts log, one conversation a row"),
    OUTCOMES: _("outcomes, one change in someone's life a row"),
    AVOIDED: _("services avoided, one service a row"),
}
WHO = ("name", "first_name", "surname", "date_of_birth", "record_id", "coordinator")
"""The columns by which a row of any sheet is joined to its person."""
USES: dict[str, frozenset[str]] = {
    CONTACTS: frozenset(
        {*WHO, "contact_date", "contact_mode", "duration", "notes", "next_contact"}
    ),
    OUTCOMES: frozenset({*WHO, "outcomes", "outcome_date", "notes"}),
    AVOIDED: frozenset(
        {*WHO, "services_avoided", "avoided_quantity", "avoided_date", "confidence", "notes"}
    ),
}
"""The fields each kind of record sheet reads; its other columns are listed as not imported."""
RECORD_DATE = {CONTACTS: "contact_date", OUTCOMES: "outcome_date", AVOIDED: "avoided_date"}
"""The date of one row of each kind of record sheet; a column headed just "Date" is it."""
ROW_DATES = {INTRODUCTIONS: "introduction_date", **RECORD_DATE}
"""Each kind of sheet's own date: what a column headed just "Date" means there."""
ONLY_IN_INTRODUCTIONS = frozenset(
    {"introduction_date", "source", "level", "status", "closed_date", "closure_reason"}
)


def sheet_kind(headers: Sequence[str], fields: Sequence[str | None]) -> str:
    """Which kind of sheet these columns make.

    A column headed just "Date" is not evidence either way (the mapping calls it
    the date introduced); any column that only an introduction has makes the
    sheet one of introductions.
    """
    named = {
        f
        for header, f in zip(headers, fields, strict=True)
        if f and f != IGNORE and parse_score_field(f) is None and normalise(header) != "date"
    }
    if named & ONLY_IN_INTRODUCTIONS:
        return INTRODUCTIONS
    if named & {"contact_date", "contact_mode", "duration"}:
        return CONTACTS
    if named & {"avoided_quantity", "avoided_date", "confidence"} or (
        "services_avoided" in named and "outcomes" not in named
    ):
        return AVOIDED
    if named & {"outcomes", "outcome_date"}:
        return OUTCOMES
    return INTRODUCTIONS


def fields_for(kind: str, headers: Sequence[str], fields: Sequence[str | None]) -> list[str | None]:
    """The columns' fields as a sheet of this kind reads them.

    A column headed just "Date" is the row's own date, whichever date a mapping
    made for another sheet's "Date" calls it (one mapping serves every sheet);
    a field the kind does not use is left unmapped, so listed as not imported.
    """
    used = USES.get(kind)
    resolved: list[str | None] = []
    for header, field in zip(headers, fields, strict=True):
        if field in ROW_DATES.values() and normalise(header) == "date":
            field = ROW_DATES[kind]
        if used is not None and field not in (None, IGNORE) and field not in used:
            field = None
        resolved.append(field)
    return resolved
