"""Beyond one sheet of introductions: a contacts log, a sheet of outcomes and a sheet of
services avoided, each joined to its people by the sheet's own ID or by name and date of
birth; "What changed" columns on the introductions sheet; values mapped per programme."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook

from lac.audit.actor import Actor
from lac.casework.models import Conversation
from lac.casework.services import person_introduce
from lac.imports.models import ImportJob
from lac.imports.recordcheck import parse_minutes
from lac.imports.undo import import_undo
from lac.imports.values import Problem
from lac.lib.rules import dates
from lac.outcomes.models import AvoidedService, OutcomeEvent
from lac.outcomes.services import QUANTITY_NOT_A_NUMBER
from lac.people.models import Person

FUTURE_CONVERSATION = str(dates.IN_FUTURE) % {"what": dates.CONVERSATION.what}

INTRODUCTIONS = (
    ["Ref", "Name", "DOB", "Ward", "Date introduced", "What changed"],
    ["A1", "Siân O’Brien", "14/03/1950", "North", "04/05/2021", "Joined a community group"],
    ["B2", "Bob Sample", "02/02/1960", "South", "01/06/2022", ""],
)
CONTACTS = (
    ["Ref", "Date", "Contact type", "Duration", "Notes", "Next contact"],
    ["A1", "10/05/2021", "Home visit", "45 mins", "Talked about the allotment", "01/06/2021"],
    ["A1", "01/06/2021", "Phone", "1:30", "", ""],
    ["B2", "05/06/2022", "Zoom", 20, "", ""],
    ["Z9", "05/06/2022", "Phone", 10, "", ""],
    ["B2", "05/06/2099", "Phone", 10, "", ""],
)
OUTCOMES = (
    ["Name", "DOB", "What changed", "Date of change"],
    ["SIAN O'BRIEN", "14/03/1950", "Less isolated; More confident", "01/09/2021"],
    ["Bob Sample", "02/02/1960", "Found a cat", "01/09/2022"],
    ["Nobody Known", "01/01/1970", "Less isolated", "01/09/2022"],
)
AVOIDED = (
    ["Name", "DOB", "Service avoided", "Quantity", "Date", "Confidence"],
    ["Siân O'Brien", "14/03/1950", "GP consultations", 3, "01/10/2021", "Evidenced"],
    ["Bob Sample", "02/02/1960", "Helicopter rescue", 1, "01/10/2022", ""],
    ["Bob Sample", "02/02/1960", "Fire service", "lots", "01/10/2022", ""],
)


def workbook(path, **sheets):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def run(capsys, path, *args):
    call_command("import", str(path), "--programme", "a", "--format", "json", *args)
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def book(tmp_path):
    # The contacts log comes first: it is still read after the people it joins to.
    return workbook(
        tmp_path / "jo.xlsx",
        Contacts=CONTACTS,
        Introductions=INTRODUCTIONS,
        Outcomes=OUTCOMES,
        Avoided=AVOIDED,
    )


def test_every_column_of_every_sheet_is_mapped(world, capsys, book):
    report = run(capsys, book, "--dry-run")
    assert report["unmapped_columns"] == []
    assert report["unmapped_values"] == {
        "outcomes": ["Found a cat"],
        "services_avoided": ["Helicopter rescue"],
    }
    assert report["created"]["conversations"] == 3


def test_the_contacts_log_becomes_conversations_joined_by_the_sheets_own_id(world, capsys, book):
    report = run(capsys, book)
    sian = Person.objects.get(full_name="Siân O’Brien")
    conversations = list(Conversation.objects.filter(person=sian).order_by("date"))
    assert [(c.date, c.mode, c.duration_minutes, c.note) for c in conversations] == [
        (date(2021, 5, 10), "home_visit", 45, "Talked about the allotment"),
        (date(2021, 6, 1), "phone", 90, ""),
    ]
    bob = Conversation.objects.get(person__full_name="Bob Sample")
    assert (bob.mode, bob.duration_minutes) == ("online", 20)
    # The newest conversation moves the person's contact dates on, as logging it does.
    assert (sian.last_contact_date, sian.next_contact_date) == (date(2021, 6, 1), None)
    rejected = {(r["sheet"], r["row"]): (r["column"], r["problem"]) for r in report["rejected"]}
    assert rejected[("Contacts", 5)] == ("Ref", "no one in this file or Programme A has this ID")
    assert rejected[("Contacts", 6)] == ("Date", FUTURE_CONVERSATION)


def test_outcomes_are_joined_by_name_and_date_of_birth_however_the_name_is_typed(
    world, capsys, book
):
    report = run(capsys, book)
    sian = Person.objects.get(full_name="Siân O’Brien")
    events = sorted((e.type.code, e.date) for e in OutcomeEvent.objects.filter(person=sian))
    assert events == [
        ("joined-group", date(2021, 5, 4)),  # the introductions sheet's column
        ("more-confident", date(2021, 9, 1)),
        ("reduced-isolation", date(2021, 9, 1)),
    ]
    rejected = {(r["sheet"], r["row"]): (r["column"], r["problem"]) for r in report["rejected"]}
    assert rejected[("Outcomes", 4)] == (
        "Name",
        "no one in this file or Programme A has this name and date of birth",
    )


def test_services_avoided_come_with_quantity_date_and_confidence(world, capsys, book):
    report = run(capsys, book)
    (gp,) = AvoidedService.objects.all()
    assert (gp.unit_cost.item, gp.quantity, gp.date, gp.confidence) == (
        "GP consultations",
        Decimal("3.00"),
        date(2021, 10, 1),
        "evidenced",
    )
    rejected = {
        (r["sheet"], r["row"]): (r["column"], r["value"], r["problem"]) for r in report["rejected"]
    }
    assert rejected[("Avoided", 4)] == ("Quantity", "lots", QUANTITY_NOT_A_NUMBER)


def test_values_mapped_for_the_programme_are_used_and_saved_with_the_mapping(
    world, capsys, book, tmp_path
):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "values:\n  outcomes:\n    Found a cat: reduced-isolation\n"
        "  services_avoided:\n    Helicopter rescue: Fire service\n",
        encoding="utf-8",
    )
    report = run(capsys, book, "--mapping", str(mapping))
    assert report["unmapped_values"] == {}
    bob = Person.objects.get(full_name="Bob Sample")
    assert OutcomeEvent.objects.filter(person=bob, type__code="reduced-isolation").exists()
    assert AvoidedService.objects.filter(person=bob, unit_cost__item="Fire service").exists()


def test_importing_the_workbook_again_adds_nothing(world, capsys, book):
    run(capsys, book)
    counts = (Conversation.objects.count(), OutcomeEvent.objects.count())
    again = run(capsys, book)
    assert again["created"] == {
        "people": 0,
        "introductions": 0,
        "conversations": 0,
        "assessments": 0,
    }
    assert (Conversation.objects.count(), OutcomeEvent.objects.count()) == counts


def test_a_contacts_log_on_its_own_joins_people_recorded_before(world, capsys, tmp_path):
    ann = person_introduce(
        full_name="Ann Example",
        date_of_birth=date(1950, 3, 14),
        neighbourhood=world.north,
        date=date(2021, 1, 5),
        actor=Actor(user=world.alice),
    ).person
    path = workbook(
        tmp_path / "contacts.xlsx",
        Log=(
            ["Name", "Date of birth", "Contact date", "Type of contact"],
            ["ann  example", "14/03/1950", "02/02/2022", "Phone"],
        ),
    )
    report = run(capsys, path)
    assert report["created"]["conversations"] == 1 and report["created"]["people"] == 0
    ann.refresh_from_db()
    assert ann.last_contact_date == date(2022, 2, 2)
    # Undone, the conversation goes and the contact dates are as they were.
    import_undo(job=ImportJob.objects.get(), actor=Actor(user=world.bob))
    ann.refresh_from_db()
    assert ann.last_contact_date is None and not Conversation.objects.exists()


@pytest.mark.parametrize(
    ("text", "minutes"), [("45", 45), ("45 mins", 45), ("1 hour", 60), ("1h 30m", 90), ("1:30", 90)]
)
def test_durations_are_read_as_people_write_them(text, minutes):
    assert parse_minutes(text) == minutes


def test_a_duration_that_is_not_minutes_is_a_problem():
    with pytest.raises(Problem, match="not a number of minutes"):
        parse_minutes("a while")


def test_a_contacts_log_imported_later_joins_by_the_id_an_earlier_import_kept(
    world, capsys, tmp_path
):
    run(capsys, workbook(tmp_path / "people.xlsx", Introductions=INTRODUCTIONS))
    log = workbook(
        tmp_path / "log.xlsx",
        Log=(["Ref", "Contact date", "Mode"], ["B2", "05/06/2022", "Phone"]),
    )
    report = run(capsys, log)
    assert report["rejected"] == [] and report["created"]["conversations"] == 1
    assert Conversation.objects.get().person.full_name == "Bob Sample"


def test_one_mapping_of_a_date_column_serves_every_sheet_with_one(world, capsys, book, tmp_path):
    # The columns step shows "Date" once, as the contacts log's; the services avoided
    # sheet's "Date" is still that sheet's own date.
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  Date: contact_date\n", encoding="utf-8")
    report = run(capsys, book, "--mapping", str(mapping))
    assert report["unmapped_columns"] == []
    assert AvoidedService.objects.get().date == date(2021, 10, 1)


def test_a_latest_score_without_a_date_takes_the_last_conversation_in_the_contacts_log(
    world, capsys, tmp_path
):
    """IMPORT-SPEC: without a latest assessment date or a closed date, the latest
    assessment is dated at "the last conversation date in the file" (here, on another
    sheet), else at the introduction; the report says which it used."""
    from lac.outcomes.models import Assessment

    people = (
        ["Ref", "Name", "DOB", "Ward", "Date introduced", "Life control (latest)"],
        ["A1", "Siân O’Brien", "14/03/1950", "North", "04/05/2021", 4],
        ["B2", "Bob Sample", "02/02/1960", "South", "01/06/2022", 3],
    )
    log = (
        ["Ref", "Date", "Contact type"],
        ["A1", "10/05/2021", "Home visit"],
        ["A1", "01/07/2021", "Phone"],
        ["A1", "01/06/2021", "Phone"],
    )
    path = workbook(tmp_path / "scores.xlsx", Introductions=people, Contacts=log)
    call_command("import", str(path), "--programme", "a")
    text = capsys.readouterr().out
    latest = dict(Assessment.objects.values_list("person__full_name", "date"))
    assert latest == {"Siân O’Brien": date(2021, 7, 1), "Bob Sample": date(2022, 6, 1)}
    assert "Latest assessments dated at the last conversation date in the file: 1 row" in text
    assert "Latest assessments dated at the date introduced: 1 row" in text


@pytest.mark.parametrize(
    ("sheet", "rows", "bounds"),
    [
        ("Contacts", CONTACTS, dates.CONVERSATION),
        ("Outcomes", OUTCOMES, dates.OUTCOME_EVENT),
        ("Avoided", AVOIDED, dates.AVOIDED_SERVICE),
    ],
)
def test_a_record_sheets_date_is_held_to_the_bounds_of_the_record_it_becomes(
    world, capsys, tmp_path, sheet, rows, bounds
):
    """A year typed as 1985 (for 2025) is refused with the words the web and the API use."""
    header, first = rows[0], list(rows[1])
    column = next(i for i, name in enumerate(header) if "Date" in name)
    first[column] = "01/01/1985"
    sheet_rows = (header, first, *rows[2:])
    path = workbook(tmp_path / "old.xlsx", Introductions=INTRODUCTIONS, **{sheet: sheet_rows})
    rejected = {
        (r["sheet"], r["row"]): (r["column"], r["problem"])
        for r in run(capsys, path, "--dry-run")["rejected"]
    }
    refusal = bounds.refusal(date(1985, 1, 1), timezone.localdate())
    assert rejected[(sheet, 2)] == (header[column], refusal)
