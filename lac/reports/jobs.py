"""Long work in the background: SROI PDFs, large extracts, runs with many draws.

A :class:`~lac.reports.models.Job` row records what was asked, its progress and
its file; :func:`run_job` (a django-tasks task, run by ``lac db_worker`` with the
database backend) does the work through :func:`lac.jobs.services.job_run`, which
gives it the heartbeat, stall detection and stopping every job has, and does it in
the language it was asked for in (so a Welsh reader's PDF is in Welsh).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from lac.accounts.models import Programme
from lac.audit.actor import Actor
from lac.jobs.services import (
    Cancelled,
    JobFailed,
    check_queue_room,
    job_progress,
    job_queue,
    job_run,
)
from lac.reports.models import Extract, Job, JobKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@transaction.atomic
def job_start(*, kind: str, programme: Programme, actor: Actor, params: dict[str, Any]) -> Job:
    """Record the job for whoever asked and hand it to the task backend, if the queue has
    room for it."""
    check_queue_room(
        Job,
        what="reports or runs",
        owner_id=actor.user.pk,
        programme=programme,
        per_user=settings.LAC_REPORT_MAX_QUEUED_PER_USER,
        per_programme=settings.LAC_REPORT_MAX_QUEUED_PER_PROGRAMME,
    )
    job = Job.objects.create(kind=kind, programme=programme, created_by=actor.user, params=params)
    job_queue(job, lambda: run_job.enqueue(job.pk))
    return job


def _progress(job: Job, percent: int, step: str) -> None:
    job_progress(Job, job.pk, processed=percent, total=100, message=step)


def _sroi_pdf(job: Job, actor: Actor) -> tuple[bytes, str, str]:
    from lac.evaluation.models import Run
    from lac.reports.pdf import sroi_pdf

    run = Run.objects.select_related("programme", "version__impact_map").get(
        pk=job.params["run_id"], programme=job.programme
    )
    _progress(job, 20, _("Drawing the charts and laying out the pages"))
    pdf = sroi_pdf(run, suppress=job.params.get("suppress", True))
    return pdf, f"sroi-{slugify(run.programme.name)}-run-{run.pk}.pdf", "application/pdf"


def _extract(job: Job, actor: Actor) -> tuple[bytes, str, str]:
    from lac.reports.extract import extract_create

    p = job.params
    _progress(job, 20, _("Counting each person’s records"))
    same = Extract.objects.filter(pk=p.get("same_pseudonyms_as"), programme=job.programme).first()
    extract, content = extract_create(
        programme=job.programme,
        start=date.fromisoformat(p["start"]),
        end=date.fromisoformat(p["end"]),
        file_format=p["file_format"],
        actor=actor,
        same_pseudonyms_as=same,
    )
    name = f"extract-{extract.pk}-{slugify(job.programme.name)}.{extract.file_format}"
    return content, name, "text/csv" if extract.file_format == "csv" else XLSX


def _run(job: Job, actor: Actor) -> tuple[bytes, str, str]:
    from lac.evaluation.models import ImpactMapVersion
    from lac.evaluation.services import run_create

    p = job.params
    version = ImpactMapVersion.objects.get(pk=p["version_id"], impact_map__programme=job.programme)
    step = _("Counting from the records and drawing %(draws)s simulations")
    _progress(job, 20, step % {"draws": f"{p['draws']:,}"})
    run = run_create(
        version=version,
        start=date.fromisoformat(p["start"]) if p.get("start") else None,
        end=date.fromisoformat(p["end"]) if p.get("end") else None,
        draws=p["draws"],
        seed=p["seed"],
        actor=actor,
    )
    Job.objects.filter(pk=job.pk).update(params={**p, "run_id": run.pk})
    return b"", "", ""


WORK = {JobKind.SROI_PDF: _sroi_pdf, JobKind.EXTRACT: _extract, JobKind.RUN: _run}
"""Each kind's work, given the job and who it acts for (the trail's actor, for the kinds
that write one): the file's bytes, name and content type (none for a run, which is kept
as a run)."""


def _done(job: Job, content: bytes, name: str, content_type: str) -> None:
    """Keep the file and say the job is ready, unless it was stopped meanwhile (marked as
    stopped when it seemed stalled): then the file is not kept either."""
    file: FieldFile = job.file
    if content:
        file.save(f"job-{job.pk}-{name}", ContentFile(content), save=False)
    ready = Job.objects.filter(pk=job.pk, task_state=Job.TaskState.RUNNING).update(
        file=file.name or "",
        filename=name,
        content_type=content_type,
        task_state=Job.TaskState.DONE,
        processed=100,
        total=100,
        message=_("Done"),
        finished=timezone.now(),
    )
    if not ready:
        if content:
            file.delete(save=False)
        raise Cancelled


def _work(job: Job) -> None:
    _progress(job, 5, _("Starting"))
    job = Job.objects.select_related("programme", "created_by").get(pk=job.pk)
    actor = Actor.working_as(job.created_by, job=f"report {job.pk} ({job.kind})")
    try:
        content, name, content_type = WORK[JobKind(job.kind)](job, actor)
    except ValidationError as error:
        raise JobFailed("; ".join(error.messages)) from None
    _done(job, content, name, content_type)


@task()
def run_job(job_id: int) -> None:
    """Do the job: the PDF, the file's name and the job's messages are in the language it
    was asked for in, as every job's are (:func:`lac.jobs.services.job_run`)."""
    job_run(Job, job_id, _work, unexpected=lambda job, error: _(UNEXPECTED))


UNEXPECTED = gettext_noop("Something went wrong; the team has been told.")
