"""Undoing an import as a whole, only while nothing it brought in has been changed since."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.casework.models import Conversation, Introduction, StatusChange
from lac.casework.services import conversation_log, person_introduce
from lac.imports import jobs
from lac.imports.engine import Cancelled
from lac.imports.models import ImportedRow, ImportJob, ImportWrite
from lac.imports.undo import UndoRefused, import_undo
from lac.outcomes.models import Assessment
from lac.people.models import Person
from tests.imports import workbooks
from tests.permission_matrix import Page, case_id, cases, check

MANAGERS = frozenset({"bob"})
HEADER = ["Name", "DOB", "Ward", "Date introduced", "Phone", "Status", "Closed date"]
ANN = ["Ann Example", "14/03/1950", "North", "04/05/2021", "07700 900001", "Open", ""]
BOB = ["Bob Sample", "02/02/1960", "South", "01/06/2022", "07700 900002", "Open", ""]


def sheet(tmp_path, rows, name="coordinator-a.xlsx"):
    return workbooks.simple_workbook(tmp_path / name, rows, header=HEADER)


def imported(capsys, path) -> ImportJob:
    """Import from the command line; the import is kept as a job, like the browser's."""
    call_command("import", str(path), "--programme", "a", "--format", "json")
    json.loads(capsys.readouterr().out)
    return ImportJob.objects.order_by("-pk").first()


@pytest.fixture
def first(world, capsys, tmp_path):
    return imported(capsys, sheet(tmp_path, [ANN, BOB]))


def test_an_import_from_the_command_line_is_kept_as_a_job_that_can_be_undone(first, world):
    assert first.state == ImportJob.State.IMPORTED and first.file_name == "coordinator-a.xlsx"
    assert first.report["created"]["people"] == 2
    created = ImportWrite.objects.get(job=first, kind="added", model="people.person")
    assert sorted(created.ids) == sorted(Person.objects.values_list("pk", flat=True))


def test_undo_takes_out_everything_the_import_brought_in(first, world, client_for):
    client = client_for("bob")
    page = client.get(f"/imports/{first.pk}/undo/").content.decode()
    assert "the 2 people it added, with all their records" in page
    response = client.post(f"/imports/{first.pk}/undo/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(f"/imports/{first.pk}/undo/", 302)]
    assert "The import of coordinator-a.xlsx is undone. Removed: 2 people it added" in page
    assert "This import was undone on" in page
    assert not Person.objects.exists()
    assert not Introduction.objects.exists() and not ImportedRow.objects.exists()
    first.refresh_from_db()
    assert first.state == ImportJob.State.UNDONE and first.undone_by == world.bob
    assert not ImportWrite.objects.filter(job=first).exists()  # the ledger goes too
    assert AuditEvent.objects.filter(
        user=world.bob, action="delete", what__startswith="Undid the import of coordinator-a.xlsx"
    ).exists()


def test_undo_is_refused_after_an_edit_naming_the_person_the_change_and_who_made_it(
    first, world, client_for
):
    ann = Person.objects.get(full_name="Ann Example")
    conversation_log(
        person=ann, date=timezone.localdate(), mode="phone", actor=Actor(user=world.alice)
    )
    client = client_for("bob")
    page = client.get(f"/imports/{first.pk}/undo/").content.decode()
    assert "This import cannot be undone" in page
    assert f'href="/people/{ann.pk}/">Ann Example</a>' in page
    assert "Logged a conversation (phone)" in page and ">alice<" in page
    assert "Undo this import</button>" not in page

    response = client.post(f"/imports/{first.pk}/undo/", follow=True)
    page = response.content.decode()
    assert "1 change has been made since" in page and "Logged a conversation (phone)" in page
    assert Person.objects.count() == 2 and Conversation.objects.count() == 1
    first.refresh_from_db()
    assert first.state == ImportJob.State.IMPORTED
    assert first.task_state == ImportJob.TaskState.FAILED


def test_undo_twice_says_it_was_already_undone_and_changes_nothing(first, world):
    import_undo(job=first, actor=Actor(user=world.bob))
    with pytest.raises(UndoRefused, match="already undone"):
        import_undo(job=first, actor=Actor(user=world.bob))
    assert AuditEvent.objects.filter(what__startswith="Undid the import").count() == 1


def test_a_rerun_of_the_same_file_undoes_without_touching_the_first_import(
    first, world, capsys, tmp_path
):
    rerun = imported(capsys, sheet(tmp_path, [ANN, BOB]))
    assert rerun.report["unchanged"] == 2
    done = import_undo(job=rerun, actor=Actor(user=world.bob))
    assert (done.people_removed, done.records_removed, done.records_restored) == (0, 0, 0)
    assert Person.objects.count() == 2 and Introduction.objects.count() == 2
    import_undo(job=first, actor=Actor(user=world.bob))  # nothing stands in the way of the first
    assert not Person.objects.exists()


def test_undoing_a_rerun_that_changed_people_puts_them_back_as_they_were(
    first, world, capsys, tmp_path
):
    ann = Person.objects.get(full_name="Ann Example")
    before = (ann.phone, ann.status, ann.version, ann.updated)
    closed = [*ANN[:4], "07700 999999", "Closed", "01/09/2022"]
    rerun = imported(capsys, sheet(tmp_path, [closed, BOB], name="coordinator-a v2.xlsx"))
    ann.refresh_from_db()
    assert (ann.phone, ann.status) == ("07700 999999", "closed")

    # The first import cannot go while the second's changes stand on it.
    with pytest.raises(UndoRefused) as refused:
        import_undo(job=first, actor=Actor(user=world.bob))
    assert [str(c).split(", by")[0] for c in refused.value.changes] == [
        "Ann Example: changed by the import of coordinator-a v2.xlsx"
    ]

    done = import_undo(job=rerun, actor=Actor(user=world.bob))
    assert done.records_removed == 1  # the closure
    ann.refresh_from_db()
    assert (ann.phone, ann.status, ann.version, ann.updated) == before
    assert not StatusChange.objects.filter(person=ann, status="closed").exists()
    assert ImportedRow.objects.get(introduction__person=ann).values["phone"] == "07700 900001"
    # Its own undo is not a change that blocks the first import's.
    import_undo(job=first, actor=Actor(user=world.bob))
    assert not Person.objects.exists()


def test_undo_keeps_a_person_recorded_before_and_takes_out_what_the_import_added(
    world, capsys, tmp_path
):
    ann = person_introduce(
        full_name="Ann Example",
        date_of_birth=date(1950, 3, 14),
        neighbourhood=world.north,
        date=date(2021, 1, 5),
        actor=Actor(user=world.alice),
    ).person
    job = imported(capsys, sheet(tmp_path, [ANN, BOB]))
    assert job.report["duplicates"] and Introduction.objects.filter(person=ann).count() == 2
    import_undo(job=job, actor=Actor(user=world.bob))
    assert list(Person.objects.all()) == [ann]
    assert Introduction.objects.filter(person=ann).count() == 1
    assert not Assessment.objects.exists()


UNDO_PAGES = [
    Page("undo", lambda w: f"/imports/{ImportJob.objects.get().pk}/undo/", allowed=MANAGERS),
]


@pytest.mark.parametrize(("page", "user"), cases(UNDO_PAGES), ids=case_id)
def test_only_team_managers_may_undo_an_import(client, world, first, page, user):
    check(client, world, page, user)


def test_a_coordinator_cannot_undo_an_import(first, client_for):
    response = client_for("alice").post(f"/imports/{first.pk}/undo/")
    assert response.status_code == 403
    assert Person.objects.count() == 2


@pytest.fixture
def queue_only(settings):
    """Tasks wait in the queue, as when the worker has not picked them up yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_undo_runs_in_the_background_showing_its_progress_then_its_result(
    first, world, client_for, queue_only
):
    client = client_for("bob")
    response = client.post(f"/imports/{first.pk}/undo/", follow=True)
    page = response.content.decode()
    assert "Waiting to start" in page and "Stop the undo</button>" in page
    assert f'hx-get="/imports/{first.pk}/progress/"' in page
    assert Person.objects.count() == 2  # nothing taken out yet
    first.refresh_from_db()
    assert (first.task, first.task_state) == (ImportJob.Task.UNDO, ImportJob.TaskState.QUEUED)
    # A second press while it waits does not queue it again.
    client.post(f"/imports/{first.pk}/undo/")
    assert ImportJob.objects.get(pk=first.pk).task_id == first.task_id

    jobs.run_job.call(first.pk, world.bob.pk)
    poll = client.get(f"/imports/{first.pk}/progress/", headers={"HX-Request": "true"})
    assert poll.headers["HX-Redirect"] == f"/imports/{first.pk}/undo/"
    page = client.get(f"/imports/{first.pk}/undo/").content.decode()
    assert (
        "The import of coordinator-a.xlsx is undone. Removed: 2 people it added, with all their "
        "records, and 0 records it added to people already recorded. Put back as they were: "
        "0 records."
    ) in page
    assert not Person.objects.exists()
    assert AuditEvent.objects.filter(
        user=world.bob, action="delete", what__startswith="Undid the import of coordinator-a.xlsx"
    ).exists()


def test_undo_records_its_progress_as_it_checks_and_stops_when_asked(
    first, world, queue_only, monkeypatch
):
    from lac.imports import undo
    from lac.jobs.services import job_cancel

    monkeypatch.setattr(undo, "CHUNK", 1)
    jobs.job_start(job=first, task_kind=ImportJob.Task.UNDO, actor=Actor(user=world.bob))
    seen = []
    real = jobs.JobProgress.record

    def record(self, done, message):
        seen.append((done, self.rows, message))
        real(self, done, message)
        if done == 1:
            job_cancel(ImportJob.objects.get(pk=first.pk))

    monkeypatch.setattr(jobs.JobProgress, "record", record)
    jobs.run_job.call(first.pk, world.bob.pk)
    first.refresh_from_db()
    assert seen[:2] == [
        (0, 2, "Looking for changes made since the import"),
        (1, 2, "Looking for changes made since the import"),
    ]
    assert first.task_state == ImportJob.TaskState.CANCELLED
    assert first.state == ImportJob.State.IMPORTED and Person.objects.count() == 2


def test_undo_shows_every_person_checked_then_that_it_removes_them_all_together(
    first, world, queue_only, monkeypatch
):
    from lac.imports import undo

    monkeypatch.setattr(undo, "CHUNK", 1)
    jobs.job_start(job=first, task_kind=ImportJob.Task.UNDO, actor=Actor(user=world.bob))
    seen = []
    real = jobs.JobProgress.record

    def record(self, done, message):
        seen.append((done, self.rows, message))
        real(self, done, message)

    monkeypatch.setattr(jobs.JobProgress, "record", record)
    jobs.run_job.call(first.pk, world.bob.pk)
    removing = "Nothing has changed since the import; removing what it brought in, all together"
    assert seen == [
        (0, 2, "Looking for changes made since the import"),
        (1, 2, "Looking for changes made since the import"),
        (2, 2, removing),
    ]
    assert not Person.objects.exists()


def test_a_stop_asked_for_while_it_deletes_rolls_the_undo_back(first, world, queue_only):
    jobs.job_start(job=first, task_kind=ImportJob.Task.UNDO, actor=Actor(user=world.bob))
    progress = jobs.JobProgress(first.pk, trial=False)

    def stop_then_check() -> None:
        ImportJob.objects.filter(pk=first.pk).update(task_state=ImportJob.TaskState.CANCELLING)
        progress.stop_if_asked()

    ImportJob.objects.filter(pk=first.pk).update(task_state=ImportJob.TaskState.RUNNING)
    with pytest.raises(Cancelled):
        import_undo(job=first, actor=Actor(user=world.bob), between=stop_then_check)
    first.refresh_from_db()
    assert first.state == ImportJob.State.IMPORTED and Person.objects.count() == 2
