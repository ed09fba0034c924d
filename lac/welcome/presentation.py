"""News back in words: the same sections on the page, in the PDF and in the FHIR JSON."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lac.welcome.models import NewsBack, NewsKind, Route

HEADINGS = {
    "what_matters": _("What matters to them"),
    "what_was_agreed": _("What was agreed"),
    "connections_made": _("Connections made"),
    "contact": _("How to get in touch"),
}


def welcomed_sentence(news: NewsBack) -> str:
    name = {"name": news.incoming.full_name, "who": news.recorded_by}
    if news.incoming.route == Route.SELF:
        if news.recorded_by is None:
            return gettext(
                "You introduced yourself, and a Local Area Coordinator has welcomed you."
            )
        return (
            gettext(
                "You introduced yourself, and %(who)s, Local Area Coordinator, has welcomed you."
            )
            % name
        )
    if news.recorded_by is None:
        return (
            gettext("Your introduction of %(name)s has been welcomed by a Local Area Coordinator.")
            % name
        )
    return (
        gettext(
            "Your introduction of %(name)s has been welcomed by %(who)s, Local Area Coordinator."
        )
        % name
    )


def sections(news: NewsBack) -> list[tuple[str, str]]:
    """(heading, text) for each part of the news that says something."""
    if news.kind == NewsKind.ACKNOWLEDGEMENT:
        return [(gettext("Welcomed"), welcomed_sentence(news))]
    return [
        (str(heading), text)
        for field, heading in HEADINGS.items()
        if (text := getattr(news, field))
    ]
