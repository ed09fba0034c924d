"""SNOMED CT concepts on introductions: set by what the introducer (or the person) said,
shown on the introduction, and coded in the FHIR news back."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from fhir.resources.R4B.communication import Communication

from lac.audit.actor import Actor
from lac.people.models import ConsentTopic
from lac.welcome import services
from lac.welcome.fhir import SNOMED_CT
from lac.welcome.models import ConceptUse, HealthConcept, NewsKind, Route
from tests.people.factories import ConsentFactory
from tests.welcome.conftest import from_ivy

pytestmark = pytest.mark.django_db

REFERRAL = "871731000000106"
DECLINED = "871711000000103"


def codes(incoming):
    return sorted(incoming.concepts.values_list("code", flat=True))


def test_the_national_social_prescribing_codes_are_seeded_with_their_source():
    seeded = {c.code: c for c in HealthConcept.objects.all()}
    assert seeded[REFERRAL].term == "Referral to social prescribing service"
    assert seeded[REFERRAL].applies_to == ConceptUse.SOCIAL_PRESCRIBING
    assert seeded[DECLINED].term == "Social prescribing declined"
    assert seeded[DECLINED].applies_to == ConceptUse.PERSON_DECLINED
    assert all(c.source.startswith("https://") for c in seeded.values())


def test_a_social_prescribing_introduction_carries_the_referral_code(routed):
    assert codes(from_ivy(routed, social_prescribing=True)) == [REFERRAL]
    assert codes(from_ivy(routed, full_name="Other Person")) == []


def test_only_a_partner_can_say_an_introduction_is_social_prescribing(routed):
    with pytest.raises(ValidationError) as refused:
        services.incoming_submit(
            Actor(),
            programme=routed.programme,
            route=Route.SELF,
            full_name="Sam Finch",
            phone="07700 900123",
            social_prescribing=True,
        )
    assert refused.value.message_dict["social_prescribing"] == [
        str(services.ONLY_PARTNERS_PRESCRIBE)
    ]


def test_a_concept_the_administrator_retired_is_not_recorded(routed):
    HealthConcept.objects.filter(code=REFERRAL).update(is_active=False)
    assert codes(from_ivy(routed, social_prescribing=True)) == []


def test_the_person_saying_no_adds_the_declined_code(routed):
    actor = Actor.working_as(routed.alice, job="t")
    incoming = from_ivy(routed, social_prescribing=True)
    services.incoming_decline(actor, incoming, reason="Did not want it", person_declined=True)
    assert codes(incoming) == [DECLINED, REFERRAL]


def test_declining_for_another_reason_adds_no_code(routed):
    actor = Actor.working_as(routed.alice, job="t")
    incoming = from_ivy(routed, social_prescribing=True)
    services.incoming_decline(actor, incoming, reason="Lives elsewhere")
    assert codes(incoming) == [REFERRAL]


def test_the_introducer_ticks_social_prescribing_and_sees_the_code(client_for, routed):
    client = client_for("ivy")
    response = client.post(
        reverse("welcome:partner_new", args=["a"]),
        {
            "full_name": "Dot Wren",
            "phone": "07700 900123",
            "agreed_to_contact": "on",
            "social_prescribing": "on",
        },
    )
    page = client.get(response.url).content.decode()
    assert "Health codes (SNOMED CT)" in page
    assert f"Referral to social prescribing service ({REFERRAL})" in page


def test_the_coordinator_sees_the_code_and_records_that_the_person_said_no(client_for, routed):
    incoming = from_ivy(routed, social_prescribing=True)
    client = client_for("alice")
    page = client.get(reverse("welcome:welcome", args=[incoming.pk])).content.decode()
    assert f"Referral to social prescribing service ({REFERRAL})" in page
    decline = reverse("welcome:decline", args=[incoming.pk])
    assert "The person said they do not want it" in client.get(decline).content.decode()
    client.post(decline, {"reason": "Did not want it", "person_declined": "on"})
    assert codes(incoming) == [DECLINED, REFERRAL]


def test_the_decline_page_asks_about_the_person_only_for_social_prescribing(client_for, routed):
    incoming = from_ivy(routed)
    page = client_for("alice").get(reverse("welcome:decline", args=[incoming.pk]))
    assert "The person said they do not want it" not in page.content.decode()


def test_the_fhir_news_codes_the_introduction_in_snomed_ct(client_for, routed):
    actor = Actor.working_as(routed.alice, job="t")
    incoming = services.incoming_accept(actor, from_ivy(routed, social_prescribing=True))
    ConsentFactory(person=incoming.person, topic=ConsentTopic.INTRODUCER_NEWS)
    news = services.news_send(actor, incoming, kind=NewsKind.ACKNOWLEDGEMENT)
    body = client_for("ivy").get(reverse("welcome:news_fhir", args=[news.pk])).content
    resource = Communication.model_validate(json.loads(body))
    coding = resource.reasonCode[0].coding[0]
    assert (coding.system, coding.code, coding.display) == (
        SNOMED_CT,
        REFERRAL,
        "Referral to social prescribing service",
    )
    request = resource.contained[0]
    assert request.get_resource_type() == "ServiceRequest"
    assert [c.code for c in request.code.coding] == [REFERRAL]
    assert resource.about[0].reference == "#introduction"
