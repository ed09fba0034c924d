import pytest
from django.utils.translation import get_language

from lac.audit.actor import Actor
from lac.evaluation.models import Mode, Run
from lac.evaluation.services import run_create
from lac.reports.models import Extract, Job
from tests.evaluation.factories import derby_document, stored_map
from tests.reports.factories import people_with_records


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def run(world):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST, document=derby_document())
    return run_create(
        version=impact_map.versions.get(), start=None, end=None, draws=500, seed=1, actor=Actor()
    )


def test_a_pdf_prepared_in_the_background_is_ready_to_download(
    client_for, world, run, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for("lena")
    response = client.post(f"/reports/sroi/{run.pk}/prepare-pdf/")
    job = Job.objects.get()
    assert response["Location"] == f"/reports/jobs/{job.pk}/"
    assert job.task_state == Job.TaskState.DONE and job.percent == 100
    page = client.get(f"/reports/jobs/{job.pk}/").content.decode()
    assert "Ready" in page and "Download" in page
    download = client.get(f"/reports/jobs/{job.pk}/download")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_pdf_is_prepared_in_the_language_of_whoever_asked(
    client_for, world, run, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(
        "lac.reports.pdf.sroi_pdf", lambda run, suppress: f"{get_language()}".encode()
    )
    client = client_for("lena")
    client.cookies["django_language"] = "cy"
    client.post(f"/reports/sroi/{run.pk}/prepare-pdf/")
    job = Job.objects.get()
    assert job.language == "cy"
    assert b"".join(client.get(f"/reports/jobs/{job.pk}/download").streaming_content) == b"cy"


def test_a_job_still_running_polls_for_its_progress(client_for, world, run, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for("lena")
    client.post(f"/reports/sroi/{run.pk}/prepare-pdf/")
    job = Job.objects.get()
    page = client.get(f"/reports/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Waiting to start" in page
    fragment = client.get(f"/reports/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Waiting to start" in fragment and "<progress" in fragment
    assert "<html" not in fragment
    assert client.get(f"/reports/jobs/{job.pk}/download").status_code == 404


def test_only_the_person_who_asked_can_see_a_job(client_for, world, run, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client_for("lena").post(f"/reports/sroi/{run.pk}/prepare-pdf/")
    job = Job.objects.get()
    other = client_for("bob")
    assert other.get(f"/reports/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/reports/jobs/{job.pk}/download").status_code == 404


def test_a_large_extract_can_be_prepared_in_the_background(client_for, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    people_with_records(world.north, 3)
    client = client_for("eve")
    client.post(
        "/reports/extract/",
        {"programme": world.programme.pk, "year": "2025", "file_format": "csv", "background": "on"},
    )
    job = Job.objects.get()
    assert job.task_state == Job.TaskState.DONE
    content = b"".join(client.get(f"/reports/jobs/{job.pk}/download").streaming_content)
    assert content.decode("utf-8-sig").count("\n") == 4  # header and three people
    assert Extract.objects.get().rows == 3


def test_a_run_with_many_draws_can_go_to_the_background(client_for, world):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST)
    client = client_for("lena")
    client.post(f"/evaluation/{impact_map.pk}/run/", {"draws": 1000, "seed": 2, "background": "on"})
    job = Job.objects.get()
    run = Run.objects.get()
    assert job.params["run_id"] == run.pk
    assert f"/reports/sroi/{run.pk}/" in client.get(f"/reports/jobs/{job.pk}/").content.decode()


def test_a_person_with_reports_already_waiting_is_told_to_wait(client_for, world, run, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.LAC_REPORT_MAX_QUEUED_PER_USER = 2
    client = client_for("lena")
    for _ in range(2):
        client.post(f"/reports/sroi/{run.pk}/prepare-pdf/")
    third = client.post(f"/reports/sroi/{run.pk}/prepare-pdf/", follow=True)
    assert Job.objects.count() == 2
    assert "You already have 2 reports or runs waiting or in progress" in third.content.decode()


def test_a_programme_with_its_queue_full_takes_no_more_runs(client_for, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.LAC_REPORT_MAX_QUEUED_PER_PROGRAMME = 1
    impact_map = stored_map(world.programme, mode=Mode.FORECAST, document=derby_document())
    client = client_for("lena")
    data = {"background": "on", "draws": "1000", "seed": "1"}
    client.post(f"/evaluation/{impact_map.pk}/run/", data)
    page = client.post(f"/evaluation/{impact_map.pk}/run/", data).content.decode()
    assert Job.objects.count() == 1
    assert "Programme A already has 1 reports or runs waiting or in progress" in page
