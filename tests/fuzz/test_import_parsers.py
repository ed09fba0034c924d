"""Fuzzing the spreadsheet import: readers, cell parsers and the ``lac import`` command.

Whatever a coordinator's spreadsheet holds, a cell is read or reported as a
problem with the cell, a file is read or refused in one line, and an import
either stores everything it reports or nothing at all.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import date

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from lac.casework.models import Introduction
from lac.imports import values
from lac.imports.readers import UnreadableFile, open_workbook
from lac.people.models import Person

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SLOW_FUZZ = settings(FUZZ, max_examples=25)

TODAY = date(2026, 11, 25)

date_like_text = st.from_regex(
    r"\A\s?\d{1,4}([/.\- ])\d{1,2}\1\d{1,4}\s?\Z|\A\d{1,2} [A-Za-z]{3,9} \d{2,4}\Z"
)
cells = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats()
    | st.text(max_size=30)
    | date_like_text
    | st.dates()
    | st.datetimes()
    | st.sampled_from(["inf", "-inf", "nan", "1e400", "²", "٣", "31/02/1950", "0", "  "])
)


def parses_or_problem(parse, *args, **kwargs):
    try:
        return parse(*args, **kwargs)
    except values.Problem as problem:
        assert str(problem), "a problem must say what is wrong with the cell"
        return None


@FUZZ
@given(cells)
@example("²")  # a digit int() refuses: was a ValueError that failed the whole import
@example(float("nan"))
@example(float("inf"))  # was an OverflowError
def test_any_cell_is_a_date_or_a_problem(cell):
    parsed = parses_or_problem(values.parse_date, cell)
    assert parsed is None or isinstance(parsed, date)


@FUZZ
@given(cells, st.none() | st.integers(min_value=-5, max_value=200))
def test_any_cell_is_a_birth_date_or_a_problem(cell, age):
    parsed = parses_or_problem(values.parse_birth_date, cell, today=TODAY, age=age)
    assert parsed is None or parsed <= TODAY


@FUZZ
@given(cells)
@example("inf")  # was an OverflowError that failed the whole import
@example(float("-inf"))
def test_any_cell_is_an_age_or_a_problem(cell):
    parsed = parses_or_problem(values.parse_age, cell)
    assert parsed is None or parsed[1] in {"under_18", "18_30", "31_64", "65_79", "80_plus"}


@FUZZ
@given(cells)
def test_any_cell_is_a_postcode_or_a_problem_and_names_never_fail(cell):
    parses_or_problem(values.parse_postcode, cell)
    assert isinstance(values.clean_name(cell), str)
    assert isinstance(values.neighbourhood_key(cell if not isinstance(cell, list) else ""), str)


# --- Files -----------------------------------------------------------------------


def read_all(path):
    """Open a file as the import does and read every row, or refuse it in one line."""
    try:
        book = open_workbook(path)
        return sum(1 for sheet in book.sheets for _row in sheet.rows())
    except UnreadableFile as refusal:
        message = str(refusal)
        assert message and "\n" not in message
        return None


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".xls", ".ods"])
@SLOW_FUZZ
@given(content=st.binary(max_size=3000))
@example(content=b"PK\x03\x04" + b"\x00" * 100)
@example(content=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 100)
@example(content=b"\xef\xbb\xbfName,DOB\n\x00\x00")
def test_random_bytes_are_read_or_refused_in_one_line(tmp_path_factory, suffix, content):
    path = tmp_path_factory.mktemp("fuzz") / f"sheet{suffix}"
    path.write_bytes(content)
    read_all(path)


# --- The command: all or nothing -------------------------------------------------

HEADERS = [
    "Name",
    "DOB",
    "Age",
    "Ward",
    "Date introduced",
    "Introduced by",
    "Level",
    "Status",
    "Closed date",
    "Postcode",
    "Notes",
]
noise = st.one_of(
    st.text(max_size=25),
    date_like_text,
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.sampled_from(["inf", "nan", "²", "31/02/1950", "L3", "", "\u202e", "=1+1"]),
)


def uk_dates(start: date, end: date):
    return st.dates(start, end).map(lambda d: d.strftime("%d/%m/%Y"))


birth_date = uk_dates(date(1920, 1, 1), date(2008, 1, 1))
work_date = uk_dates(date(2020, 4, 1), date(2026, 11, 1))
PLAUSIBLE = {
    "Name": st.from_regex(r"\A[A-Z][a-z]{2,8} [A-Z][a-z]{2,10}\Z"),
    "DOB": birth_date | st.just(""),
    "Age": st.just(""),
    "Ward": st.sampled_from(["North", "South", "north ward", "Elsewhere"]),
    "Date introduced": work_date,
    "Introduced by": st.sampled_from(["GP", "Self", "Council", "Police", "Mrs Jones"]),
    "Level": st.sampled_from(["1", "2", "L2", "one-off", "Level 1"]),
    "Status": st.sampled_from(["Active", "Closed", "Paused", ""]),
    "Closed date": work_date | st.just(""),
    "Postcode": st.sampled_from(["DE1 1AA", "de11aa", ""]),
    "Notes": st.text(max_size=40),
}


@st.composite
def row_for(draw, header):
    """Plausible cells, with up to two of them replaced by noise."""
    row = [draw(PLAUSIBLE[column]) for column in header]
    for index in draw(st.sets(st.integers(0, len(header) - 1), max_size=2)):
        row[index] = draw(noise)
    return row


counter = itertools.count()


def csv_bytes(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", errors="surrogatepass")


def import_once(capsys, path) -> dict | None:
    """Run ``lac import``; the report, or None when it stopped with exit status 2."""
    try:
        call_command("import", str(path), "--programme", "a", "--format", "json")
    except SystemExit as stop:
        err = capsys.readouterr().err
        assert stop.code == 2
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "could not be imported (" not in err, f"an unexpected error: {err}"
        return None
    return json.loads(capsys.readouterr().out)


@SLOW_FUZZ
@given(data=st.data(), header=st.permutations(HEADERS))
def test_the_import_stores_exactly_what_it_reports_or_nothing(
    world, capsys, tmp_path_factory, data, header
):
    rows = data.draw(st.lists(row_for(header), min_size=1, max_size=6))
    path = tmp_path_factory.mktemp("fuzz") / f"sheet{next(counter)}.csv"
    try:
        path.write_bytes(csv_bytes(header, rows))
    except UnicodeEncodeError:
        return
    people, introductions = Person.objects.count(), Introduction.objects.count()
    report = import_once(capsys, path)
    if report is None:
        event("refused")
        assert (Person.objects.count(), Introduction.objects.count()) == (people, introductions)
        return
    event("imported some people" if report["created"]["people"] else "imported nobody")
    assert Person.objects.count() == people + report["created"]["people"]
    assert Introduction.objects.count() == introductions + report["created"]["introductions"]
    assert report["rows"] <= len(rows)


@SLOW_FUZZ
@given(content=st.binary(max_size=2000))
def test_the_command_refuses_random_bytes_in_one_line_and_writes_nothing(
    world, capsys, tmp_path_factory, content
):
    path = tmp_path_factory.mktemp("fuzz") / f"file{next(counter)}.xlsx"
    path.write_bytes(content)
    people = Person.objects.count()
    report = import_once(capsys, path)
    if report is None:
        assert Person.objects.count() == people
    else:
        assert Person.objects.count() == people + report["created"]["people"]
