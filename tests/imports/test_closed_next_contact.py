"""A walk that has ended has no next conversation planned: closing clears the next contact
date on every path (the rule, ``person_status_fields``; the page's and the API's
closure: tests/casework). A spreadsheet may carry a next contact date on a closed row,
or close a walk on a later import after giving one; the report says how many it left out."""

from __future__ import annotations

from datetime import date

from django.core.management import call_command

from lac.people.models import Person, Status
from tests.imports.workbooks import simple_workbook

HEADER = ["Name", "DOB", "Ward", "Date introduced", "Status", "Closed date", "Next contact"]
CLOSED = ["Cara Closed", "01/02/1950", "North", "01/05/2023", "Closed", "01/06/2024", "01/07/2024"]
OPEN = ["Olly Open", "04/05/1953", "North", "01/05/2023", "Active", "", "01/07/2024"]


def import_sheet(tmp_path, rows, name="sheet.xlsx", *options):
    path = simple_workbook(tmp_path / name, rows, header=HEADER)
    call_command("import", str(path), "--programme", "a", *options)


def test_a_closed_row_brings_in_no_next_contact_and_the_report_says_so(world, tmp_path, capsys):
    import_sheet(tmp_path, [CLOSED, OPEN], "trial.xlsx", "--dry-run")
    assert "next contact not kept on closed rows: 1" in capsys.readouterr().out
    import_sheet(tmp_path, [CLOSED, OPEN])
    people = dict(Person.objects.values_list("full_name", "next_contact_date"))
    assert people == {"Cara Closed": None, "Olly Open": date(2024, 7, 1)}


def test_a_walk_closed_by_a_later_import_loses_its_next_contact(world, tmp_path, capsys):
    import_sheet(tmp_path, [OPEN], "first.xlsx")
    assert Person.objects.get().next_contact_date == date(2024, 7, 1)
    import_sheet(tmp_path, [[*OPEN[:4], "Closed", "01/06/2024", OPEN[6]]], "second.xlsx")
    person = Person.objects.get()
    assert (person.status, person.status_since) == (Status.CLOSED, date(2024, 6, 1))
    assert person.next_contact_date is None
