"""Pages for reports: the SROI report and PDF, the dashboard, network comparison, extracts."""

from __future__ import annotations

import yaml
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from lac.accounts.permissions import Capability, get_in_scope, get_scope, require
from lac.evaluation.models import Run
from lac.reports.pdf import sroi_pdf
from lac.reports.sroi import sroi_report


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
    """Counts are suppressed for anyone who may not see the programme's personal data."""
    return not get_scope(request).can(Capability.VIEW_PERSONAL, run.programme_id)


@require(Capability.VIEW_REPORTS)
def sroi(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    report = sroi_report(run, suppress=_suppress(request, run))
    return render(request, "reports/sroi.html", {"report": report})


@require(Capability.VIEW_REPORTS)
def sroi_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    pdf = sroi_pdf(run, suppress=_suppress(request, run))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"sroi-{slugify(run.programme.name)}-run-{run.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require(Capability.VIEW_REPORTS)
def sroi_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The impact map exactly as calculated, to run again with ``lac value``."""
    run = _run(request, pk)
    text = yaml.safe_dump(run.document, sort_keys=False, allow_unicode=True)
    response = HttpResponse(text, content_type="application/yaml")
    response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-as-calculated.yaml"'
    return response
