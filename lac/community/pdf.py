"""The printable "what's on near you" sheet, rendered from HTML by WeasyPrint."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from lac.community.selectors import WhatsOn


def whats_on_html(whats_on: WhatsOn) -> str:
    return render_to_string("community/whats_on_print.html", {"sheet": whats_on})


def whats_on_pdf(whats_on: WhatsOn, request: HttpRequest | None = None) -> bytes:
    # Imported here: WeasyPrint loads Pango, which only this page needs.
    from weasyprint import HTML

    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=whats_on_html(whats_on), base_url=base_url).write_pdf()
