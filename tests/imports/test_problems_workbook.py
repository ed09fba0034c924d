"""The problems workbook shows what a spreadsheet held, as text that cannot run."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from lac.audit.actor import Actor
from lac.imports import jobs
from lac.imports.models import ImportJob
from lac.imports.services import job_create

CALC = "=cmd|' /C calc'!A0"


def test_formulas_in_rejected_rows_are_written_as_text(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A CSV: a cell typed as a formula arrives as its text (an xlsx would hold a formula).
    header = "Name,DOB,Ward,Date introduced,Introduced by,Level"
    text = f'{header}\n"{CALC}",+1+1,North,01/05/2021,@GP,1\n'
    upload = SimpleUploadedFile("bad.csv", text.encode())
    job = job_create(programme=world.programme, upload=upload, actor=Actor(user=world.bob))
    jobs.job_start(job=job, task_kind=ImportJob.Task.CHECK, actor=Actor(user=world.bob))

    book = load_workbook(Path(job.stored_path + ".errors.xlsx"))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    assert {f"'{CALC}", "'+1+1", "'@GP"} <= values
    assert not {CALC, "+1+1", "@GP"} & values
