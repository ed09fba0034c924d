"""The browser import: upload → columns → values → trial run → check your answers → import."""

import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.casework.models import Introduction
from lac.imports.models import ImportJob, ImportMapping
from lac.people.models import Person
from tests.conftest import force_login_verified
from tests.factories import NeighbourhoodFactory, ProgrammeFactory, UserFactory, grant
from tests.imports import workbooks
from tests.permission_matrix import Page, case_id, cases, check

MANAGERS = frozenset({"bob"})


@pytest.fixture
def job(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = workbooks.messy_workbook(tmp_path / "messy.xlsx")
    upload = SimpleUploadedFile("messy.xlsx", path.read_bytes())
    from lac.imports.services import job_create

    return job_create(programme=world.programme, upload=upload, actor=Actor(user=world.bob))


@pytest.fixture
def checked(job, world):
    """The job after its trial run (run at once: see conftest.py)."""
    from lac.imports.jobs import job_start

    return job_start(job=job, task_kind=ImportJob.Task.CHECK, actor=Actor(user=world.bob))


PAGES = [
    Page("imports", lambda w: "/imports/", allowed=MANAGERS),
    Page("job", lambda w: f"/imports/{ImportJob.objects.get().pk}/", allowed=MANAGERS),
    Page("columns", lambda w: f"/imports/{ImportJob.objects.get().pk}/columns/", allowed=MANAGERS),
    Page("values", lambda w: f"/imports/{ImportJob.objects.get().pk}/values/", allowed=MANAGERS),
    Page("check", lambda w: f"/imports/{ImportJob.objects.get().pk}/check/", allowed=MANAGERS),
    Page("confirm", lambda w: f"/imports/{ImportJob.objects.get().pk}/confirm/", allowed=MANAGERS),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_only_team_managers_may_import(client, world, checked, page, user):
    check(client, world, page, user)


def test_a_manager_of_another_programme_cannot_find_the_import(client, world, job):
    other_manager = UserFactory(username="olga")
    grant(other_manager, "manager", programme=world.other_programme)
    force_login_verified(client, other_manager)
    assert client.get(f"/imports/{job.pk}/check/").status_code == 404
    assert client.get(f"/imports/{job.pk}/problems.xlsx").status_code == 404


def test_uploading_a_file_starts_a_job_and_shows_the_suggested_columns(
    client_for, world, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = client_for("bob")
    path = workbooks.messy_workbook(tmp_path / "messy.xlsx")
    with path.open("rb") as handle:
        response = client.post(
            "/imports/", {"programme": world.programme.pk, "file": handle}, follow=True
        )
    assert response.status_code == 200
    job = ImportJob.objects.get()
    assert job.file_name == "messy.xlsx" and job.created_by == world.bob
    page = response.content.decode()
    assert "Check what each column holds" in page
    assert "headers on row 3" in page
    assert '<option value="date_of_birth" selected>' in page  # D.O.B. suggested


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_its_reason(
    client_for, world, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = client_for("bob")
    upload = SimpleUploadedFile("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    response = client.post(
        "/imports/", {"programme": world.programme.pk, "file": upload}, follow=True
    )
    page = response.content.decode()
    assert "The file cannot be imported" in page
    assert "not a spreadsheet (it looks like a PNG image)" in page


def test_a_file_of_the_wrong_kind_is_refused_on_the_form(client_for, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = SimpleUploadedFile("notes.docx", b"PK\x03\x04")
    response = client_for("bob").post(
        "/imports/", {"programme": world.programme.pk, "file": upload}
    )
    assert "must be an .xlsx, .xls, .ods or .csv file" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_whole_journey_imports_the_file_once_and_saves_the_mapping(client_for, world, job):
    client = client_for("bob")
    columns = client.get(f"/imports/{job.pk}/columns/")
    form = columns.context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    response = client.post(f"/imports/{job.pk}/columns/", data)
    assert response["Location"] == f"/imports/{job.pk}/progress/"
    # The trial run has finished (tasks run at once here): the page moves on.
    response = client.get(f"/imports/{job.pk}/progress/")
    assert response["Location"] == f"/imports/{job.pk}/values/"

    values = client.get(f"/imports/{job.pk}/values/")
    assert "Introduced by: “Mrs Jones”" in values.content.decode()
    response = client.post(f"/imports/{job.pk}/values/", {"v_0": "family-friend-neighbour"})
    assert response["Location"] == f"/imports/{job.pk}/progress/"
    response = client.get(f"/imports/{job.pk}/progress/")
    assert response["Location"] == f"/imports/{job.pk}/check/"

    trial = client.get(f"/imports/{job.pk}/check/").content.decode()
    assert "nothing has been saved yet" in trial
    assert "31/02/1950" in trial and "not a real date" in trial
    assert Person.objects.count() == 0

    answers = client.get(f"/imports/{job.pk}/confirm/").content.decode()
    assert "Check your answers before importing" in answers
    # The button says what will happen, not how many rows were read.
    assert "Create 7 people and 8 introductions, leave out 6 rows" in answers

    response = client.post(f"/imports/{job.pk}/confirm/", {"save_as": "Jo's monitoring sheet"})
    assert response["Location"] == f"/imports/{job.pk}/progress/"
    done = client.get(f"/imports/{job.pk}/progress/", follow=True).content.decode()
    assert "Imported" in done and "messy.xlsx" in done
    job.refresh_from_db()
    assert job.state == ImportJob.State.IMPORTED and job.task_state == "done"
    assert job.report["created"] == {
        "people": 7,
        "introductions": 8,
        "conversations": 0,
        "assessments": 0,
    }
    assert Person.objects.count() == 7
    hal = Introduction.objects.get(person__full_name="Hal Fixture")
    assert hal.source.code == "family-friend-neighbour"  # the value decided on the way
    saved = ImportMapping.objects.get()
    assert saved.name == "Jo's monitoring sheet"
    assert saved.values["source"] == {"mrs jones": "family-friend-neighbour"}
    assert AuditEvent.objects.filter(
        user=world.bob, what__startswith="Imported messy.xlsx"
    ).exists()

    again = client.post(f"/imports/{job.pk}/confirm/", {})
    assert again["Location"] == f"/imports/{job.pk}/"
    assert Person.objects.count() == 7


def test_the_imported_page_lists_people_duplicates_and_rows_left_out(client_for, world, job):
    client = client_for("bob")
    columns = client.get(f"/imports/{job.pk}/columns/").context["form"]
    client.post(f"/imports/{job.pk}/columns/", {n: f.initial for n, f in columns.fields.items()})
    client.post(f"/imports/{job.pk}/values/", {"v_0": "family-friend-neighbour"})
    client.post(f"/imports/{job.pk}/confirm/", {"save_as": ""})
    page = client.get(f"/imports/{job.pk}/").content.decode()
    ann = Person.objects.get(full_name="Ann Example")
    hal = Person.objects.get(full_name="Hal Fixture")
    assert "People this import added or changed" in page
    assert f'href="/people/{hal.pk}/">Hal Fixture</a>' in page
    assert "Duplicates to review" in page
    # Ann's second row went to her record: a link to check it, and to merge if need be.
    assert f'href="/people/{ann.pk}/merge/">Compare and merge' in page
    assert "Rows left out" in page and "not a real date" in page
    assert f'href="/imports/{job.pk}/problems.xlsx"' in page


def test_the_error_report_downloads_with_the_offending_cells_highlighted(
    client_for, world, checked
):
    client = client_for("bob")
    response = client.get(f"/imports/{checked.pk}/problems.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    problems = list(book["Problems"].iter_rows(values_only=True))
    assert problems[0] == ("Sheet", "Row", "Column", "Value", "Problem")
    assert ("Jo 2021-23", 7, "D.O.B.", "31/02/1950", "not a real date") in problems
    rejected = book["Rejected - Jo 2021-23"]
    header = [c.value for c in rejected[1]]
    assert header[:3] == ["Row", "Ref", "Surname"]
    row7 = next(r for r in rejected.iter_rows(min_row=2) if r[0].value == 7)
    dob = row7[header.index("D.O.B.")]
    assert dob.value == "31/02/1950"
    assert dob.fill.fgColor.rgb.endswith("F4B6B6")
    assert dob.comment.text == "not a real date"
    assert row7[header.index("Surname")].fill.fgColor.rgb in (None, "00000000")


def test_a_saved_mapping_is_used_for_the_next_file(client_for, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    saved = ImportMapping.objects.create(
        programme=world.programme,
        name="Sam's sheet",
        columns={"area": "ignore"},
        values={},
    )
    path = workbooks.messy_workbook(tmp_path / "messy.xlsx")
    with path.open("rb") as handle:
        client_for("bob").post(
            "/imports/", {"programme": world.programme.pk, "mapping": saved.pk, "file": handle}
        )
    assert ImportJob.objects.get().columns == {"area": "ignore"}


def test_a_mapping_from_another_programme_cannot_be_chosen(client_for, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    other = ProgrammeFactory()
    NeighbourhoodFactory(programme=other)
    grant(world.bob, "manager", programme=other)
    theirs = ImportMapping.objects.create(programme=other, name="Theirs")
    upload = SimpleUploadedFile("x.csv", b"Name,Ward\nAnn,North\n")
    response = client_for("bob").post(
        "/imports/", {"programme": world.programme.pk, "mapping": theirs.pk, "file": upload}
    )
    assert "Choose a mapping saved for this programme." in response.content.decode()


def test_a_saved_mapping_downloads_as_yaml_for_the_command(client_for, world, capsys, tmp_path):
    saved = ImportMapping.objects.create(
        programme=world.programme,
        name="Jo's sheet",
        columns={"favourite colour": "ignore", "ref": "ignore"},
        values={"source": {"mrs jones": "family-friend-neighbour"}},
    )
    response = client_for("bob").get(f"/imports/mappings/{saved.pk}.yaml")
    assert response.status_code == 200
    mapping = tmp_path / "jo.yaml"
    mapping.write_bytes(response.content)
    path = workbooks.messy_workbook(tmp_path / "messy.xlsx")
    call_command(
        "import",
        str(path),
        "--programme",
        "a",
        "--mapping",
        str(mapping),
        "--dry-run",
        "--format",
        "json",
    )
    report = json.loads(capsys.readouterr().out)
    assert report["unmapped_columns"] == [] and report["unmapped_values"] == {}


def test_someone_elses_saved_mapping_is_not_found(client, world):
    saved = ImportMapping.objects.create(programme=world.other_programme, name="Theirs")
    other_manager = UserFactory(username="olga")
    grant(other_manager, "manager", programme=world.programme)
    force_login_verified(client, other_manager)
    assert client.get(f"/imports/mappings/{saved.pk}.yaml").status_code == 404


def test_the_import_confirmed_twice_with_one_form_imports_once_and_says_so(client_for, world, job):
    from html import unescape

    from lac.submissions.services import ALREADY_SAVED
    from tests.submissions.test_save_once import once_key

    client = client_for("bob")
    columns = client.get(f"/imports/{job.pk}/columns/").context["form"]
    client.post(f"/imports/{job.pk}/columns/", {n: f.initial for n, f in columns.fields.items()})
    client.post(f"/imports/{job.pk}/values/", {"v_0": "family-friend-neighbour"})
    page = client.get(f"/imports/{job.pk}/confirm/").content.decode()
    data = {"save_as": "", "once": once_key(page)}
    first = client.post(f"/imports/{job.pk}/confirm/", data)
    assert first["Location"] == f"/imports/{job.pk}/progress/"
    again = client.post(f"/imports/{job.pk}/confirm/", data, follow=True)
    assert again.redirect_chain[0][0] == f"/imports/{job.pk}/progress/"
    assert str(ALREADY_SAVED) in unescape(again.content.decode())
    assert Person.objects.count() == 7
    assert Introduction.objects.count() == 8
