"""The import pages: upload → columns → values → dry-run report → check your answers → import."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lac.accounts.permissions import Capability, require
from lac.audit.services import audit_read
from lac.imports import selectors, services
from lac.imports.engine import ImportFailed, SheetPreview, preview
from lac.imports.fields import normalise
from lac.imports.forms import ColumnsForm, ConfirmForm, UploadForm, ValuesForm
from lac.imports.mapping import Mapping
from lac.imports.models import ImportJob
from lac.imports.store import build_context


@require(Capability.VIEW_TEAM)
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    programmes = selectors.importable_programmes(request)
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
            user=request.user,
            coordinator=form.cleaned_data["coordinator"],
            saved=form.cleaned_data["mapping"],
        )
        return redirect("imports:columns", pk=job.pk)
    jobs = selectors.jobs_for(request)[:50]
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


@require(Capability.VIEW_TEAM)
@require_http_methods(["GET", "POST"])
def columns(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_job(request, pk)
    context = build_context(job.programme, coordinator=job.coordinator, today=timezone.localdate())
    try:
        sheets = preview(
            job.stored_path, context=context, mapping=services.job_mapping(job), name=job.file_name
        )
    except ImportFailed as error:
        return failed(request, job, error)
    form = ColumnsForm(request.POST or None, columns=distinct_columns(sheets))
    if request.method == "POST" and form.is_valid():
        services.job_set_mapping(job=job, columns=form.mapping_columns())
        return redirect("imports:values", pk=job.pk)
    return render(request, "imports/columns.html", {"job": job, "form": form, "sheets": sheets})


@require(Capability.VIEW_TEAM)
@require_http_methods(["GET", "POST"])
def values(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_job(request, pk)
    try:
        report = services.job_check(job=job, user=request.user)
    except ImportFailed as error:
        return failed(request, job, error)
    if not report.unmapped_values:
        return redirect("imports:check", pk=job.pk)
    form = ValuesForm(
        request.POST or None,
        unmapped=report.unmapped_values,
        choices=selectors.value_choices(job.programme),
    )
    if request.method == "POST" and form.is_valid():
        services.job_set_mapping(job=job, values=form.decisions())
        return redirect("imports:check", pk=job.pk)
    return render(request, "imports/values.html", {"job": job, "form": form})


@require(Capability.VIEW_TEAM)
def check(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_job(request, pk)
    try:
        report = services.job_check(job=job, user=request.user)
    except ImportFailed as error:
        return failed(request, job, error)
    audit_read(request, job, what=f"Checked the import of {job.file_name} (dry run)")
    return render(
        request,
        "imports/check.html",
        {"job": job, "report": report, "problems": report.problems[:200]},
    )


@require(Capability.VIEW_TEAM)
def errors_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    job = selectors.get_job(request, pk)
    path = Path(job.stored_path + ".errors.xlsx")
    if not path.is_file():
        raise Http404("Check the file first")
    audit_read(request, job, what=f"Downloaded the error report of {job.file_name}")
    name = f"{Path(job.file_name).stem}-problems.xlsx"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@require(Capability.VIEW_TEAM)
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_job(request, pk)
    if job.state == ImportJob.State.IMPORTED:
        return redirect("imports:detail", pk=job.pk)
    if job.state != ImportJob.State.CHECKED:
        return redirect("imports:check", pk=job.pk)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.job_commit(
                job=job, user=request.user, request=request, save_as=form.cleaned_data["save_as"]
            )
        except ImportFailed as error:
            return failed(request, job, error)
        messages.success(
            request,
            f"Imported {job.file_name}: {report.created_people} people and "
            f"{report.created_introductions} introductions added, "
            f"{report.updated_people} updated",
        )
        return redirect("imports:detail", pk=job.pk)
    return render(request, "imports/confirm.html", {"job": job, "form": form, "r": job.report})


@require(Capability.VIEW_TEAM)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_job(request, pk)
    return render(request, "imports/detail.html", {"job": job, "r": job.report})


@require(Capability.VIEW_TEAM)
def mapping_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    """A saved mapping as YAML, for ``lac import FILE --mapping MAPPING.yaml``."""
    saved = selectors.get_mapping(request, pk)
    text = Mapping.from_data({"columns": saved.columns, "values": saved.values}).to_yaml()
    response = HttpResponse(text, content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mapping-{saved.pk}.yaml"'
    return response
