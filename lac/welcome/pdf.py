"""News back as a PDF for the introducer, rendered by WeasyPrint as the reports are."""

from __future__ import annotations

from django.template.loader import render_to_string

from lac.people.language import speaking_to
from lac.welcome.models import NewsBack
from lac.welcome.presentation import sections


def news_pdf_bytes(news: NewsBack) -> bytes:
    # Imported here: WeasyPrint loads Pango, which only this download needs.
    from weasyprint import HTML

    with speaking_to(news.incoming.person):
        context = {"news": news, "sections": sections(news)}
        html = render_to_string("welcome/news_pdf.html", context)
    return HTML(string=html).write_pdf()
