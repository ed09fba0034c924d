"""News back as HL7 FHIR JSON, for partners' systems that take it.

Built with the maintained ``fhir.resources`` models (FHIR R4B, the release UK Core's
R4 profiles read), which validate every element as it is made: a Communication from
the coordinator to the introducer about the person, each section of the PRSB
"Message back to GP and referrer" a payload of text.
"""

from __future__ import annotations

from fhir.resources.R4B.communication import Communication

from lac.welcome.models import NewsBack, NewsKind
from lac.welcome.presentation import sections

CATEGORY_TEXT = "Message back to GP and referrer (PRSB Social Prescribing Information Standard)"


def news_communication(news: NewsBack) -> Communication:
    """The news as a FHIR Communication resource, validated by its model."""
    incoming = news.incoming
    sender = str(news.recorded_by or "Local Area Coordinator")
    return Communication.model_validate(
        {
            "resourceType": "Communication",
            "id": f"lac-news-{news.pk}",
            "status": "completed",
            "category": [{"text": CATEGORY_TEXT}],
            "topic": {"text": str(NewsKind(news.kind).label)},
            "subject": {"display": incoming.full_name},
            "sent": news.created.isoformat(),
            "sender": {"display": f"{sender}, Local Area Coordinator"},
            "recipient": [{"display": incoming.introducer}],
            "payload": [
                {"contentString": f"{heading}: {text}"} for heading, text in sections(news)
            ],
        }
    )


def news_json(news: NewsBack) -> str:
    return news_communication(news).model_dump_json(indent=1)
