"""Files lac writes in the data folder are its user's alone: files 0600, folders 0700."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from lac.audit.actor import Actor
from lac.imports import jobs
from lac.imports.models import ImportJob
from lac.imports.services import job_create


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def lax_umask():
    """Most servers' umask: files 0644 and folders 0755 unless lac says otherwise."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_an_uploaded_spreadsheet_and_its_problems_workbook_are_private(
    world, tmp_path, settings, lax_umask
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    text = "Name,DOB,Ward,Date introduced,Introduced by,Level\nAnn Example,31/02/1950,North,,GP,1\n"
    upload = SimpleUploadedFile("jo.csv", text.encode())
    job = job_create(programme=world.programme, upload=upload, actor=Actor(user=world.bob))
    jobs.job_start(job=job, task_kind=ImportJob.Task.CHECK, actor=Actor(user=world.bob))
    upload_path = Path(job.stored_path)
    assert mode(upload_path) == 0o600
    assert mode(Path(job.stored_path + ".errors.xlsx")) == 0o600
    assert [mode(p) for p in (upload_path.parent, upload_path.parent.parent)] == [0o700, 0o700]
    assert mode(settings.MEDIA_ROOT) == 0o700


def test_report_files_saved_through_django_storage_are_private(tmp_path, settings, lax_umask):
    settings.MEDIA_ROOT = tmp_path / "media"
    name = default_storage.save("reports/jobs/sroi.pdf", ContentFile(b"%PDF"))
    path = Path(default_storage.path(name))
    assert (mode(path), mode(path.parent), mode(path.parent.parent)) == (0o600, 0o700, 0o700)


STARTUP = """
import json, os, stat
os.umask(0o022)
import django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (x)")
    cursor.execute("INSERT INTO t VALUES (1)")
    paths = [settings.DATA_DIR, *settings.DATA_DIR.iterdir()]
    print(json.dumps({p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in paths}))
"""


def test_the_data_folder_and_sqlite_database_and_its_log_are_private(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    (folder / "lac.sqlite3").touch(mode=0o644)  # left by an earlier, laxer version
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(LAC_DATA_DIR=str(folder), DJANGO_SETTINGS_MODULE="lac.settings", LAC_ENV="")
    result = subprocess.run(
        [sys.executable, "-c", STARTUP], env=env, capture_output=True, text=True, check=True
    )
    modes = json.loads(result.stdout.strip().splitlines()[-1])
    assert modes == {
        "data": "0o700",
        "lac.sqlite3": "0o600",
        "lac.sqlite3-wal": "0o600",
        "lac.sqlite3-shm": "0o600",
        "secret_key": "0o600",
    }
