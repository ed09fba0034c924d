"""Reports in Welsh: the dashboard's frame, the SROI report and its PDF, in the language it
was asked for in (a PDF is made in the background and read later, on their page, whatever
language the reader has chosen since)."""

import pytest
from django.utils import translation

from lac.audit.actor import Actor
from lac.evaluation.models import Mode
from lac.evaluation.services import run_create
from lac.reports.jobs import run_job
from lac.reports.models import Job
from lac.reports.pdf import sroi_html
from tests.evaluation.factories import derby_document, stored_map
from tests.pdfs import pdf_objects
from tests.reports.factories import people_with_records

FY = "?year=2025"


@pytest.fixture
def run(world):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST, document=derby_document())
    return run_create(
        version=impact_map.versions.get(), start=None, end=None, draws=500, seed=1, actor=Actor()
    )


def speaking_welsh(user):
    user.preferred_language = "cy"
    user.save(update_fields=["preferred_language"])


def test_the_dashboard_speaks_welsh_with_welsh_months(client_for, world):
    speaking_welsh(world.bob)
    page = client_for("bob").get(f"/reports/dashboard/{FY}").content.decode()
    assert "Dangosfwrdd y rhaglen" in page and "Dangos y ffigurau" in page
    assert "Programme A, 1 Ebrill 2025 i 31 Mawrth 2026." in page
    assert "Ebrill 2025 i Fawrth 2026" in page  # the year picker
    assert "Cyflwyniadau fesul mis ac yn ôl pwy a’u gwnaeth" in page
    assert "Mehefin 2025" in page and "June 2025" not in page  # each month's row


def test_a_download_says_what_it_covers_in_the_readers_language(client_for, world):
    speaking_welsh(world.bob)
    csv = client_for("bob").get(f"/reports/dashboard/introductions.csv{FY}")
    text = csv.content.decode("utf-8-sig")
    assert "Cyfnod,1 Ebrill 2025 i 31 Mawrth 2026" in text
    assert "Pob un (y rhaglen gyfan)" in text


def test_the_sroi_pdf_is_welsh_in_welsh_and_says_so_to_screen_readers(run):
    with translation.override("cy"):
        html = sroi_html(run)
    assert '<html lang="cy">' in html
    assert "Y canlyniad" in html and "Cymhareb SROI" in html and "Tudalen" in html
    # What the ratio leaves out and the seven principles are worked out in Python.
    assert "Arbedion arian parod" in html and "Cynnwys rhanddeiliaid" in html
    assert "Cash savings" not in html and "Involve stakeholders" not in html
    assert '<html lang="en-GB">' in sroi_html(run)


def asked_and_waiting(client, run):
    """An SROI PDF asked for on the report's page, left waiting for the worker."""
    client.post(f"/reports/sroi/{run.pk}/prepare-pdf/")
    job = Job.objects.get()
    assert job.task_state == Job.TaskState.QUEUED
    return job


def made_by_the_worker(job, speaking):
    """The worker makes the PDF while ``speaking`` is active (whatever a worker process, or
    the reader's last page, happens to have), which must not matter."""
    with translation.override(speaking):
        run_job.call(job.pk)
    job.refresh_from_db()
    assert job.task_state == Job.TaskState.DONE
    return job


@pytest.fixture
def waiting_worker(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MEDIA_ROOT = tmp_path


def test_a_pdf_asked_for_in_welsh_is_made_in_welsh_though_the_reader_switched_since(
    client_for, world, run, waiting_worker
):
    speaking_welsh(world.lena)
    client = client_for("lena")
    job = asked_and_waiting(client, run)
    assert job.language == "cy"
    client.post("/accounts/language/", {"language": "en-gb", "next": "/"})
    job = made_by_the_worker(job, speaking="en-gb")
    assert job.message == "Wedi’i wneud"
    page = client.get(f"/reports/jobs/{job.pk}/").content.decode()
    assert "Ready" in page and "SROI report as PDF" in page  # the page: English now
    pdf = b"".join(client.get(f"/reports/jobs/{job.pk}/download").streaming_content)
    assert b"/Lang (cy)" in pdf_objects(pdf)  # the PDF: as it was asked for


def test_a_pdf_asked_for_in_english_is_made_in_english_though_the_reader_switched_since(
    client_for, world, run, waiting_worker
):
    client = client_for("lena")
    job = asked_and_waiting(client, run)
    assert job.language == "en-gb"
    client.post("/accounts/language/", {"language": "cy", "next": "/"})
    job = made_by_the_worker(job, speaking="cy")
    assert job.message == "Done"
    page = client.get(f"/reports/jobs/{job.pk}/").content.decode()
    assert "Yn barod" in page and "Adroddiad SROI fel PDF" in page
    pdf = b"".join(client.get(f"/reports/jobs/{job.pk}/download").streaming_content)
    assert b"/Lang (en-GB)" in pdf_objects(pdf)


def test_who_the_programme_reaches_and_its_outcomes_are_welsh_in_welsh(client_for, world):
    people_with_records(world.north, 12)
    speaking_welsh(world.bob)
    page = client_for("bob").get(f"/reports/dashboard/{FY}").content.decode()
    assert "Pwy mae’r rhaglen yn eu cyrraedd: rhyw" in page
    assert "Canlyniadau yn ôl rhyw (prisiau " in page
    assert "Pobl a gefnogwyd (%)" in page and "Pobl a sgoriwyd ddwywaith" in page
    assert "Who the programme reaches" not in page and "Outcomes by" not in page
    # The introductions by month and source: its column of row totals is named in Welsh.
    assert ">Cyfanswm</th>" in page and ">Total</th>" not in page
    download = client_for("bob").get(f"/reports/dashboard/reach_sex.csv{FY}")
    assert "Pwy mae’r rhaglen yn eu cyrraedd: rhyw" in download.content.decode("utf-8-sig")
