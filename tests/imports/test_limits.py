"""Files built to take a worker down are refused, naming the limit, in bounded memory."""

from __future__ import annotations

import resource
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lac.audit.actor import Actor
from lac.imports.jobs import job_start
from lac.imports.models import ImportJob
from lac.imports.readers import UnreadableFile, open_workbook
from lac.imports.services import job_create
from lac.jobs.services import QueueFull
from tests.imports import workbooks

MB = 1024 * 1024


def read_all(path: Path) -> None:
    for sheet in open_workbook(path).sheets:
        for _ in sheet.rows():
            pass


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rewritten(source: Path, target: Path, member: str, change) -> Path:
    """A copy of an xlsx with one part's XML changed (what an attacker edits by hand)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item.filename, change(data) if item.filename == member else data)
    return target


def small_xlsx(tmp_path: Path) -> Path:
    rows = [["Ann Example", "01/01/1950", "North", "01/05/2021", "GP", "1"]]
    return workbooks.simple_workbook(tmp_path / "small.xlsx", rows)


def test_a_sheet_claiming_the_whole_grid_is_refused_before_it_is_loaded(tmp_path):
    far_cell = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    lie = rewritten(
        small_xlsx(tmp_path),
        tmp_path / "lie.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</sheetData>", far_cell + b"</sheetData>").replace(
            b'<dimension ref="A1:F2"/>', b'<dimension ref="A1:XFD1048576"/>'
        ),
    )
    assert lie.stat().st_size < 10_000
    before = peak_memory_mb()

    with pytest.raises(UnreadableFile) as refused:
        read_all(lie)

    assert "lie.xlsx: sheet 1 reaches row 1,048,576; lac reads at most 50,000 rows" in str(
        refused.value
    )
    assert peak_memory_mb() - before < 100


def test_a_declared_dimension_alone_is_checked_too(tmp_path):
    lie = rewritten(
        small_xlsx(tmp_path),
        tmp_path / "wide.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<dimension ref="A1:F2" />', b'<dimension ref="A1:XFD2" />'),
    )
    with pytest.raises(UnreadableFile, match="reaches column 16,384; lac reads at most 200"):
        read_all(lie)


def test_a_zip_bomb_is_refused_from_its_directory_before_it_is_unpacked(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with (
        zipfile.ZipFile(small_xlsx(tmp_path)) as old,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as new,
    ):
        for item in old.infolist():
            new.writestr(item.filename, old.read(item))
        with new.open("xl/media/padding.bin", "w") as padding:
            for _ in range(400):
                padding.write(bytes(MB))
    assert bomb.stat().st_size < MB
    before, started = peak_memory_mb(), time.monotonic()

    with pytest.raises(UnreadableFile, match="unpacks to 400 MB; lac reads at most 150 MB"):
        read_all(bomb)

    assert peak_memory_mb() - before < 50
    assert time.monotonic() - started < 5


def test_a_csv_with_100000_columns_is_refused_at_its_first_row(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{n}" for n in range(100_000)) + "\n")
    with pytest.raises(UnreadableFile, match="wide.csv: row 1 has 100,000 columns; lac reads"):
        read_all(wide)


def test_a_csv_longer_than_the_row_limit_is_refused_before_it_is_read(tmp_path):
    long = tmp_path / "long.csv"
    line = b"Ann Example,01/01/1950,North,01/05/2021,GP,1\n"
    long.write_bytes(b"Name,DOB,Ward,Date introduced,Introduced by,Level\n" + line * 300_000)
    assert long.stat().st_size > 13_000_000
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="reaches row 300,001; lac reads at most 50,000 rows"):
        next(open_workbook(long).sheets[0].rows())
    assert time.monotonic() - started < 2


def test_a_cell_longer_than_the_limit_names_the_cell(tmp_path):
    long_cell = tmp_path / "notes.csv"
    long_cell.write_text("Name,Notes\nAnn," + "x" * 40_000 + "\n")
    with pytest.raises(UnreadableFile, match="cell B2 holds 40,000 characters; lac reads at most"):
        read_all(long_cell)


def test_the_limits_are_settings(tmp_path, settings):
    settings.LAC_IMPORT_MAX_ROWS = 1
    path = tmp_path / "two.csv"
    path.write_text("Name\nAnn\n")
    with pytest.raises(UnreadableFile, match="lac reads at most 1 row\\. "):
        read_all(path)


@pytest.fixture
def signed_in(client_for, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return client_for("bob")


def test_the_columns_page_explains_a_refused_file_instead_of_listing_it(signed_in, world):
    wide = ",".join(f"c{n}" for n in range(100_000)).encode()
    signed_in.post(
        "/imports/",
        {"programme": world.programme.pk, "file": SimpleUploadedFile("wide.csv", wide)},
    )
    job = ImportJob.objects.get()

    response = signed_in.get(f"/imports/{job.pk}/columns/")

    html = response.content.decode()
    assert "wide.csv: row 1 has 100,000 columns; lac reads at most 200" in html
    assert len(html) < 50_000


def test_an_upload_over_the_size_limit_is_refused_naming_the_limit(signed_in, world, settings):
    settings.LAC_IMPORT_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("big.csv", b"Name\n" + b"Ann Example\n" * 100_000)
    response = signed_in.post("/imports/", {"programme": world.programme.pk, "file": big})
    assert "The spreadsheet is 1.1 MB; it must be at most 1 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def uploaded(world, user, tmp_path, name="a.csv") -> ImportJob:
    upload = SimpleUploadedFile(name, b"Name\nAnn Example\n")
    return job_create(programme=world.programme, upload=upload, actor=Actor(user=user))


def test_one_person_can_have_only_so_many_imports_queued(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LAC_IMPORT_MAX_QUEUED_PER_USER = 2
    for _ in range(2):
        job = uploaded(world, world.bob, tmp_path)
        ImportJob.objects.filter(pk=job.pk).update(task_state=ImportJob.TaskState.QUEUED)
    third = uploaded(world, world.bob, tmp_path)

    with pytest.raises(QueueFull, match="You already have 2 imports waiting or in progress"):
        job_start(job=third, task_kind=ImportJob.Task.CHECK, actor=Actor(user=world.bob))

    ImportJob.objects.exclude(pk=third.pk).update(task_state=ImportJob.TaskState.DONE)
    assert job_start(
        job=third, task_kind=ImportJob.Task.CHECK, actor=Actor(user=world.bob)
    ).task_state


def test_one_programme_can_have_only_so_many_imports_queued(signed_in, world, tmp_path, settings):
    settings.LAC_IMPORT_MAX_QUEUED_PER_PROGRAMME = 1
    other = uploaded(world, world.alice, tmp_path)
    ImportJob.objects.filter(pk=other.pk).update(task_state=ImportJob.TaskState.RUNNING)
    job = uploaded(world, world.bob, tmp_path)

    response = signed_in.post(f"/imports/{job.pk}/columns/", {"col_0": "name"})

    html = response.content.decode()
    assert "Programme A already has 1 imports waiting or in progress" in html
    assert "There is a problem" in html
    job.refresh_from_db()
    assert job.task_state == ""
