"""After an erasure, a search of every table, the data folder and a backup finds nothing.

The person arrives the way people do: imported from a coordinator's
spreadsheet (with a row rejected into the problems workbook), put in a
household with her son, given a goal, looked at and searched for. Then she is
erased, and her name, date of birth and postcode are searched for everywhere.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.backups.databases import _pg_environment
from lac.casework.services import goal_add, person_introduce
from lac.imports import jobs
from lac.imports.models import ImportJob
from lac.imports.services import job_create
from lac.people.erasure import person_erase
from lac.people.households import default_name, household_add_member, household_create
from lac.people.models import Household, Person
from lac.people.traces import database_traces, file_traces, folder_traces, search_terms
from tests.conftest import force_login_verified
from tests.imports.workbooks import simple_workbook

NAME, DOB, POSTCODE = "Ama Okafor", date(1984, 3, 2), "LS6 2QT"
HEADER = ["Name", "DOB", "Ward", "Date introduced", "Introduced by", "Level", "Postcode"]
TERMS = search_terms(names=[NAME], dates=[DOB], postcodes=[POSTCODE])


@pytest.fixture
def data_folder(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = settings.DATA_DIR / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR


def imported(world, folder: Path) -> ImportJob:
    """Her row imported from a spreadsheet; a second row, with an impossible date, rejected."""
    rows = [
        [NAME, "02/03/1984", "North", "01/05/2024", "GP", "2", POSTCODE],
        [NAME, "02/03/1984", "North", "31/02/2024", "GP", "1", POSTCODE],
    ]
    path = simple_workbook(folder.parent / "jo.xlsx", rows, header=HEADER)
    upload = SimpleUploadedFile("jo.xlsx", path.read_bytes())
    path.unlink()
    job = job_create(programme=world.programme, upload=upload, actor=Actor(user=world.bob))
    jobs.job_start(job=job, task_kind=ImportJob.Task.CHECK, actor=Actor(user=world.bob))
    jobs.job_start(job=job, task_kind=ImportJob.Task.COMMIT, actor=Actor(user=world.bob))
    job.refresh_from_db()
    assert job.state == ImportJob.State.IMPORTED
    return job


def her_life_in_lac(world, client, folder: Path) -> tuple[Person, Person]:
    job = imported(world, folder)
    ama = Person.objects.get(full_name=NAME)
    assert ama.postcode == POSTCODE and ama.date_of_birth == DOB
    son = person_introduce(
        full_name="Kofi Okafor",
        neighbourhood=world.north,
        date=date(2024, 6, 1),
        actor=Actor(user=world.bob),
    ).person
    household = household_create(
        person=ama,
        name=default_name(ama),
        notes=f"{NAME} cares for Kofi",
        actor=Actor(user=world.alice),
    )
    household_add_member(
        household=household,
        person=son,
        expected_version=household.version,
        actor=Actor(user=world.alice),
    )
    goal_add(
        person=ama, title=f"{NAME} to sing in the choir", set_on=date(2024, 6, 2), actor=Actor()
    )
    force_login_verified(client, world.bob)
    assert client.get(reverse("casework:caseload"), {"q": NAME, "status": ""}).status_code == 200
    assert client.get(reverse("people:detail", args=[ama.pk])).status_code == 200
    assert folder_traces(folder, TERMS), "the spreadsheet and its problems workbook name her"
    assert (Path(job.stored_path + ".errors.xlsx")).exists()
    assert {t.where for t in database_traces(TERMS)} >= {
        "people_person.full_name",
        "people_household.notes",
        "casework_goal.title",
        "audit_auditevent.what",
        "audit_auditevent.path",
        "imports_importedrow.values",
    }
    return ama, son


@pytest.mark.django_db
def test_after_erasure_no_table_or_file_holds_her_name_birthday_or_postcode(
    world, client, data_folder, django_capture_on_commit_callbacks
):
    ama, son = her_life_in_lac(world, client, data_folder)

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=ama, actor=Actor(user=world.bob), reason="Asked us to")

    assert database_traces(TERMS) == []
    assert folder_traces(data_folder, TERMS) == []
    son.refresh_from_db()
    household = Household.objects.get(pk=son.household_id)
    assert (household.name, household.notes) == (f"Household {household.pk}", "")
    assert not AuditEvent.objects.filter(what__icontains="Okafor household").exists()
    assert AuditEvent.objects.filter(person_id=son.pk, what__contains="[erased]").exists()
    page = client.get(reverse("people:detail", args=[son.pk])).content.decode()
    assert f"Household {household.pk}" in page and "Okafor household" not in page
    lists = client.get(reverse("casework:lists_viewed")).content.decode()
    assert NAME not in lists and "[erased]" in lists


def backup_text(path: Path) -> list[Path]:
    """The backup as searchable files: SQLite's own file, or PostgreSQL's dump as SQL."""
    if connection.vendor == "sqlite":
        return [path]
    sql = path.with_suffix(".sql")
    subprocess.run(
        ["pg_restore", "--file", str(sql), str(path)], check=True, env=_pg_environment(connection)
    )
    return [sql]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_taken_after_erasure_holds_none_of_it(transactional_world, client, data_folder):
    world = transactional_world
    ama, _son = her_life_in_lac(world, client, data_folder)
    person_erase(person=ama, actor=Actor(user=world.bob))

    path = data_folder / "backups" / "after.backup"
    call_command("backup", str(path))

    assert file_traces(backup_text(path), TERMS) == []
