"""News for someone who introduced themselves: on their consent, through a one-time link
their coordinator gives them, logged as a disclosure to them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.disclosures.models import Disclosure, Kind
from lac.people.models import ConsentTopic
from lac.selfservice.models import PersonalLink
from lac.welcome import services
from lac.welcome.models import NewsKind, Route
from tests.people.factories import ConsentFactory
from tests.permission_matrix import Page, case_id, cases, check
from tests.welcome.conftest import from_ivy

pytestmark = pytest.mark.django_db


def as_alice(world):
    return Actor.working_as(world.alice, job="test")


def welcomed_self(world, *, consent=True):
    incoming = services.incoming_submit(
        Actor(),
        programme=world.programme,
        route=Route.SELF,
        full_name="Sam Finch",
        phone="07700 900123",
        postcode="DE23 6AB",
    )
    incoming = services.incoming_accept(as_alice(world), incoming)
    if consent:
        ConsentFactory(person=incoming.person, topic=ConsentTopic.INTRODUCER_NEWS)
    return incoming


def test_news_to_a_self_introducer_is_a_disclosure_to_them_on_their_consent(routed):
    incoming = welcomed_self(routed)
    news = services.news_send(as_alice(routed), incoming, kind=NewsKind.ACKNOWLEDGEMENT)
    disclosure = Disclosure.objects.get()
    assert disclosure == news.disclosure
    assert (disclosure.kind, disclosure.recipient) == (Kind.MESSAGE_BACK, services.SELF_RECIPIENT)
    assert disclosure.consent.topic == ConsentTopic.INTRODUCER_NEWS


def test_without_their_consent_nothing_is_sent(routed):
    incoming = welcomed_self(routed, consent=False)
    with pytest.raises(ValidationError) as refused:
        services.news_send(as_alice(routed), incoming, kind=NewsKind.ACKNOWLEDGEMENT)
    assert "has not agreed to news" in refused.value.messages[0]
    assert not Disclosure.objects.exists()


def test_someone_introduced_on_the_public_page_by_another_still_gets_no_news(routed):
    incoming = services.incoming_submit(
        Actor(),
        programme=routed.programme,
        route=Route.SOMEONE,
        full_name="Sam Finch",
        phone="07700 900123",
        introducer_name="Jo",
        introducer_contact="07700 900999",
        postcode="DE23 6AB",
        agreed_to_contact=True,
    )
    incoming = services.incoming_accept(as_alice(routed), incoming)
    ConsentFactory(person=incoming.person, topic=ConsentTopic.INTRODUCER_NEWS)
    with pytest.raises(ValidationError, match="Only an introducer with an account"):
        services.news_send(as_alice(routed), incoming, kind=NewsKind.ACKNOWLEDGEMENT)


def test_a_link_is_only_for_someone_who_introduced_themselves(routed):
    actor = as_alice(routed)
    incoming = services.incoming_accept(actor, from_ivy(routed))
    ConsentFactory(person=incoming.person, topic=ConsentTopic.INTRODUCER_NEWS)
    news = services.news_send(actor, incoming, kind=NewsKind.ACKNOWLEDGEMENT)
    with pytest.raises(ValidationError) as refused:
        services.news_link_issue(actor, news)
    assert refused.value.messages == [str(services.NOT_SELF_INTRODUCED)]


def test_a_link_is_refused_once_they_withdraw_their_consent(routed):
    incoming = welcomed_self(routed)
    news = services.news_send(as_alice(routed), incoming, kind=NewsKind.ACKNOWLEDGEMENT)
    incoming.person.consents.update(withdrawn_on="2026-01-02")
    with pytest.raises(ValidationError, match="has not agreed to news"):
        services.news_link_issue(as_alice(routed), news)


def test_the_coordinator_gives_a_link_and_the_person_reads_the_news_once(
    client, client_for, routed
):
    incoming = welcomed_self(routed)
    coordinator = client_for("alice")
    page = coordinator.get(reverse("welcome:news", args=[incoming.pk])).content.decode()
    assert "read news through a one-time link" in page
    response = coordinator.post(
        reverse("welcome:news", args=[incoming.pk]),
        {"kind": "summary", "what_matters": "Walking", "what_was_agreed": "Try the group"},
    )
    assert "A one-time link to news for Sam Finch" in response.content.decode()
    address = response.context["shown"].address
    coordinator.logout()
    opened = client.get(address)
    assert "Show the news" in opened.content.decode()
    assert PersonalLink.objects.get().used is None  # a preview does not spend it
    shown = client.post(address).content.decode()
    assert "What matters to them" in shown and "Walking" in shown
    assert client.get(address).status_code == 410
    trail = list(AuditEvent.objects.filter(person=incoming.person).values_list("what", flat=True))
    assert "One-time link issued: read news about their introduction" in trail
    assert "One-time link used by the person: read news about their introduction" in trail


def test_a_welcome_reads_as_news_to_the_person_themselves(client, client_for, routed):
    incoming = welcomed_self(routed)
    response = client_for("alice").post(
        reverse("welcome:news", args=[incoming.pk]), {"kind": "acknowledgement"}
    )
    address = response.context["shown"].address
    client.logout()
    shown = client.post(address).content.decode()
    assert "You introduced yourself, and Alice" in shown


def test_a_new_link_to_news_already_sent(client_for, routed):
    incoming = welcomed_self(routed)
    news = services.news_send(as_alice(routed), incoming, kind=NewsKind.ACKNOWLEDGEMENT)
    url = reverse("welcome:news_link", args=[incoming.pk, news.pk])
    response = client_for("alice").post(url)
    assert response.status_code == 200
    assert PersonalLink.objects.filter(person=incoming.person).count() == 1
    assert Disclosure.objects.count() == 1  # the news was shared once; a link is a way in


def news_link_url(world):
    incoming = welcomed_self(world)
    news = services.news_send(as_alice(world), incoming, kind=NewsKind.ACKNOWLEDGEMENT)
    return reverse("welcome:news_link", args=[incoming.pk, news.pk])


PAGES = [
    Page(
        "a new link to news",
        news_link_url,
        allowed=frozenset({"alice", "bob"}),
        hidden=frozenset({"amir", "charlie"}),
        method="post",
    ),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, routed, page, user):
    check(client, routed, page, user)
