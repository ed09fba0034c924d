"""News back as HL7 FHIR JSON, for partners' systems that take it.

Built with the maintained ``fhir.resources`` models (FHIR R4B, the release UK Core's
R4 profiles read), which validate every element as it is made: a Communication from
the coordinator to the introducer about the person, each section of the PRSB
"Message back to GP and referrer" a payload of text. The introduction it is about is
a contained ServiceRequest; the SNOMED CT concepts recorded on it are its code and
the Communication's reason, coded in the SNOMED CT system so a GP system files them.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.communication import Communication

from lac.welcome.models import HealthConcept, IncomingIntroduction, NewsBack, NewsKind
from lac.welcome.presentation import sections

CATEGORY_TEXT = "Message back to GP and referrer (PRSB Social Prescribing Information Standard)"
#: The code system URI FHIR gives SNOMED CT (https://hl7.org/fhir/R5/terminologies-systems.html).
SNOMED_CT = "http://snomed.info/sct"
INTRODUCTION_TEXT = "Introduction to Local Area Coordination"


def coding(concept: HealthConcept) -> dict[str, str]:
    return {"system": SNOMED_CT, "code": concept.code, "display": concept.term}


def _introduction(incoming: IncomingIntroduction, concepts: list[HealthConcept]) -> dict[str, Any]:
    """The introduction as the ServiceRequest the news is about (contained in it)."""
    return {
        "resourceType": "ServiceRequest",
        "id": "introduction",
        "status": "active",
        "intent": "proposal",
        "code": {"coding": [coding(c) for c in concepts], "text": INTRODUCTION_TEXT},
        "subject": {"display": incoming.full_name},
        "authoredOn": incoming.arrived.isoformat(),
        "requester": {"display": incoming.introducer},
    }


def news_communication(news: NewsBack) -> Communication:
    """The news as a FHIR Communication resource, validated by its model."""
    incoming = news.incoming
    sender = str(news.recorded_by or "Local Area Coordinator")
    concepts = list(incoming.concepts.all())
    return Communication.model_validate(
        {
            "resourceType": "Communication",
            "id": f"lac-news-{news.pk}",
            "contained": [_introduction(incoming, concepts)],
            "about": [{"reference": "#introduction"}],
            "reasonCode": [{"coding": [coding(c)], "text": c.term} for c in concepts] or None,
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
