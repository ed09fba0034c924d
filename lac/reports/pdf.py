"""The SROI report as a board-ready PDF, rendered from HTML by WeasyPrint."""

from __future__ import annotations

from django.template.loader import render_to_string

from lac.evaluation.models import Run
from lac.reports.sroi import sroi_report


def sroi_html(run: Run, *, suppress: bool = False) -> str:
    report = sroi_report(run, for_pdf=True, suppress=suppress)
    footer = f"{run.programme.name} · SROI run {run.pk}".replace('"', "'").replace("\\", "")
    return render_to_string("reports/sroi_pdf.html", {"report": report, "footer": footer})


def sroi_pdf(run: Run, *, suppress: bool = False) -> bytes:
    # Imported here: WeasyPrint loads Pango, which only the PDF needs.
    from weasyprint import HTML

    return HTML(string=sroi_html(run, suppress=suppress)).write_pdf()
