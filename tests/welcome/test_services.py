"""An introduction arrives, is welcomed through casework's one path or declined, and news
goes back only on the person's consent, each message a disclosure."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lac.audit.actor import Actor
from lac.casework.models import Introduction
from lac.disclosures.models import Disclosure, Kind
from lac.lib.rules import contact
from lac.people.models import ConsentTopic, Person
from lac.welcome import services
from lac.welcome.models import Decision, NewsKind, Route
from tests.people.factories import ConsentFactory, PersonFactory
from tests.welcome.conftest import from_ivy

pytestmark = pytest.mark.django_db


def as_alice(world):
    return Actor.working_as(world.alice, job="test")


def test_a_partners_introduction_is_routed_and_names_the_organisation(routed):
    incoming = from_ivy(routed)
    assert incoming.neighbourhood == routed.north
    assert incoming.introducer == "Ivy, Wilmorton Surgery"
    assert incoming.decision == Decision.WAITING


def test_a_self_introduction_needs_no_separate_agreement(routed):
    incoming = services.incoming_submit(
        Actor(),
        programme=routed.programme,
        route=Route.SELF,
        full_name="Sam Finch",
        email="sam@example.org",
        postcode="de23 8xy",
    )
    assert incoming.agreed_to_contact
    assert incoming.postcode == "DE23 8XY"
    assert incoming.neighbourhood == routed.south


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ({"agreed_to_contact": False}, "agreed_to_contact", services.NO_AGREEMENT),
        ({"phone": "", "email": ""}, "phone", services.NO_WAY_TO_REACH),
        ({"phone": "12"}, "phone", "Enter a real phone number"),
        ({"postcode": "XX"}, "postcode", "Enter a real UK postcode"),
        ({"email": "not-an-email"}, "email", contact.EMAIL_INVALID),
        ({"full_name": " "}, "full_name", services.NO_NAME),
    ],
)
def test_bad_input_is_refused_naming_the_field(routed, given, field, message):
    with pytest.raises(ValidationError) as refused:
        from_ivy(routed, **given)
    assert str(message) in refused.value.message_dict[field][0]


def test_someone_introducing_another_on_the_public_page_says_who_they_are(routed):
    with pytest.raises(ValidationError) as refused:
        services.incoming_submit(
            Actor(),
            programme=routed.programme,
            route=Route.SOMEONE,
            full_name="Sam Finch",
            phone="07700 900123",
            agreed_to_contact=True,
        )
    assert set(refused.value.message_dict) == {"introducer_name", "introducer_contact"}


def test_welcoming_makes_the_person_and_introduction_as_a_coordinator_would(routed):
    incoming = from_ivy(routed)
    services.incoming_accept(as_alice(routed), incoming)
    incoming.refresh_from_db()
    person = Person.objects.get(full_name="Dot Wren")
    introduction = Introduction.objects.get(person=person)
    assert incoming.decision == Decision.WELCOMED
    assert incoming.person == person and incoming.introduction == introduction
    assert (person.neighbourhood, person.phone, person.postcode) == (
        routed.north,
        "07700 900123",
        "DE23 6AB",
    )
    assert introduction.introducer == "Ivy, Wilmorton Surgery"
    assert introduction.hopes == "To get out more"
    assert introduction.recorded_by == routed.alice
    assert person.next_contact_date is not None  # as every introduction leaves one


def test_welcoming_as_someone_already_known_adds_an_introduction_to_them(routed):
    known = PersonFactory(full_name="Dot Wren", neighbourhood=routed.north)
    services.incoming_accept(as_alice(routed), from_ivy(routed), known=known)
    assert Person.objects.filter(full_name="Dot Wren").count() == 1
    assert known.introductions.count() == 1


def test_an_introduction_is_decided_once(routed):
    incoming = from_ivy(routed)
    services.incoming_decline(as_alice(routed), incoming, reason="Moved away")
    with pytest.raises(ValidationError) as refused:
        services.incoming_accept(as_alice(routed), incoming)
    assert "already been not taken forward" in refused.value.messages[0]
    assert not Person.objects.filter(full_name="Dot Wren").exists()


def test_declining_needs_a_reason(routed):
    with pytest.raises(ValidationError) as refused:
        services.incoming_decline(as_alice(routed), from_ivy(routed), reason=" ")
    assert refused.value.message_dict == {"reason": [services.NO_REASON]}


def test_news_is_refused_without_the_persons_consent(routed):
    incoming = services.incoming_accept(as_alice(routed), from_ivy(routed))
    ConsentFactory(person=incoming.person, topic=ConsentTopic.SHARING)  # another topic
    with pytest.raises(ValidationError) as refused:
        services.news_send(as_alice(routed), incoming, kind=NewsKind.ACKNOWLEDGEMENT)
    assert "has not agreed to news going back" in refused.value.messages[0]
    assert not Disclosure.objects.exists()


def test_news_after_a_withdrawn_consent_is_refused(routed):
    incoming = services.incoming_accept(as_alice(routed), from_ivy(routed))
    ConsentFactory(
        person=incoming.person,
        topic=ConsentTopic.INTRODUCER_NEWS,
        given_on=date(2025, 1, 1),
        withdrawn_on=date(2025, 2, 1),
    )
    with pytest.raises(ValidationError):
        services.news_send(as_alice(routed), incoming, kind=NewsKind.ACKNOWLEDGEMENT)


def test_news_on_consent_is_sent_and_logged_as_a_disclosure(routed):
    incoming = services.incoming_accept(as_alice(routed), from_ivy(routed))
    consent = ConsentFactory(person=incoming.person, topic=ConsentTopic.INTRODUCER_NEWS)
    news = services.news_send(
        as_alice(routed),
        incoming,
        kind=NewsKind.SUMMARY,
        what_matters="Her garden",
        what_was_agreed="Try the allotment group",
    )
    share = news.disclosure
    assert (share.kind, share.consent, share.recipient_user) == (
        Kind.MESSAGE_BACK,
        consent,
        routed.ivy,
    )
    assert share.person == incoming.person


def test_a_summary_says_something(routed):
    incoming = services.incoming_accept(as_alice(routed), from_ivy(routed))
    ConsentFactory(person=incoming.person, topic=ConsentTopic.INTRODUCER_NEWS)
    with pytest.raises(ValidationError) as refused:
        services.news_send(as_alice(routed), incoming, kind=NewsKind.SUMMARY)
    assert refused.value.message_dict == {"what_matters": [services.NO_SUMMARY]}
