"""The import wizard in Welsh: its pages, and the report a trial run keeps, written in the
language of whoever started it (it runs in the background, and is read later on their pages)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from lac.imports.jobs import job_start
from lac.imports.models import ImportJob
from lac.imports.report import what_will_happen
from lac.imports.services import job_create
from tests.imports import workbooks


@pytest.fixture
def welsh_bob(world):
    world.bob.preferred_language = "cy"
    world.bob.save(update_fields=["preferred_language"])
    return world.bob


@pytest.fixture
def job(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = workbooks.messy_workbook(tmp_path / "messy.xlsx")
    upload = SimpleUploadedFile("messy.xlsx", path.read_bytes())
    return job_create(programme=world.programme, upload=upload, user=world.bob)


def test_the_upload_page_speaks_welsh(client_for, welsh_bob):
    page = client_for("bob").get("/imports/").content.decode()
    assert "Mewnforio taenlenni monitro" in page
    assert "Uwchlwytho a pharhau" in page
    assert "Import monitoring spreadsheets" not in page


def test_a_trial_run_started_in_welsh_keeps_its_report_in_welsh(client_for, welsh_bob, job):
    checked = job_start(job=job, task_kind=ImportJob.Task.CHECK, user=welsh_bob)
    checked.refresh_from_db()
    assert checked.message.startswith("Wedi gwirio ")
    problems = [p["problem"] for p in checked.report["problems"]]
    assert "nid yw’n ddyddiad go iawn" in problems  # 31/02/1950: "not a real date"
    client = client_for("bob")
    trial = client.get(f"/imports/{checked.pk}/check/").content.decode()
    assert "Rhediad prawf yw hwn: nid oes dim wedi’i gadw eto." in trial
    assert "nid yw’n ddyddiad go iawn" in trial
    response = client.get(f"/imports/{checked.pk}/problems.xlsx")
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert book["Problemau"]["A1"].value == "Taflen"


def test_the_same_trial_run_started_in_english_stays_english(world, job):
    checked = job_start(job=job, task_kind=ImportJob.Task.CHECK, user=world.bob)
    checked.refresh_from_db()
    assert checked.message.startswith("Checked ")
    assert "not a real date" in [p["problem"] for p in checked.report["problems"]]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en-gb", "Create 2 people and 1 introduction, update 1 person, leave out 3 rows"),
        ("cy", "Creu 2 o bobl a 1 cyflwyniad, diweddaru 1 person, gadael 3 o resi allan"),
    ],
)
def test_the_import_button_counts_in_the_readers_language(language, words):
    report = {"created": {"people": 2, "introductions": 1}, "updated": {"people": 1}}
    report["rejected"] = [{}, {}, {}]
    with translation.override(language):
        assert what_will_happen(report) == words
