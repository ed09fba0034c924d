"""The import pages: upload → columns → values → dry-run report → check your answers → import."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.audit.services import audit_read
from lac.imports import jobs, selectors, services
from lac.imports.engine import ImportFailed, SheetPreview, preview
from lac.imports.fields import normalise
from lac.imports.forms import ColumnsForm, ConfirmForm, UploadForm, ValuesForm, column_choices
from lac.imports.mapping import Mapping
from lac.imports.models import ImportJob
from lac.imports.report import what_will_happen
from lac.imports.store import build_context
from lac.imports.undo import UndoRefused, changes_since, refusal
from lac.jobs.services import QueueFull, job_cancel, job_mark_stopped
from lac.lib.htmx import HtmxRequest
from lac.submissions.services import ALREADY_SAVED, save_once, saved_before


@require(Capability.VIEW_TEAM, where=selectors.may_import)
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    programmes = selectors.importable_programmes(get_scope(request))
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        programmes=programmes,
        coordinators=selectors.coordinators_in(programmes),
        mappings=selectors.mappings_in(programmes),
    )
    if request.method == "POST" and form.is_valid():
        job = services.job_create(
            programme=form.cleaned_data["programme"],
            upload=form.cleaned_data["file"],
            actor=Actor.of(request),
            coordinator=form.cleaned_data["coordinator"],
            saved=form.cleaned_data["mapping"],
        )
        return redirect("imports:columns", pk=job.pk)
    jobs = selectors.jobs_for(get_scope(request))[:50]
    mappings = selectors.mappings_in(programmes)
    return render(request, "imports/index.html", {"form": form, "jobs": jobs, "mappings": mappings})


def failed(request: HttpRequest, job: ImportJob, error: ImportFailed) -> HttpResponse:
    return render(request, "imports/failed.html", {"job": job, "message": str(error)})


def distinct_columns(sheets: list[SheetPreview]) -> list[dict[str, object]]:
    """Each header once, across sheets, with its suggested field and a few values."""
    columns: dict[str, dict[str, object]] = {}
    for sheet in sheets:
        for header, field, samples in zip(sheet.headers, sheet.fields, sheet.samples, strict=True):
            key = normalise(header)
            if key and key not in columns:
                columns[key] = {"key": key, "header": header, "field": field, "samples": samples}
    return list(columns.values())


def counting(job: ImportJob) -> str:
    """What the progress bar of the job's task counts, for ``jobs/_progress.html``."""
    if job.task == ImportJob.Task.UNDO:
        return gettext("people checked for changes since the import")
    return gettext("rows read and checked")


def busy(job: ImportJob) -> HttpResponse | None:
    """While a trial run or an import is going, every step of the job shows its progress;
    an undone import is over (its file can be uploaded again as a new one)."""
    if job.state == ImportJob.State.UNDONE:
        return redirect("imports:detail", pk=job.pk)
    return redirect("imports:progress", pk=job.pk) if job.is_busy else None


def start(
    request: HttpRequest,
    form: Form,
    job: ImportJob,
    task_kind: str,
    save_as: str = "",
    key: str = "",
) -> HttpResponse | None:
    """Queue the job and show its progress, or put why it cannot queue on the form.

    With the form's one-time ``key``, a form sent again does not queue the job again."""
    try:
        _, first = save_once(
            actor=Actor.of(request),
            key=key,
            save=lambda: jobs.job_start(
                job=job, task_kind=task_kind, actor=Actor.of(request), save_as=save_as
            ),
        )
    except QueueFull as exc:
        form.add_error(None, str(exc))
        return None
    if not first:
        messages.info(request, ALREADY_SAVED)
    return redirect("imports:progress", pk=job.pk)


@require(Capability.VIEW_TEAM, where=selectors.may_import)
@require_http_methods(["GET", "POST"])
def columns(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_job(get_scope(request), pk)
    if waiting := busy(job):
        return waiting
    context = build_context(job.programme, coordinator=job.coordinator, today=timezone.localdate())
    try:
        sheets = preview(
            job.stored_path, context=context, mapping=services.job_mapping(job), name=job.file_name
        )
    except ImportFailed as error:
        return failed(request, job, error)
    form = ColumnsForm(
        request.POST or None,
        columns=distinct_columns(sheets),
        choices=column_choices(context.areas),
    )
    if request.method == "POST" and form.is_valid():
        services.job_set_mapping(job=job, columns=form.mapping_columns())
        if started := start(request, form, job, ImportJob.Task.CHECK):
            return started
    return render(request, "imports/columns.html", {"job": job, "form": form, "sheets": sheets})


@require(Capability.VIEW_TEAM, where=selectors.may_import)
@require_http_methods(["GET", "POST"])
def values(request: HttpRequest, pk: int) -> HttpResponse:
    """The values the last trial run did not recognise, for a person to decide."""
    job = selectors.get_job(get_scope(request), pk)
    if waiting := busy(job):
        return waiting
    if job.state != ImportJob.State.CHECKED:
        return redirect("imports:columns", pk=job.pk)
    unmapped = job.report.get("unmapped_values") or {}
    if not unmapped:
        return redirect("imports:check", pk=job.pk)
    form = ValuesForm(
        request.POST or None, unmapped=unmapped, choices=selectors.value_choices(job.programme)
    )
    if request.method == "POST" and form.is_valid():
        services.job_set_mapping(job=job, values=form.decisions())
        if started := start(request, form, job, ImportJob.Task.CHECK):
            return started
    return render(request, "imports/values.html", {"job": job, "form": form})


@require(Capability.VIEW_TEAM, where=selectors.may_import)
def progress(request: HtmxRequest, pk: int) -> HttpResponse:
    """How far the trial run or the import has got; polled by htmx every 2 seconds.

    When it has finished, the page moves on to what comes next (the values to
    decide, the trial run's report, or the imported job); after a failure or a
    stop, or when it has stalled, it reloads once, to show what happened (and,
    for a stalled job, the button that marks it as stopped).
    """
    job = selectors.get_job(get_scope(request), pk)
    if not job.task_state:
        return redirect("imports:columns", pk=job.pk)
    if job.task == ImportJob.Task.UNDO and not request.htmx:
        return redirect("imports:undo", pk=job.pk)  # the undo page shows its progress
    finished = job.task_state == ImportJob.TaskState.DONE
    if request.htmx:
        if finished:
            return HttpResponse(headers={"HX-Redirect": next_step(job)})
        if not job.is_busy or job.is_stalled:
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(request, "jobs/_progress.html", {"job": job, "counting": counting(job)})
    if finished:
        return redirect(next_step(job))
    return render(request, "imports/progress.html", {"job": job, "counting": counting(job)})


def next_step(job: ImportJob) -> str:
    if job.task == ImportJob.Task.UNDO:
        return reverse("imports:undo", args=[job.pk])
    if job.task == ImportJob.Task.COMMIT:
        return reverse("imports:detail", args=[job.pk])
    if job.report.get("unmapped_values"):
        return reverse("imports:values", args=[job.pk])
    return reverse("imports:check", args=[job.pk])


@require(Capability.VIEW_TEAM, where=selectors.may_import)
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_job(get_scope(request), pk)
    task = job.get_task_display().lower()
    if job_cancel(job):
        messages.info(request, gettext("Stopping the %(task)s: nothing is saved.") % {"task": task})
    else:
        messages.warning(
            request,
            gettext(
                "The %(task)s could not be stopped: it has finished, "
                "or it is saving its rows and will finish in a moment."
            )
            % {"task": task},
        )
    return redirect("imports:progress", pk=job.pk)


@require(Capability.VIEW_TEAM, where=selectors.may_import)
@require_POST
def mark_stopped(request: HttpRequest, pk: int) -> HttpResponse:
    """A stalled job (its worker died) marked failed, so that it can be started again."""
    job = selectors.get_job(get_scope(request), pk)
    task = job.get_task_display().lower()
    if job_mark_stopped(job):
        messages.info(request, gettext("The %(task)s is marked as stopped.") % {"task": task})
    else:
        messages.warning(
            request,
            gettext(
                "The %(task)s was not marked as stopped: it is still going, or it has finished."
            )
            % {"task": task},
        )
    return redirect("imports:progress", pk=job.pk)


@require(Capability.VIEW_TEAM, where=selectors.may_import)
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """The last trial run's report: what the import would do."""
    job = selectors.get_job(get_scope(request), pk)
    if waiting := busy(job):
        return waiting
    if job.state != ImportJob.State.CHECKED:
        return redirect("imports:columns", pk=job.pk)
    audit_read(Actor.of(request), job, what=f"Checked the import of {job.file_name} (dry run)")
    return render(request, "imports/check.html", {"job": job, "r": job.report})


@require(Capability.VIEW_TEAM, where=selectors.may_import)
def errors_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    job = selectors.get_job(get_scope(request), pk)
    path = Path(job.stored_path + ".errors.xlsx")
    if not path.is_file():
        raise Http404("Check the file first")
    audit_read(Actor.of(request), job, what=f"Downloaded the error report of {job.file_name}")
    name = f"{Path(job.file_name).stem}-problems.xlsx"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@require(Capability.VIEW_TEAM, where=selectors.may_import)
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_job(get_scope(request), pk)
    key = request.POST.get("once", "")
    if request.method == "POST" and saved_before(actor=Actor.of(request), key=key):
        # The same confirmation sent again (a lost response, "Confirm form resubmission").
        messages.info(request, ALREADY_SAVED)
        return redirect("imports:progress", pk=job.pk)
    if waiting := busy(job):
        return waiting
    if job.state == ImportJob.State.IMPORTED:
        return redirect("imports:detail", pk=job.pk)
    if job.state != ImportJob.State.CHECKED:
        return redirect("imports:check", pk=job.pk)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        save_as, key = form.cleaned_data["save_as"], form.cleaned_data["once"]
        if started := start(request, form, job, ImportJob.Task.COMMIT, save_as, key):
            return started
    context = {"job": job, "form": form, "r": job.report, "plan": what_will_happen(job.report)}
    return render(request, "imports/confirm.html", context)


@require(Capability.VIEW_TEAM, where=selectors.may_import)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_job(get_scope(request), pk)
    people = selectors.people_of_import(get_scope(request), job.report or {})
    context = {"job": job, "r": job.report, "people": people, "review": people["review"]}
    return render(request, "imports/detail.html", context)


@require(Capability.VIEW_TEAM, where=selectors.may_import)
@require_http_methods(["GET", "POST"])
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo an import as a whole, in the background: what it would remove, or what has
    changed since; while it runs, its progress; then what it did, or why it could not."""
    job = selectors.get_job(get_scope(request), pk)
    if job.state not in (ImportJob.State.IMPORTED, ImportJob.State.UNDONE):
        return redirect("imports:detail", pk=job.pk)
    queue_full = ""
    if request.method == "POST" and job.state == ImportJob.State.IMPORTED and not job.is_busy:
        try:
            jobs.job_start(job=job, task_kind=ImportJob.Task.UNDO, actor=Actor.of(request))
        except QueueFull as exc:
            queue_full = str(exc)
        else:
            return redirect("imports:undo", pk=job.pk)
    refused: UndoRefused | None = None
    idle = job.state == ImportJob.State.IMPORTED and not job.is_busy
    if idle and (changes := changes_since(job)):
        refused = refusal(changes)
    context = {
        "job": job,
        "r": job.report,
        "refused": refused,
        "queue_full": queue_full,
        "counting": counting(job),
    }
    return render(request, "imports/undo.html", context)


@require(Capability.VIEW_TEAM, where=selectors.may_import)
def mapping_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    """A saved mapping as YAML, for ``lac import FILE --mapping MAPPING.yaml``."""
    saved = selectors.get_mapping(get_scope(request), pk)
    text = Mapping.from_data({"columns": saved.columns, "values": saved.values}).to_yaml()
    response = HttpResponse(text, content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mapping-{saved.pk}.yaml"'
    return response
