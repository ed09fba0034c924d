"""The public page, an introducer's pages and a coordinator's welcome, as each user sees them."""

import json
import time
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation
from fhir.resources.R4B.communication import Communication

from lac.audit.actor import Actor
from lac.lib.rules import contact
from lac.people.models import ConsentTopic
from lac.welcome import antibot
from lac.welcome.models import Decision, IncomingIntroduction, NewsKind
from lac.welcome.services import incoming_accept, incoming_decline, news_send
from tests.people.factories import ConsentFactory, PersonFactory
from tests.permission_matrix import Page, case_id, cases, check
from tests.welcome.conftest import from_ivy

pytestmark = pytest.mark.django_db


def public_answers(**given):
    return {
        "route": "self",
        "full_name": "Sam Finch",
        "phone": "07700 900123",
        "postcode": "DE23 6AB",
        "hopes": "Meeting people",
        "token": antibot.token(time.time() - 30),
    } | given


def test_anyone_may_introduce_themselves_without_signing_in(client, routed):
    url = reverse("welcome:introduce", args=["a"])
    assert "Introduce yourself or someone you know" in client.get(url).content.decode()
    response = client.post(url, public_answers())
    assert response.status_code == 302
    incoming = IncomingIntroduction.objects.get()
    assert (incoming.full_name, incoming.neighbourhood) == ("Sam Finch", routed.north)


def test_the_public_page_speaks_welsh_when_the_switch_chooses_it(client, routed):
    url = reverse("welcome:introduce", args=["a"])
    client.post("/accounts/language/", {"language": "cy", "next": url})
    page = unescape(client.get(url).content.decode())
    assert '<html lang="cy"' in page
    assert "Cyflwynwch eich hun neu rywun rydych chi'n ei adnabod" in page
    assert "Enw llawn y person sy'n cael ei gyflwyno" in page
    assert 'data-i18n.characters-under-limit.other="Mae gennych %{count} nod ar ôl"' in page
    refused = unescape(client.post(url, public_answers(phone="")).content.decode())
    assert "Rhowch rif ffôn neu e-bost er mwyn i'r cydgysylltydd allu cysylltu" in refused
    assert "Cyflwyniad wedi" in client.get(f"{url}thank-you/").content.decode()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_public_page_refuses_an_email_by_the_shared_rule_in_its_words(client, routed, language):
    url = reverse("welcome:introduce", args=["a"])
    client.post("/accounts/language/", {"language": language, "next": url})
    refused = unescape(client.post(url, public_answers(email="sam@")).content.decode())
    with translation.override(language):
        assert translation.gettext(contact.EMAIL_INVALID) in refused
    assert not IncomingIntroduction.objects.exists()


def test_someone_introducing_themselves_in_welsh_is_welcomed_as_welsh_speaking(client, routed):
    url = reverse("welcome:introduce", args=["a"])
    client.post("/accounts/language/", {"language": "cy", "next": url})
    client.post(url, public_answers(full_name="Gwenllian Jones"))
    incoming = IncomingIntroduction.objects.get()
    assert incoming.language == "cy"
    welcomed = incoming_accept(Actor.working_as(routed.alice, job="t"), incoming)
    assert welcomed.person.preferred_language == "cy"


def test_a_robot_filling_the_hidden_field_is_thanked_and_ignored(client, routed):
    url = reverse("welcome:introduce", args=["a"])
    response = client.post(url, public_answers(website="http://spam.example"))
    assert response.status_code == 302
    assert not IncomingIntroduction.objects.exists()


def test_a_form_sent_back_instantly_is_refused_with_a_message(client, routed):
    url = reverse("welcome:introduce", args=["a"])
    response = client.post(url, public_answers(token=antibot.token()))
    assert str(antibot.TOO_FAST) in response.content.decode()
    assert not IncomingIntroduction.objects.exists()


def test_a_made_up_token_is_refused(client, routed):
    url = reverse("welcome:introduce", args=["a"])
    response = client.post(url, public_answers(token="made-up"))
    assert str(antibot.EXPIRED) in response.content.decode()


def test_introducing_someone_else_needs_their_agreement(client, routed):
    url = reverse("welcome:introduce", args=["a"])
    answers = public_answers(route="someone", introducer_name="Jo", introducer_contact="0115")
    text = client.post(url, answers).content.decode()
    assert "The person must agree to a coordinator getting in touch" in text
    assert not IncomingIntroduction.objects.exists()


def test_the_public_page_is_throttled_by_address(client, routed, settings):
    url = reverse("welcome:introduce", args=["a"])
    for _ in range(10):
        client.post(url, public_answers(full_name="", phone=""))
    response = client.post(url, public_answers())
    assert response.status_code == 429
    assert "Too many introductions" in response.content.decode()
    assert not IncomingIntroduction.objects.exists()


def test_an_introducer_sends_an_introduction_and_sees_only_their_own(client_for, routed):
    client = client_for("ivy")
    assert "Your introductions" in client.get("/").content.decode()
    response = client.post(
        reverse("welcome:partner_new", args=["a"]),
        {"full_name": "Dot Wren", "phone": "07700 900123", "agreed_to_contact": "on"},
    )
    incoming = IncomingIntroduction.objects.get()
    assert response.url == reverse("welcome:partner_detail", args=[incoming.pk])
    someone_elses = IncomingIntroduction.objects.create(
        programme=routed.programme, route="self", full_name="Not Ivys", agreed_to_contact=True
    )
    home = client.get(reverse("welcome:partner_home")).content.decode()
    assert "Dot Wren" in home and "Not Ivys" not in home
    detail = reverse("welcome:partner_detail", args=[someone_elses.pk])
    assert client.get(detail).status_code == 404


def test_the_coordinator_sees_the_queue_and_welcomes_with_matches_shown(client_for, routed):
    PersonFactory(full_name="Dot Wren", postcode="DE23 6AB", neighbourhood=routed.north)
    incoming = from_ivy(routed)
    client = client_for("alice")
    home = client.get("/").content.decode()
    assert "New introductions to welcome" in home and "Dot Wren" in home
    page = client.get(reverse("welcome:welcome", args=[incoming.pk])).content.decode()
    assert "may be the same person" in page
    response = client.post(reverse("welcome:welcome", args=[incoming.pk]), {"known": "new"})
    assert response.url == reverse("welcome:news", args=[incoming.pk])
    incoming.refresh_from_db()
    assert incoming.decision == Decision.WELCOMED
    assert client.get("/").context["to_welcome"] == []


def test_another_neighbourhoods_coordinator_cannot_open_it(client_for, routed):
    incoming = from_ivy(routed)
    assert client_for("amir").get(reverse("welcome:welcome", args=[incoming.pk])).status_code == 404


def test_a_declined_introduction_tells_the_introducer_why(client_for, routed):
    incoming = from_ivy(routed)
    incoming_decline(Actor.working_as(routed.alice, job="t"), incoming, reason="Lives elsewhere")
    text = client_for("ivy").get(reverse("welcome:partner_detail", args=[incoming.pk]))
    assert "Not taken forward: Lives elsewhere" in text.content.decode()


def welcomed_with_news(routed):
    actor = Actor.working_as(routed.alice, job="t")
    incoming = incoming_accept(actor, from_ivy(routed))
    ConsentFactory(person=incoming.person, topic=ConsentTopic.INTRODUCER_NEWS)
    news = news_send(
        actor,
        incoming,
        kind=NewsKind.SUMMARY,
        what_matters="Her garden",
        what_was_agreed="Try the allotment group",
        connections_made="Wilmorton allotments",
        contact="Alice, 01632 960 001",
    )
    return incoming, news


def test_the_introducer_reads_the_news_and_downloads_it_as_pdf_and_fhir(client_for, routed):
    incoming, news = welcomed_with_news(routed)
    client = client_for("ivy")
    text = client.get(reverse("welcome:partner_detail", args=[incoming.pk])).content.decode()
    assert "What matters to them" in text and "Her garden" in text
    pdf = client.get(reverse("welcome:news_pdf", args=[news.pk]))
    assert pdf.content.startswith(b"%PDF")
    document = json.loads(client.get(reverse("welcome:news_fhir", args=[news.pk])).content)
    resource = Communication.model_validate(document)  # the library's own model accepts it
    assert resource.status == "completed"
    assert resource.subject.display == "Dot Wren"
    assert [p.contentString for p in resource.payload][0] == "What matters to them: Her garden"


def test_the_coordinators_news_page_refuses_without_consent(client_for, routed):
    incoming = incoming_accept(Actor.working_as(routed.alice, job="t"), from_ivy(routed))
    client = client_for("alice")
    page = client.get(reverse("welcome:news", args=[incoming.pk])).content.decode()
    assert "has not agreed to news going back" in page
    response = client.post(reverse("welcome:news", args=[incoming.pk]), {"kind": "acknowledgement"})
    assert "has not agreed to news going back" in response.content.decode()
    assert not incoming.news.exists()


def test_the_coordinator_sends_a_welcome_on_consent(client_for, routed):
    incoming = incoming_accept(Actor.working_as(routed.alice, job="t"), from_ivy(routed))
    ConsentFactory(person=incoming.person, topic=ConsentTopic.INTRODUCER_NEWS)
    client = client_for("alice")
    client.post(reverse("welcome:news", args=[incoming.pk]), {"kind": "acknowledgement"})
    text = client_for("ivy").get(reverse("welcome:partner_detail", args=[incoming.pk]))
    assert "has been welcomed by Alice" in text.content.decode()


def incoming_pk(world):
    found = IncomingIntroduction.objects.filter(full_name="Dot Wren").first()
    return (found or from_ivy(world)).pk


def news_pk(world):
    return welcomed_with_news(world)[1].pk


PAGES = [
    Page(
        "your introductions",
        lambda w: reverse("welcome:partner_home"),
        allowed=frozenset({"ivy"}),
    ),
    Page(
        "introduce someone (partner)",
        lambda w: reverse("welcome:partner_new", args=["a"]),
        allowed=frozenset({"ivy"}),
    ),
    Page(
        "an introduction you made",
        lambda w: reverse("welcome:partner_detail", args=[incoming_pk(w)]),
        allowed=frozenset({"ivy"}),
    ),
    Page(
        "news as PDF",
        lambda w: reverse("welcome:news_pdf", args=[news_pk(w)]),
        allowed=frozenset({"ivy"}),
    ),
    Page(
        "welcome an introduction",
        lambda w: reverse("welcome:welcome", args=[incoming_pk(w)]),
        allowed=frozenset({"alice", "bob"}),
        hidden=frozenset({"amir", "charlie"}),
    ),
    Page(
        "decline an introduction",
        lambda w: reverse("welcome:decline", args=[incoming_pk(w)]),
        allowed=frozenset({"alice", "bob"}),
        hidden=frozenset({"amir", "charlie"}),
    ),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, routed, page, user):
    check(client, routed, page, user)


def test_the_public_page_is_open_to_everyone(client, world):
    assert client.get(reverse("welcome:introduce", args=["a"])).status_code == 200
