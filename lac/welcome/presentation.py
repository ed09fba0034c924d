"""News back in words: the same sections on the page, in the PDF and in the FHIR JSON."""

from __future__ import annotations

from lac.welcome.models import NewsBack, NewsKind, Route

HEADINGS = {
    "what_matters": "What matters to them",
    "what_was_agreed": "What was agreed",
    "connections_made": "Connections made",
    "contact": "How to get in touch",
}


def welcomed_sentence(news: NewsBack) -> str:
    who = str(news.recorded_by or "a Local Area Coordinator")
    if news.incoming.route == Route.SELF:
        return f"You introduced yourself, and {who}, Local Area Coordinator, has welcomed you."
    return (
        f"Your introduction of {news.incoming.full_name} has been welcomed by {who}, "
        "Local Area Coordinator."
    )


def sections(news: NewsBack) -> list[tuple[str, str]]:
    """(heading, text) for each part of the news that says something."""
    if news.kind == NewsKind.ACKNOWLEDGEMENT:
        return [("Welcomed", welcomed_sentence(news))]
    return [
        (heading, text) for field, heading in HEADINGS.items() if (text := getattr(news, field))
    ]
