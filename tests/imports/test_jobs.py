"""Trial runs and imports in the background: states, progress, stopping, failing, stalling
(a worker that died), who may look."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone

from lac.audit.actor import Actor
from lac.casework.models import Conversation, Introduction, LevelChange, StatusChange
from lac.imports import engine, jobs
from lac.imports.engine import run_import
from lac.imports.models import ImportedRow, ImportJob
from lac.imports.services import job_create
from lac.imports.store import CaseworkStore
from lac.jobs.models import STALL_AFTER
from lac.jobs.services import job_cancel, job_mark_stopped
from lac.people.models import Person
from tests.conftest import force_login_verified
from tests.factories import UserFactory, grant
from tests.imports import workbooks
from tests.permission_matrix import Page, case_id, cases, check

TaskState = ImportJob.TaskState
CHECK, COMMIT = ImportJob.Task.CHECK, ImportJob.Task.COMMIT
ROWS = 12


@pytest.fixture
def queue_only(settings):
    """Tasks are queued and wait, as when the worker has not picked them up yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def job(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    rows = [
        [f"Ann Example{n}", "01/01/1960", "North", "01/05/2021", "GP", "1"] for n in range(ROWS)
    ]
    path = workbooks.simple_workbook(tmp_path / "twelve.xlsx", rows)
    upload = SimpleUploadedFile("twelve.xlsx", path.read_bytes())
    return job_create(programme=world.programme, upload=upload, actor=Actor(user=world.bob))


@pytest.fixture
def checked(job, world):
    return jobs.job_start(job=job, task_kind=CHECK, actor=Actor(user=world.bob))


@pytest.fixture
def small_steps(monkeypatch):
    """Progress every 2 rows and batches of 3, so a small file goes through several of each."""
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 2)
    monkeypatch.setitem(run_import.__kwdefaults__, "batch_size", 3)


def queued(job, world, task_kind, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return jobs.job_start(job=job, task_kind=task_kind, actor=Actor(user=world.bob))


def run(job, world, save_as=""):
    jobs.run_job.call(job.pk, world.bob.pk, save_as)
    job.refresh_from_db()
    return job


def nothing_written():
    return not any(
        model.objects.exists()
        for model in (
            Person,
            Introduction,
            ImportedRow,
            LevelChange,
            StatusChange,
            Conversation,
        )
    )


def watch_progress(monkeypatch, then=None):
    """Every progress record the task makes, as (task state, processed, total) seen after it."""
    seen = []
    original = jobs.JobProgress.record

    def record(self, done, message):
        original(self, done, message)
        row = ImportJob.objects.get(pk=self.job_id)
        seen.append((row.task_state, row.processed, row.total))
        if then is not None:
            then(len(seen), row)

    monkeypatch.setattr(jobs.JobProgress, "record", record)
    return seen


# -- states and progress ----------------------------------------------------------


def test_a_trial_run_waits_then_runs_with_its_progress_then_is_done(
    job, world, settings, monkeypatch, small_steps
):
    job = queued(job, world, CHECK, settings)
    assert (job.task, job.task_state) == (CHECK, TaskState.QUEUED)
    assert job.message == "Waiting for the background worker" and job.task_id
    seen = watch_progress(monkeypatch)
    job = run(job, world)
    states = {state for state, _, _ in seen}
    assert states == {TaskState.RUNNING}
    processed = [done for _, done, _ in seen]
    assert processed == sorted(processed) and len(set(processed)) >= 4  # it advances
    assert seen[-1][1:] == (ROWS + 1, ROWS + 1)  # header and rows: all read
    assert job.task_state == TaskState.DONE and job.state == ImportJob.State.CHECKED
    assert job.processed == job.total == ROWS + 1 and job.percent == 100
    assert job.report["created"]["people"] == ROWS and job.report["dry_run"] is True
    assert nothing_written()


def test_an_import_saves_its_rows_and_says_so(checked, world, settings):
    job = queued(checked, world, COMMIT, settings)
    job = run(job, world, save_as="Twelve")
    assert job.task_state == TaskState.DONE and job.state == ImportJob.State.IMPORTED
    assert job.committed is not None and job.message == f"Imported {ROWS} rows"
    assert Person.objects.count() == ROWS
    assert ImportedRow.objects.count() == ROWS


def test_a_second_task_is_not_started_while_one_is_going(job, world, settings):
    job = queued(job, world, CHECK, settings)
    again = jobs.job_start(job=job, task_kind=COMMIT, actor=Actor(user=world.bob))
    assert again.task == CHECK and again.task_id == job.task_id


# -- stopping -------------------------------------------------------------------


def test_stopping_before_it_starts_means_it_never_runs(checked, world, settings):
    job = queued(checked, world, COMMIT, settings)
    assert job_cancel(job)
    job.refresh_from_db()
    assert job.task_state == TaskState.CANCELLED
    job = run(job, world)
    assert job.task_state == TaskState.CANCELLED and job.state == ImportJob.State.CHECKED
    assert nothing_written()


def test_stopping_while_it_reads_saves_nothing(checked, world, settings, monkeypatch, small_steps):
    job = queued(checked, world, COMMIT, settings)

    def stop_at_the_third(count, row):
        if count == 3:
            assert job_cancel(row)  # as the stop button does, from another request

    seen = watch_progress(monkeypatch, then=stop_at_the_third)
    job = run(job, world)
    assert len(seen) == 3  # the step after the stop was asked for stopped it
    assert job.task_state == TaskState.CANCELLED
    assert job.message == "Stopped: nothing was saved"
    assert job.state == ImportJob.State.CHECKED  # the trial run's report still stands
    assert nothing_written()


def test_stopping_while_it_saves_rolls_back_the_rows_already_written(
    checked, world, settings, monkeypatch, small_steps
):
    job = queued(checked, world, COMMIT, settings)
    original = CaseworkStore.process
    written = []

    def process(self, rows, report):
        original(self, rows, report)
        written.append(Person.objects.count())
        if len(written) == 1:
            assert job_cancel(job)

    monkeypatch.setattr(CaseworkStore, "process", process)
    job = run(job, world)
    assert written == [3]  # the first batch was in, then the stop was seen before the next
    assert job.task_state == TaskState.CANCELLED and job.state == ImportJob.State.CHECKED
    assert nothing_written()


def test_a_stop_asked_for_as_it_finishes_still_saves_nothing(checked, world, settings, monkeypatch):
    """The job says imported only in the import's own transaction, and only if still wanted."""
    job = queued(checked, world, COMMIT, settings)
    original = CaseworkStore.process

    def process(self, rows, report):
        original(self, rows, report)
        ImportJob.objects.filter(pk=job.pk).update(task_state=TaskState.CANCELLING)

    monkeypatch.setattr(CaseworkStore, "process", process)
    job = run(job, world)
    assert job.task_state == TaskState.CANCELLED and job.committed is None
    assert nothing_written()


def test_a_finished_task_cannot_be_stopped(checked):
    assert not job_cancel(checked)
    checked.refresh_from_db()
    assert checked.task_state == TaskState.DONE


# -- failing --------------------------------------------------------------------


def test_a_database_error_half_way_fails_the_job_and_saves_nothing(
    checked, world, settings, monkeypatch, small_steps
):
    job = queued(checked, world, COMMIT, settings)
    original = CaseworkStore.write_introductions
    calls = []

    def flaky(self, adds, report):
        calls.append(len(adds))
        if len(calls) == 2:
            raise DatabaseError("disk I/O error")
        return original(self, adds, report)

    monkeypatch.setattr(CaseworkStore, "write_introductions", flaky)
    job = run(job, world)
    assert calls == [3, 3]  # the first batch was written before the failure…
    assert job.task_state == TaskState.FAILED
    assert "disk I/O error" in job.message and "nothing was imported" in job.message
    assert job.state == ImportJob.State.CHECKED
    assert nothing_written()  # …and rolled back with it


def test_an_unexpected_error_fails_the_job_with_a_message_naming_it(
    checked, world, settings, monkeypatch, client_for
):
    job = queued(checked, world, COMMIT, settings)

    def broken(self, rows, report):
        Person.objects.create(full_name="Half Written", neighbourhood=world.north)
        raise KeyError("neighbourhood")

    monkeypatch.setattr(CaseworkStore, "process", broken)
    job = run(job, world)
    assert job.task_state == TaskState.FAILED
    assert "twelve.xlsx: an unexpected error stopped it, so nothing was saved" in job.message
    assert "KeyError: 'neighbourhood'" in job.message
    assert nothing_written()
    client = client_for("bob")
    page = client.get(f"/imports/{job.pk}/progress/").content.decode()
    assert "could not be finished" in page and "KeyError" in page
    assert "Nothing has been saved" in page and "Traceback" not in page
    index = client.get("/imports/").content.decode()
    assert "Import could not be finished" in index and f"/imports/{job.pk}/progress/" in index


def test_a_file_gone_unreadable_fails_the_trial_run_with_its_reason(job, world, settings):
    with open(job.stored_path, "wb") as damaged:
        damaged.write(b"%PDF-1.4 not a spreadsheet")
    job = run(queued(job, world, CHECK, settings), world)
    assert job.task_state == TaskState.FAILED
    assert job.message == "twelve.xlsx: not a spreadsheet (it looks like a PDF document)"


# -- the progress page ------------------------------------------------------------


def test_the_progress_page_polls_and_shows_rows_and_percent_as_text(
    client_for, job, world, settings
):
    job = queued(job, world, CHECK, settings)
    ImportJob.objects.filter(pk=job.pk).update(
        task_state=TaskState.RUNNING, processed=1500, total=6000, message="Reading"
    )
    page = client_for("bob").get(f"/imports/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 2s"' in page and 'aria-live="polite"' in page
    assert '<progress max="100" value="25"' in page
    assert "1,500 of 6,000 rows read and checked (25%)" in page
    assert '<meta http-equiv="refresh" content="2">' in page  # inside <noscript>
    assert "Stop the trial run" in page and "csrfmiddlewaretoken" in page


def test_the_polled_fragment_is_only_the_progress(client_for, job, world, settings):
    job = queued(job, world, CHECK, settings)
    fragment = client_for("bob").get(f"/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "<progress" in text and "Waiting to start" in text
    assert "<html" not in text and "Stop the" not in text  # the button stays put, focus too


def test_when_the_trial_run_is_done_the_page_moves_on_to_its_report(client_for, checked):
    client = client_for("bob")
    fragment = client.get(f"/imports/{checked.pk}/progress/", HTTP_HX_REQUEST="true")
    assert fragment["HX-Redirect"] == f"/imports/{checked.pk}/check/"
    assert client.get(f"/imports/{checked.pk}/progress/")["Location"] == (
        f"/imports/{checked.pk}/check/"
    )
    report = client.get(f"/imports/{checked.pk}/check/").content.decode()
    assert "What the import would do" in report


def test_a_stopped_task_reloads_the_page_once_to_say_so(client_for, checked, world, settings):
    job = queued(checked, world, COMMIT, settings)
    job_cancel(job)
    client = client_for("bob")
    fragment = client.get(f"/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"
    page = client.get(f"/imports/{job.pk}/progress/").content.decode()
    assert "The import was stopped. Nothing has been saved." in page
    assert "hx-trigger" not in page and "Stop the" not in page


def test_the_steps_of_a_busy_job_show_its_progress_instead(client_for, checked, world, settings):
    job = queued(checked, world, COMMIT, settings)
    client = client_for("bob")
    for step in ("columns", "values", "check", "confirm"):
        response = client.get(f"/imports/{job.pk}/{step}/")
        assert response["Location"] == f"/imports/{job.pk}/progress/", step
    index = client.get("/imports/").content.decode()
    assert f"/imports/{job.pk}/progress/" in index and "Import: waiting to start" in index


def test_the_stop_button_stops_it(client_for, checked, world, settings):
    job = queued(checked, world, COMMIT, settings)
    ImportJob.objects.filter(pk=job.pk).update(task_state=TaskState.RUNNING)
    response = client_for("bob").post(f"/imports/{job.pk}/cancel/", follow=True)
    assert "Stopping the import: nothing is saved." in response.content.decode()
    job.refresh_from_db()
    assert job.task_state == TaskState.CANCELLING


def test_stopping_a_finished_task_says_it_could_not(client_for, checked):
    response = client_for("bob").post(f"/imports/{checked.pk}/cancel/", follow=True)
    assert "could not be stopped: it has finished" in response.content.decode()


# -- who may see and stop a job ------------------------------------------------------


def progress_url(world):
    return f"/imports/{ImportJob.objects.get().pk}/progress/"


PAGES = [Page("progress", progress_url, allowed=frozenset({"bob"}))]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_only_team_managers_see_the_progress(client, world, job, queue_only, page, user):
    jobs.job_start(job=job, task_kind=CHECK, actor=Actor(user=world.bob))
    check(client, world, page, user)


@pytest.mark.parametrize(
    ("user", "status"),
    [(u, 403) for u in ("alice", "amir", "lena", "eve", "nina", "charlie", "root")],
)
def test_others_cannot_stop_a_job(client, world, job, queue_only, user, status):
    jobs.job_start(job=job, task_kind=CHECK, actor=Actor(user=world.bob))
    force_login_verified(client, world.user(user))
    assert client.post(f"/imports/{job.pk}/cancel/").status_code == status
    job.refresh_from_db()
    assert job.task_state == TaskState.QUEUED


def test_a_manager_of_another_programme_finds_no_such_job(client, world, job, queue_only):
    jobs.job_start(job=job, task_kind=CHECK, actor=Actor(user=world.bob))
    olga = UserFactory(username="olga")
    grant(olga, "manager", programme=world.other_programme)
    force_login_verified(client, olga)
    assert client.get(f"/imports/{job.pk}/progress/").status_code == 404
    assert client.post(f"/imports/{job.pk}/cancel/").status_code == 404
    job.refresh_from_db()
    assert job.task_state == TaskState.QUEUED


def test_another_manager_of_the_programme_may_stop_the_owners_job(client, world, job, queue_only):
    jobs.job_start(job=job, task_kind=CHECK, actor=Actor(user=world.bob))
    mo = UserFactory(username="mo")
    grant(mo, "manager", programme=world.programme)
    force_login_verified(client, mo)
    assert client.get(f"/imports/{job.pk}/progress/").status_code == 200
    assert client.post(f"/imports/{job.pk}/cancel/").status_code == 302
    job.refresh_from_db()
    assert job.task_state == TaskState.CANCELLED


def test_stopping_needs_a_post_with_the_form_token(world, job, queue_only):
    jobs.job_start(job=job, task_kind=CHECK, actor=Actor(user=world.bob))
    client = force_login_verified(Client(enforce_csrf_checks=True), world.bob)
    assert client.get(f"/imports/{job.pk}/cancel/").status_code == 405
    assert client.post(f"/imports/{job.pk}/cancel/").status_code == 403
    job.refresh_from_db()
    assert job.task_state == TaskState.QUEUED


def test_progress_skips_a_step_when_the_database_is_busy_and_carries_on(
    checked, world, settings, monkeypatch, small_steps
):
    """On SQLite a progress write can time out behind another writer: the import goes on."""
    from django.db import OperationalError
    from django.db.models import QuerySet

    job = queued(checked, world, COMMIT, settings)
    original = QuerySet.update
    busy = []

    def update(self, **fields):
        if self.model is ImportJob and "processed" in fields and len(busy) < 2:
            busy.append(fields["processed"])
            raise OperationalError("database is locked")
        return original(self, **fields)

    monkeypatch.setattr(QuerySet, "update", update)
    job = run(job, world)
    assert len(busy) == 2
    assert job.task_state == TaskState.DONE and Person.objects.count() == ROWS


# -- a worker that died: stalled jobs ------------------------------------------------


def at(job, task_state, ago):
    """The job as a worker left it, its last progress ``ago`` before now."""
    ImportJob.objects.filter(pk=job.pk).update(
        task_state=task_state, progress_at=timezone.now() - ago, message="Reading"
    )
    job.refresh_from_db()
    return job


def clock(moment):
    local = timezone.localtime(moment)
    day = "" if local.date() == timezone.localdate() else f" on {local.day} {local:%B}"
    return f"{local:%H:%M}{day}"


QUIET = STALL_AFTER + timedelta(minutes=1)
BUSY = STALL_AFTER - timedelta(minutes=1)


@pytest.fixture
def stalled(checked, world, settings):
    """An import whose worker died while it read the rows."""
    return at(queued(checked, world, COMMIT, settings), TaskState.RUNNING, QUIET)


@pytest.mark.parametrize(
    ("task_state", "ago", "is_stalled", "waiting_long"),
    [
        (TaskState.RUNNING, BUSY, False, False),
        (TaskState.RUNNING, QUIET, True, False),
        (TaskState.CANCELLING, BUSY, False, False),
        (TaskState.CANCELLING, QUIET, True, False),
        (TaskState.QUEUED, BUSY, False, False),
        (TaskState.QUEUED, QUIET, False, True),  # the worker is not running: not stalled
        (TaskState.DONE, QUIET, False, False),
        (TaskState.FAILED, QUIET, False, False),
        (TaskState.CANCELLED, QUIET, False, False),
    ],
)
def test_a_running_or_stopping_job_is_stalled_after_a_quiet_spell(
    job, task_state, ago, is_stalled, waiting_long
):
    job = at(job, task_state, ago)
    assert job.is_stalled is is_stalled and job.is_waiting_long is waiting_long
    assert ImportJob.objects.stalled().filter(pk=job.pk).exists() is is_stalled


def test_the_job_records_when_it_was_queued_started_and_progressed(
    job, world, settings, monkeypatch, small_steps
):
    before = timezone.now()
    job = queued(job, world, CHECK, settings)
    assert job.progress_at >= before
    beats = []
    original = jobs.JobProgress.record

    def record(self, done, message):
        original(self, done, message)
        beats.append(ImportJob.objects.get(pk=self.job_id).progress_at)

    monkeypatch.setattr(jobs.JobProgress, "record", record)
    queued_at = job.progress_at
    run(job, world)
    assert len(beats) >= 4 and beats == sorted(beats) and beats[0] > queued_at


def test_the_page_of_a_stalled_job_says_what_happened_and_offers_to_mark_it_stopped(
    client_for, stalled
):
    client = client_for("bob")
    page = client.get(f"/imports/{stalled.pk}/progress/").content.decode()
    assert (
        "The background worker stopped without finishing: no progress since "
        f"{clock(stalled.progress_at)}. Nothing from this file was saved."
    ) in page
    assert f'action="/imports/{stalled.pk}/mark-stopped/"' in page and "Mark as stopped" in page
    assert "csrfmiddlewaretoken" in page
    assert "Stop the" not in page and "hx-trigger" not in page and "refresh" not in page
    fragment = client.get(f"/imports/{stalled.pk}/progress/", HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"  # a page watching it reloads to say so
    index = client.get("/imports/").content.decode()
    assert "Import: stalled" in index


def test_a_stall_found_days_later_names_the_day(job):
    job = at(job, TaskState.RUNNING, timedelta(days=2))
    local = timezone.localtime(job.progress_at)
    assert f"no progress since {local:%H:%M} on {local.day} {local:%B}." in job.stall_message


@pytest.mark.parametrize("task_state", [TaskState.RUNNING, TaskState.CANCELLING])
def test_a_job_making_progress_offers_no_mark_as_stopped(client_for, job, task_state):
    job = at(job, task_state, BUSY)
    client = client_for("bob")
    page = client.get(f"/imports/{job.pk}/progress/").content.decode()
    assert "Mark as stopped" not in page and "stopped without finishing" not in page
    assert "hx-trigger" in page
    fragment = client.get(f"/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in fragment and "<progress" in fragment.content.decode()


def test_a_job_waiting_long_says_the_worker_must_be_running(client_for, job):
    client = client_for("bob")
    job = at(job, TaskState.QUEUED, BUSY)
    fragment = client.get(f"/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert "lac db_worker" not in fragment.content.decode()
    job = at(job, TaskState.QUEUED, QUIET)
    for response in (
        client.get(f"/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true"),
        client.get(f"/imports/{job.pk}/progress/"),
    ):
        text = response.content.decode()
        assert f"It has been waiting since {clock(job.progress_at)}." in text
        assert "<code>lac db_worker</code>, is running" in text
        assert "Mark as stopped" not in text


def test_marking_a_stalled_import_as_stopped_lets_it_be_started_again(
    client_for, stalled, world, settings
):
    client = client_for("bob")
    assert client.get(f"/imports/{stalled.pk}/confirm/")["Location"].endswith("/progress/")
    response = client.post(f"/imports/{stalled.pk}/mark-stopped/", follow=True)
    page = response.content.decode()
    assert "The import is marked as stopped." in page
    assert "The import could not be finished" in page and "Mark as stopped" not in page
    job = ImportJob.objects.get(pk=stalled.pk)
    assert job.task_state == TaskState.FAILED and job.message == stalled.stall_message
    assert job.state == ImportJob.State.CHECKED and nothing_written()
    assert client.get(f"/imports/{job.pk}/confirm/").status_code == 200  # the way is open
    job = run(jobs.job_start(job=job, task_kind=COMMIT, actor=Actor(user=world.bob)), world)
    assert job.task_state == TaskState.DONE and job.state == ImportJob.State.IMPORTED
    assert Person.objects.count() == ROWS


def test_a_stalled_stop_can_be_marked_stopped_and_the_trial_run_started_again(
    client_for, job, world, settings
):
    job = at(queued(job, world, CHECK, settings), TaskState.CANCELLING, QUIET)
    client = client_for("bob")
    assert client.post(f"/imports/{job.pk}/mark-stopped/").status_code == 302
    job.refresh_from_db()
    assert job.task_state == TaskState.FAILED
    job = run(jobs.job_start(job=job, task_kind=CHECK, actor=Actor(user=world.bob)), world)
    assert job.task_state == TaskState.DONE and job.state == ImportJob.State.CHECKED


@pytest.mark.parametrize(
    ("task_state", "ago"),
    [(TaskState.RUNNING, BUSY), (TaskState.CANCELLING, BUSY), (TaskState.QUEUED, QUIET)],
)
def test_a_live_or_waiting_job_cannot_be_marked_stopped(client_for, job, task_state, ago):
    job = at(job, task_state, ago)
    response = client_for("bob").post(f"/imports/{job.pk}/mark-stopped/", follow=True)
    assert "was not marked as stopped: it is still going" in response.content.decode()
    job.refresh_from_db()
    assert job.task_state == task_state


def test_a_finished_job_cannot_be_marked_stopped(checked):
    ImportJob.objects.filter(pk=checked.pk).update(progress_at=timezone.now() - QUIET)
    assert not job_mark_stopped(checked)
    checked.refresh_from_db()
    assert checked.task_state == TaskState.DONE


def test_marking_stopped_waits_for_nobody_when_the_database_is_locked(stalled, monkeypatch):
    """On SQLite a worker saving its rows holds the write lock: it is alive, so no."""
    from django.db import OperationalError
    from django.db.models import QuerySet

    def locked(self, **fields):
        raise OperationalError("database is locked")

    monkeypatch.setattr(QuerySet, "update", locked)
    assert not job_mark_stopped(stalled)
    monkeypatch.undo()
    stalled.refresh_from_db()
    assert stalled.task_state == TaskState.RUNNING


def test_a_worker_alive_after_all_stops_at_its_next_step_and_saves_nothing(
    checked, world, settings, monkeypatch, small_steps
):
    job = queued(checked, world, COMMIT, settings)

    def fall_quiet_then_be_marked_stopped(count, row):
        if count == 2:
            at(row, TaskState.RUNNING, QUIET)
            assert job_mark_stopped(row)

    seen = watch_progress(monkeypatch, then=fall_quiet_then_be_marked_stopped)
    job = run(job, world)
    assert len(seen) == 2  # the step after the mark stopped it
    assert job.task_state == TaskState.FAILED and "stopped without finishing" in job.message
    assert nothing_written()


def test_a_worker_alive_after_all_leaves_the_new_run_alone(
    checked, world, settings, monkeypatch, small_steps
):
    """Marked stopped and started again: the old run's ending does not overwrite the new one."""
    job = queued(checked, world, COMMIT, settings)

    def marked_stopped_and_started_again(count, row):
        if count == 2:
            at(row, TaskState.RUNNING, QUIET)
            assert job_mark_stopped(row)
            assert jobs.job_start(job=row, task_kind=COMMIT, actor=Actor(user=world.bob)).is_busy

    watch_progress(monkeypatch, then=marked_stopped_and_started_again)
    job = run(job, world)
    assert job.task_state == TaskState.QUEUED and nothing_written()


# -- who may mark a stalled job stopped ----------------------------------------------

STALLED_PAGES = [Page("progress (stalled)", progress_url, allowed=frozenset({"bob"}))]


@pytest.mark.parametrize(("page", "user"), cases(STALLED_PAGES), ids=case_id)
def test_only_team_managers_see_a_stalled_job(client, world, stalled, page, user):
    check(client, world, page, user)


@pytest.mark.parametrize("user", ["alice", "amir", "lena", "eve", "nina", "charlie", "root"])
def test_others_cannot_mark_a_stalled_job_stopped(client, world, stalled, user):
    force_login_verified(client, world.user(user))
    assert client.post(f"/imports/{stalled.pk}/mark-stopped/").status_code == 403
    stalled.refresh_from_db()
    assert stalled.task_state == TaskState.RUNNING


def test_a_manager_of_another_programme_cannot_mark_it_stopped(client, world, stalled):
    olga = UserFactory(username="olga")
    grant(olga, "manager", programme=world.other_programme)
    force_login_verified(client, olga)
    assert client.post(f"/imports/{stalled.pk}/mark-stopped/").status_code == 404
    stalled.refresh_from_db()
    assert stalled.task_state == TaskState.RUNNING


def test_another_manager_of_the_programme_may_mark_it_stopped(client, world, stalled):
    mo = UserFactory(username="mo")
    grant(mo, "manager", programme=world.programme)
    force_login_verified(client, mo)
    assert client.post(f"/imports/{stalled.pk}/mark-stopped/").status_code == 302
    stalled.refresh_from_db()
    assert stalled.task_state == TaskState.FAILED


def test_marking_stopped_needs_a_post_with_the_form_token(world, stalled):
    client = force_login_verified(Client(enforce_csrf_checks=True), world.bob)
    assert client.get(f"/imports/{stalled.pk}/mark-stopped/").status_code == 405
    assert client.post(f"/imports/{stalled.pk}/mark-stopped/").status_code == 403
    stalled.refresh_from_db()
    assert stalled.task_state == TaskState.RUNNING
