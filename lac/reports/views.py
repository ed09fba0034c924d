"""Pages for reports: the SROI report and PDF, the dashboard, network comparison, extracts."""

from __future__ import annotations

import yaml
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lac.accounts.permissions import Capability, get_in_scope, get_scope, require
from lac.audit.actor import Actor
from lac.evaluation.models import Run
from lac.evaluation.selectors import run_disclosed
from lac.jobs.services import QueueFull, job_cancel
from lac.lib.disclosure import threshold
from lac.lib.htmx import HtmxRequest
from lac.outcomes.selectors import prices_in
from lac.reports.dashboard import TABLES, Filter, dashboard, tables_for
from lac.reports.extract import extract_create
from lac.reports.forms import ExtractForm, NetworkPeriodForm, PeriodForm
from lac.reports.jobs import job_start
from lac.reports.models import Extract, Job, JobKind
from lac.reports.network import compare, maps_differ
from lac.reports.selectors import jobs_for
from lac.reports.sroi import sroi_report
from lac.reports.tables import Table, protect_all, to_csv, to_workbook, to_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _run(request: HttpRequest, pk: int) -> Run:
    return get_in_scope(
        request,
        Run.objects.select_related("version__impact_map", "programme", "created_by"),
        Capability.VIEW_REPORTS,
        neighbourhood_field=None,
        programme_field="programme",
        pk=pk,
    )


def _suppress(request: HttpRequest, run: Run) -> bool:
    return get_scope(request).sees_aggregates_only(run.programme_id)


@require(Capability.VIEW_REPORTS)
def sroi(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    report = sroi_report(run, suppress=_suppress(request, run))
    can_publish = get_scope(request).can(Capability.PUBLISH_VALUE, run.programme_id)
    return render(request, "reports/sroi.html", {"report": report, "can_publish": can_publish})


@require(Capability.VIEW_REPORTS)
def sroi_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The impact map exactly as calculated, to run again with ``lac value``."""
    run = _run(request, pk)
    document = run_disclosed(run, suppress=_suppress(request, run)).document
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    response = HttpResponse(text, content_type="application/yaml")
    response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-as-calculated.yaml"'
    return response


def _period_form(request: HttpRequest, capability: Capability) -> PeriodForm:
    programmes = get_scope(request).programmes(capability)
    data = request.GET.copy()
    if not data.get("programme") and programmes:
        data["programme"] = str(programmes[0].pk)
    return PeriodForm(data, programmes=programmes, today=timezone.localdate(), prices=prices_in())


def _filter(form: PeriodForm) -> Filter:
    chosen = form.cleaned_data["neighbourhoods"]
    return Filter(
        programme=form.cleaned_data["programme"],
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        neighbourhood_ids=[n.pk for n in chosen] if chosen else None,
        prices=form.cleaned_data["prices"],
    )


def _shown(request: HttpRequest, f: Filter, tables: list[Table]) -> list[Table]:
    if not get_scope(request).sees_aggregates_only(f.programme.pk):
        return tables
    return protect_all(tables)


@require(Capability.VIEW_AGGREGATES)
def programme_dashboard(request: HttpRequest) -> HttpResponse:
    form = _period_form(request, Capability.VIEW_AGGREGATES)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        f = _filter(form)
        context.update(
            {
                "filter": f,
                "tables": _shown(request, f, dashboard(f)),
                "prices": f.prices,
                "query": urlencode(form.data, doseq=True),  # the choices in effect, year included
                "suppressed": get_scope(request).sees_aggregates_only(f.programme.pk),
                "threshold": threshold(),
            }
        )
    return render(request, "reports/dashboard.html", context)


@require(Capability.VIEW_AGGREGATES)
def dashboard_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    if key not in TABLES or fmt not in {"csv", "xlsx"}:
        raise Http404("No such table")
    form = _period_form(request, Capability.VIEW_AGGREGATES)
    if not form.is_valid():
        raise Http404("Choose a programme and period you may see")
    f = _filter(form)
    table = next(t for t in _shown(request, f, tables_for(key, f)) if t.key == key)
    if fmt == "csv":
        response = HttpResponse(to_csv(table, f.about()), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_xlsx(table, f.about()), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{f.file_name(key, fmt)}"'
    return response


@require(Capability.VIEW_AGGREGATES)
def dashboard_workbook(request: HttpRequest) -> HttpResponse:
    """Every table of the dashboard as it is shown, one sheet each, in one workbook."""
    form = _period_form(request, Capability.VIEW_AGGREGATES)
    if not form.is_valid():
        raise Http404("Choose a programme and period you may see")
    f = _filter(form)
    tables = _shown(request, f, dashboard(f))
    response = HttpResponse(to_workbook(tables, f.about()), content_type=XLSX)
    filename = f.file_name("dashboard", "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require(Capability.COMPARE_PROGRAMMES)
def network_comparison(request: HttpRequest) -> HttpResponse:
    programmes = list(get_scope(request).programmes(Capability.COMPARE_PROGRAMMES).order_by("name"))
    today = timezone.localdate()
    first = min((p.start_date for p in programmes), default=today)
    form = NetworkPeriodForm(request.GET, first=first, today=today)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        rows = compare(programmes, start, end)
        context.update(
            {
                "rows": rows,
                "maps_differ": maps_differ(rows),
                "start": start,
                "end": end,
                "threshold": threshold(),
            }
        )
    return render(request, "reports/network.html", context)


@require(Capability.PSEUDONYMISED_EXTRACT)
def pseudonymised_extract(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request)
    programmes = scope.programmes(Capability.PSEUDONYMISED_EXTRACT)
    extracts = scope.filter(
        Extract.objects.select_related("programme"),
        Capability.PSEUDONYMISED_EXTRACT,
        neighbourhood_field=None,
        programme_field="programme",
    )
    form = ExtractForm(
        request.POST or None, programmes=programmes, extracts=extracts, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["background"]:
            same = data["same_pseudonyms_as"]
            try:
                job = job_start(
                    kind=JobKind.EXTRACT,
                    programme=data["programme"],
                    actor=Actor.of(request),
                    params={
                        "start": data["start"].isoformat(),
                        "end": data["end"].isoformat(),
                        "file_format": data["file_format"],
                        "same_pseudonyms_as": same.pk if same else None,
                    },
                )
            except QueueFull as full:
                form.add_error(None, str(full))
            else:
                return redirect("reports:job", pk=job.pk)
        extract, content = extract_create(
            programme=data["programme"],
            start=data["start"],
            end=data["end"],
            file_format=data["file_format"],
            actor=Actor.of(request),
            same_pseudonyms_as=data["same_pseudonyms_as"],
        )
        types = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}
        response = HttpResponse(content, content_type=types[extract.file_format])
        name = f"extract-{extract.pk}-{slugify(extract.programme.name)}.{extract.file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "reports/extract.html", {"form": form, "extracts": extracts[:10]})


def _job(request: HttpRequest, pk: int) -> Job:
    """One of the user's own jobs (:func:`lac.reports.selectors.jobs_for`), or 404."""
    try:
        return jobs_for(get_scope(request)).get(pk=pk)
    except Job.DoesNotExist as exc:
        raise Http404("No such job of yours") from exc


@require(Capability.VIEW_REPORTS)
@require_POST
def sroi_pdf_job(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        job = job_start(
            kind=JobKind.SROI_PDF,
            programme=run.programme,
            actor=Actor.of(request),
            params={"run_id": run.pk, "suppress": _suppress(request, run)},
        )
    except QueueFull as full:
        messages.warning(request, str(full))
        return redirect("reports:sroi", pk=run.pk)
    return redirect("reports:job", pk=job.pk)


@require(Capability.VIEW_REPORTS)
def job_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    """The job's page; polled by htmx every 2 seconds while it runs, and reloaded once when
    it has ended or stalled, to show the file or what happened."""
    job = _job(request, pk)
    if request.htmx:
        if not job.is_busy or job.is_stalled:
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(request, "jobs/_progress.html", {"job": job})
    return render(request, "reports/job.html", {"job": job})


@require(Capability.VIEW_REPORTS)
@require_POST
def job_stop(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job_cancel(job):
        messages.info(request, _("%(kind)s: stopped.") % {"kind": job.get_kind_display()})
    else:
        messages.warning(
            request, _("%(kind)s: it had already finished.") % {"kind": job.get_kind_display()}
        )
    return redirect("reports:job", pk=job.pk)


@require(Capability.VIEW_REPORTS)
def job_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = _job(request, pk)
    if job.task_state != Job.TaskState.DONE or not job.file:
        raise Http404("Not ready")
    response = FileResponse(job.file.open("rb"), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response
