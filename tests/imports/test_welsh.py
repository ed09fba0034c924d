"""The import wizard in Welsh: its pages, and the report a trial run keeps, written in the
language it was asked for in (it runs in the background, and is read later on their pages,
whatever language the reader has chosen since)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from lac.audit.actor import Actor
from lac.imports.jobs import run_job
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
    return job_create(programme=world.programme, upload=upload, actor=Actor(user=world.bob))


def test_the_upload_page_speaks_welsh(client_for, welsh_bob):
    page = client_for("bob").get("/imports/").content.decode()
    assert "Mewnforio taenlenni monitro" in page
    assert "Uwchlwytho a pharhau" in page
    assert "Import monitoring spreadsheets" not in page


def queued_from_the_columns_page(client, job):
    """The trial run asked for on the columns page, left waiting for the worker."""
    columns = client.get(f"/imports/{job.pk}/columns/").context["form"]
    client.post(f"/imports/{job.pk}/columns/", {n: f.initial for n, f in columns.fields.items()})
    job.refresh_from_db()
    assert job.task_state == ImportJob.TaskState.QUEUED
    return job


def run_by_the_worker(job, world, speaking):
    """The worker takes the job while ``speaking`` is active (whatever a worker process, or
    the reader's last page, happens to have), which must not matter."""
    with translation.override(speaking):
        run_job.call(job.pk, world.bob.pk, "")
    job.refresh_from_db()
    return job


def test_a_trial_run_asked_for_in_welsh_is_done_in_welsh_though_the_reader_switched_since(
    client_for, welsh_bob, job, world, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for("bob")
    job = queued_from_the_columns_page(client, job)
    assert job.language == "cy"
    client.post("/accounts/language/", {"language": "en-gb", "next": "/imports/"})
    welsh_bob.refresh_from_db()
    assert welsh_bob.preferred_language == "en-gb"
    checked = run_by_the_worker(job, world, speaking="en-gb")
    assert checked.message.startswith("Wedi gwirio ")
    problems = [p["problem"] for p in checked.report["problems"]]
    assert "nid yw’n ddyddiad go iawn" in problems  # 31/02/1950: "not a real date"
    trial = client.get(f"/imports/{checked.pk}/check/").content.decode()
    assert "This is a trial run: nothing has been saved yet." in trial  # the page: English now
    assert "nid yw’n ddyddiad go iawn" in trial  # the report: as it was asked for
    response = client.get(f"/imports/{checked.pk}/problems.xlsx")
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert book["Problemau"]["A1"].value == "Taflen"


def test_a_trial_run_asked_for_in_english_stays_english_though_the_reader_switched_since(
    client_for, job, world, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for("bob")
    job = queued_from_the_columns_page(client, job)
    assert job.language == "en-gb"
    client.post("/accounts/language/", {"language": "cy", "next": "/imports/"})
    checked = run_by_the_worker(job, world, speaking="cy")
    assert checked.message.startswith("Checked ")
    assert "not a real date" in [p["problem"] for p in checked.report["problems"]]
    trial = client.get(f"/imports/{checked.pk}/check/").content.decode()
    assert "Rhediad prawf yw hwn: nid oes dim wedi’i gadw eto." in trial
    assert "not a real date" in trial


def test_an_import_and_its_undo_are_each_done_in_the_language_they_were_asked_for_in(
    client_for, welsh_bob, job
):
    client = client_for("bob")
    columns = client.get(f"/imports/{job.pk}/columns/").context["form"]
    client.post(f"/imports/{job.pk}/columns/", {n: f.initial for n, f in columns.fields.items()})
    client.post(f"/imports/{job.pk}/values/", {"v_0": "family-friend-neighbour"})
    client.post(f"/imports/{job.pk}/confirm/", {"save_as": ""})
    job.refresh_from_db()
    assert (job.state, job.language) == (ImportJob.State.IMPORTED, "cy")
    assert job.message.startswith("Wedi mewnforio ")
    client.post("/accounts/language/", {"language": "en-gb", "next": "/imports/"})
    client.post(f"/imports/{job.pk}/undo/")
    job.refresh_from_db()
    assert (job.state, job.language) == (ImportJob.State.UNDONE, "en-gb")
    assert job.message.startswith("The import of messy.xlsx is undone. Removed: ")


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
