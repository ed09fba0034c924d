"""A spreadsheet's closure may lack a reason: it comes from a record kept before lac (the
rule, ``closure_without_reason``, and its refusal on a page: tests/casework). Each is
brought in, and the report a person reads says how many."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from lac.audit.actor import Actor
from lac.casework.models import ClosureReason, StatusChange
from lac.imports.jobs import job_start
from lac.imports.models import ImportJob
from lac.imports.services import job_create
from lac.people.models import Person, Status
from tests.imports.test_command import SPEC_KEYS
from tests.imports.workbooks import simple_workbook

HEADER = ["Name", "DOB", "Ward", "Date introduced", "Status", "Closed date", "Reason for closure"]
ROWS = [
    ["Cara Closed", "01/02/1950", "North", "01/05/2023", "Closed", "01/06/2024", ""],
    ["Dai Done", "02/03/1951", "North", "01/05/2023", "Closed", "01/06/2024", ""],
    ["Gwen Goals", "03/04/1952", "North", "01/05/2023", "Closed", "01/06/2024", "Goals met"],
    ["Olly Open", "04/05/1953", "North", "01/05/2023", "Active", "", ""],
]
"""Two closures without a reason, one with, and a walk still going."""


def test_an_import_brings_in_closures_without_a_reason_and_counts_them(world, capsys, tmp_path):
    path = simple_workbook(tmp_path / "closed.xlsx", ROWS, header=HEADER)
    call_command("import", str(path), "--programme", "a", "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert report["rejected"] == []
    # IMPORT-SPEC's JSON report is as it was: the count is for people to read.
    assert list(report) == SPEC_KEYS
    closures = StatusChange.objects.filter(status=Status.CLOSED)
    assert sorted((c.person.full_name, c.reason_id) for c in closures) == [
        ("Cara Closed", None),
        ("Dai Done", None),
        ("Gwen Goals", ClosureReason.objects.get(code="goals-met").pk),
    ]
    assert Person.objects.filter(status=Status.CLOSED).count() == 3


def test_the_import_text_report_says_how_many_were_closed_without_a_reason(world, capsys, tmp_path):
    path = simple_workbook(tmp_path / "closed.xlsx", ROWS, header=HEADER)
    call_command("import", str(path), "--programme", "a", "--dry-run")
    assert "closed without a reason recorded: 2" in capsys.readouterr().out


def test_the_import_check_page_says_how_many_were_closed_without_a_reason(
    client_for, world, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = simple_workbook(tmp_path / "closed.xlsx", ROWS, header=HEADER)
    upload = SimpleUploadedFile("closed.xlsx", path.read_bytes())
    job = job_create(programme=world.programme, upload=upload, actor=Actor(user=world.bob))
    job_start(job=job, task_kind=ImportJob.Task.CHECK, actor=Actor(user=world.bob))
    page = client_for("bob").get(f"/imports/{job.pk}/check/").content.decode()
    assert "Closed without a reason recorded" in page
    assert '<dd class="govuk-summary-list__value">2</dd>' in page


def test_a_walk_closed_in_an_updated_sheet_without_a_reason_is_counted_too(world, capsys, tmp_path):
    active = [["Olly Open", "04/05/1953", "North", "01/05/2023", "Active", "", ""]]
    call_command(
        "import",
        str(simple_workbook(tmp_path / "v1.xlsx", active, header=HEADER)),
        "--programme",
        "a",
    )
    capsys.readouterr()
    closed = [["Olly Open", "04/05/1953", "North", "01/05/2023", "Closed", "01/06/2024", ""]]
    path = simple_workbook(tmp_path / "v2.xlsx", closed, header=HEADER)
    call_command("import", str(path), "--programme", "a")
    assert "closed without a reason recorded: 1" in capsys.readouterr().out
    closure = StatusChange.objects.get(status=Status.CLOSED)
    assert (closure.person.full_name, closure.reason_id) == ("Olly Open", None)
