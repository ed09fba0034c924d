"""``lac import FILE …``, held to IMPORT-SPEC.md: the JSON, the exit status, and what is stored."""

import gc
import json
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection

from lac.audit.actor import Actor
from lac.casework.models import Conversation, Introduction, StatusChange
from lac.casework.services import person_introduce
from lac.cli import main as lac_main
from lac.imports import bulk
from lac.imports.models import ImportedRow
from lac.imports.store import CaseworkStore
from lac.lib.rules import dates
from lac.people.models import Person
from tests.imports import workbooks

INTRO = dates.INTRODUCTION.what
SPEC_KEYS = [
    "file",
    "dry_run",
    "rows",
    "created",
    "updated",
    "unchanged",
    "duplicates",
    "rejected",
    "unmapped_columns",
    "unmapped_values",
]


def run(capsys, path, *args):
    call_command("import", str(path), "--programme", "a", "--format", "json", *args)
    return json.loads(capsys.readouterr().out)


def fails(capsys, *argv):
    with pytest.raises(SystemExit) as exit_:
        call_command("import", *[str(a) for a in argv])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    return err.strip()


@pytest.fixture
def messy(tmp_path):
    return workbooks.messy_workbook(tmp_path / "messy.xlsx")


def test_the_dry_run_of_the_messy_workbook_reports_exactly_what_would_happen(world, capsys, messy):
    report = run(capsys, messy, "--dry-run")
    assert list(report) == SPEC_KEYS
    assert report["file"] == "messy.xlsx"
    assert report["dry_run"] is True
    assert report["rows"] == 15
    assert report["created"] == {
        "people": 7,
        "introductions": 8,
        "conversations": 0,
        "assessments": 0,
    }
    assert report["updated"] == {"people": 0}
    assert report["unchanged"] == 0
    assert report["duplicates"] == [
        {"sheet": "Jo 2021-23", "row": 12, "matches": "row 4"},
        {"sheet": "Sam", "row": 2, "matches": "Jo 2021-23 row 4"},
    ]
    assert [
        (r["sheet"], r["row"], r["column"], r["value"], r["problem"]) for r in report["rejected"]
    ] == [
        ("Jo 2021-23", 7, "D.O.B.", "31/02/1950", "not a real date"),
        ("Jo 2021-23", 8, "Ward", "Narnia", "not a neighbourhood of Programme A"),
        ("Jo 2021-23", 9, "Intro date", "01/01/2099", f"{INTRO} must be today or in the past"),
        (
            "Jo 2021-23",
            10,
            "Intro date",
            "15/03/2019",
            f"{INTRO} must be on or after 1 April 2020, when the programme started",
        ),
        ("Sam", 4, "Age", "70", "does not match the date of birth (age 36)"),
        ("Sam", 5, "DOB", "12/25/1980", "not a real date (day and month the wrong way round?)"),
    ]
    # "Ref" is the sheet's own id for a person, kept to join a contacts log by.
    assert report["unmapped_columns"] == ["Favourite colour"]
    assert report["unmapped_values"] == {"source": ["Mrs Jones"]}


def test_a_dry_run_writes_nothing(world, capsys, messy):
    run(capsys, messy, "--dry-run")
    assert Person.objects.count() == 0
    assert Introduction.objects.count() == 0
    assert ImportedRow.objects.count() == 0


def test_committing_stores_people_with_their_introductions_and_provenance(world, capsys, messy):
    report = run(capsys, messy)
    assert report["dry_run"] is False
    assert report["created"] == {
        "people": 7,
        "introductions": 8,
        "conversations": 0,
        "assessments": 0,
    }
    assert Person.objects.count() == 7
    ann = Person.objects.get(full_name="Ann Example")
    assert ann.date_of_birth == date(1950, 3, 14)
    assert ann.postcode == "DE1 1AA"
    assert ann.neighbourhood == world.north
    assert ann.coordinator == world.alice  # North's coordinator
    intros = list(ann.introductions.order_by("date"))
    assert [(i.source_file, i.source_sheet, i.source_row) for i in intros] == [
        ("messy.xlsx", "Jo 2021-23", 4),
        ("messy.xlsx", "Sam", 2),
    ]
    assert [i.source.code for i in intros] == ["primary-health", "secondary-health"]
    assert ann.level == 2  # the later introduction, at Level 2, is her current state
    bob = Person.objects.get(full_name="Bob Sample")
    assert (bob.status, bob.status_since, bob.level) == ("closed", date(2022, 9, 1), 2)
    closure = StatusChange.objects.get(person=bob, status="closed")
    assert closure.reason.code == "moved-away"
    kit = Person.objects.get(full_name="Kit Jones")
    assert kit.date_of_birth == date(1945, 6, 5)
    assert Person.objects.filter(full_name="Ivy Example").exists()  # the formula's value
    # A note is kept on its introduction, never made into a conversation.
    assert not Conversation.objects.exists()
    assert Introduction.objects.get(imported_note="Met at the library").person.full_name


def test_importing_the_same_file_again_changes_nothing(world, capsys, messy):
    run(capsys, messy)
    counts = (Person.objects.count(), Introduction.objects.count(), StatusChange.objects.count())
    again = run(capsys, messy)
    assert again["created"] == {
        "people": 0,
        "introductions": 0,
        "conversations": 0,
        "assessments": 0,
    }
    assert again["updated"] == {"people": 0}
    assert again["unchanged"] == again["rows"] - len(again["rejected"]) == 9
    assert again["duplicates"] == []
    assert counts == (
        Person.objects.count(),
        Introduction.objects.count(),
        StatusChange.objects.count(),
    )


def test_an_updated_file_applies_only_its_changes(world, capsys, tmp_path):
    first = [
        ["Ann Example", "14/03/1950", "North", "04/05/2021", "GP", "1"],
        ["Bob Sample", "02/11/1948", "South", "04/03/2022", "Self", "1"],
    ]
    run(capsys, workbooks.simple_workbook(tmp_path / "v1.xlsx", first))
    second = [
        ["Ann Example", "14/03/1950", "North", "04/05/2021", "GP", "2"],  # moved to Level 2
        ["Bob Sample", "02/11/1948", "South", "04/03/2022", "Self", "1"],
        ["Cara Tester", "19/07/1963", "South", "19/07/2023", "Police", "1"],  # new
    ]
    report = run(capsys, workbooks.simple_workbook(tmp_path / "v2.xlsx", second))
    assert report["created"]["people"] == 1
    assert report["created"]["introductions"] == 1
    assert report["updated"] == {"people": 1}
    assert report["unchanged"] == 1
    ann = Person.objects.get(full_name="Ann Example")
    assert ann.level == 2
    assert list(ann.level_changes.values_list("level", flat=True).order_by("pk")) == [1, 2]
    assert Person.objects.count() == 3


def test_a_person_already_recorded_gets_the_introduction_not_a_second_record(
    world, capsys, tmp_path
):
    existing = person_introduce(
        full_name="Ann Example",
        neighbourhood=world.north,
        date=date(2021, 1, 5),
        actor=Actor(user=world.alice),
        date_of_birth=date(1950, 3, 14),
    ).person
    rows = [["ann example", "14/03/1950", "North", "04/05/2021", "GP", "1"]]
    report = run(capsys, workbooks.simple_workbook(tmp_path / "ann.xlsx", rows))
    assert report["created"]["people"] == 0
    assert report["created"]["introductions"] == 1
    assert report["duplicates"] == [
        {"sheet": "Sheet1", "row": 2, "matches": f"existing person {existing.pk} (Ann Example)"}
    ]
    assert Person.objects.count() == 1
    assert existing.introductions.count() == 2


def test_a_database_error_half_way_leaves_nothing_written(world, capsys, tmp_path, monkeypatch):
    rows = [
        [f"Person {n} Example", "01/01/1960", "North", "01/05/2021", "GP", "1"] for n in range(5)
    ]
    path = workbooks.simple_workbook(tmp_path / "half.xlsx", rows)
    original = CaseworkStore.write_introductions
    calls = []

    def flaky(self, adds, report):
        calls.append(len(adds))
        if len(calls) == 2:
            raise DatabaseError("disk I/O error")
        return original(self, adds, report)

    monkeypatch.setattr(CaseworkStore, "write_introductions", flaky)
    from lac.imports.engine import run_import

    monkeypatch.setitem(run_import.__kwdefaults__, "batch_size", 2)
    message = fails(capsys, path, "--programme", "a")
    assert "nothing was imported" in message and "disk I/O error" in message
    assert calls == [2, 2]  # the first batch was written before the failure…
    assert Person.objects.count() == 0  # …and rolled back with it
    assert Introduction.objects.count() == 0
    assert ImportedRow.objects.count() == 0
    assert gc.get_freeze_count() == 0  # what the import set aside went back, failed or not


def test_an_import_puts_back_what_it_set_aside_from_the_garbage_collector(world, capsys, messy):
    run(capsys, messy)
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a server that set its own objects aside keeps them so
    try:
        frozen = gc.get_freeze_count()
        assert run(capsys, messy)["unchanged"] > 0
        assert 0 < gc.get_freeze_count() <= frozen  # still set aside, none of the import's
    finally:
        gc.unfreeze()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")
def test_sqlite_saves_an_import_with_a_larger_page_cache_then_has_its_own_back(
    world, capsys, messy, monkeypatch
):
    def cache_size():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    own = cache_size()
    original, seen = CaseworkStore.process, []

    def process(self, rows, report):
        seen.append(cache_size())
        return original(self, rows, report)

    monkeypatch.setattr(CaseworkStore, "process", process)
    assert run(capsys, messy)["created"]["people"] > 0
    assert seen and set(seen) == {-bulk.SAVING_CACHE_KIB}  # KiB, as SQLite counts it
    assert cache_size() == own


def test_ten_thousand_identical_rows_make_one_person(world, capsys, tmp_path):
    path = workbooks.identical_rows(tmp_path / "copied.xlsx")
    report = run(capsys, path)
    assert report["rows"] == 10_000
    assert report["created"] == {
        "people": 1,
        "introductions": 1,
        "conversations": 0,
        "assessments": 0,
    }
    assert len(report["duplicates"]) == 9_999
    assert {d["matches"] for d in report["duplicates"]} == {"row 2"}
    again = run(capsys, path)
    assert again["unchanged"] == 10_000 and again["duplicates"] == []


@pytest.mark.parametrize("maker", [workbooks.csv_utf8_bom, workbooks.csv_windows_1252])
def test_csv_files_import_in_either_encoding(world, capsys, tmp_path, maker):
    report = run(capsys, maker(tmp_path / "people.csv"))
    assert report["rejected"] == []
    assert report["created"]["people"] == 2
    names = set(Person.objects.values_list("full_name", flat=True))
    assert names in ({"Zoë Exemplar", "Siân Mock-Up"}, {"Renée Sample", "Chloë Dummy"})


def test_the_coordinator_option_places_people_in_their_neighbourhood(world, capsys, tmp_path):
    path = workbooks.simple_workbook(
        tmp_path / "alice.xlsx",
        [["Ann Example", "14/03/1950", "04/05/2021"]],
        header=["Name", "DOB", "Date introduced"],
    )
    without = run(capsys, path, "--dry-run")
    assert without["rejected"][0]["problem"] == "no neighbourhood given"
    report = run(capsys, path, "--coordinator", "alice")
    assert report["created"]["people"] == 1
    person = Person.objects.get()
    assert (person.neighbourhood, person.coordinator) == (world.north, world.alice)


def test_a_mapping_file_decides_columns_and_values(world, capsys, tmp_path, messy):
    mapping = tmp_path / "jo.yaml"
    mapping.write_text(
        'columns:\n  "Favourite colour": ignore\n  Ref: ignore\n'
        'values:\n  source:\n    "Mrs Jones": family-friend-neighbour\n'
    )
    report = run(capsys, messy, "--mapping", mapping, "--dry-run")
    assert report["unmapped_columns"] == []
    assert report["unmapped_values"] == {}


def test_a_mapping_file_that_is_wrong_stops_with_one_line(world, capsys, tmp_path, messy):
    mapping = tmp_path / "bad.yaml"
    mapping.write_text("columns:\n  Ward: favourite_colour\n")
    assert "unknown field 'favourite_colour'" in fails(
        capsys, messy, "--programme", "a", "--mapping", mapping
    )


def test_sheets_that_are_empty_or_only_headers_import_nothing_and_succeed(world, capsys, tmp_path):
    path = workbooks.simple_workbook(tmp_path / "blank.xlsx", [])
    report = run(capsys, path)
    assert report["rows"] == 0
    assert report["created"] == {
        "people": 0,
        "introductions": 0,
        "conversations": 0,
        "assessments": 0,
    }


@pytest.mark.parametrize(
    ("maker", "message"),
    [
        (workbooks.png_renamed, "not a spreadsheet (it looks like a PNG image)"),
        (workbooks.truncated, "damaged or incomplete"),
    ],
)
def test_files_that_cannot_be_read_exit_2_with_one_line(world, capsys, tmp_path, maker, message):
    path = maker(tmp_path / "broken.xlsx")
    assert message in fails(capsys, path, "--programme", "a")


def test_no_recognisable_columns_exits_2(world, capsys, tmp_path):
    path = workbooks.simple_workbook(tmp_path / "odd.xlsx", [["x", "y"]], header=["Foo", "Bar"])
    assert "no recognisable columns" in fails(capsys, path, "--programme", "a")


def test_unknown_programme_or_coordinator_exits_2(world, capsys, messy):
    assert "unknown programme 'zz'" in fails(capsys, messy, "--programme", "zz")
    assert "unknown coordinator 'zed'" in fails(
        capsys, messy, "--programme", "a", "--coordinator", "zed"
    )


def test_the_lac_command_line_runs_the_import_command(world, capsys, messy):
    with pytest.raises(SystemExit) as exit_:
        lac_main(["import", str(messy), "--programme", "nope", "--format", "json"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip() == "unknown programme 'nope'"


def test_the_text_report_lists_counts_and_problems(world, capsys, messy):
    call_command("import", str(messy), "--programme", "a", "--dry-run")
    out = capsys.readouterr().out
    assert "15 rows (dry run: nothing written)" in out
    assert "rows rejected: 6" in out
    assert "Jo 2021-23 row 7, D.O.B. '31/02/1950': not a real date" in out
    assert "sheet 'Summary' skipped" in out


def test_dates_in_many_formats_in_one_column_all_import(world, capsys, tmp_path):
    rows = [
        [f"Person {n} Example", dob, "North", intro, "GP", "1"]
        for n, (dob, intro) in enumerate(
            [
                ("14/03/1950", "04/05/2021"),
                ("14 Mar 1950", "4 May 2021"),
                ("1950-03-15", "2021-05-04"),
                (18337, 44320),
                (datetime(1950, 3, 17), datetime(2021, 5, 4)),
            ]
        )
    ]
    report = run(capsys, workbooks.simple_workbook(tmp_path / "mixed.xlsx", rows))
    assert report["rejected"] == []
    assert set(Introduction.objects.values_list("date", flat=True)) == {date(2021, 5, 4)}


def test_a_closed_row_without_a_closed_date_imports_and_says_the_date_was_missing(
    world, capsys, tmp_path
):
    path = workbooks.simple_workbook(
        tmp_path / "closed.xlsx",
        [["Ann Example", "14/03/1950", "North", "04/05/2021", "Closed"]],
        header=["Name", "DOB", "Ward", "Date introduced", "Status"],
    )
    report = run(capsys, path)
    assert report["rejected"] == [] and report["created"]["people"] == 1
    ann = Person.objects.get()
    assert (ann.status, ann.status_since) == ("closed", date(2021, 5, 4))
    closure = StatusChange.objects.get(person=ann, status="closed")
    assert closure.note == "The spreadsheet said closed but gave no closed date"


def test_with_verbosity_2_the_command_tells_its_progress(world, capsys, messy):
    call_command("import", str(messy), "--programme", "a", "--dry-run", "--verbosity", "2")
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "read and checked 0 of 22 rows",
        "read and checked 22 of 22 rows",
        "stored 0 of 9 checked rows",
        "stored 6 of 9 checked rows",  # the second sheet's batch
    ]
