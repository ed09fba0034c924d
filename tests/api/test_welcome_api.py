"""Introductions from partners through the API: the web form's rules and words, the
introducer's own introductions and news, and the coordinators' queue."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import Action, AuditEvent
from lac.lib.rules import contact
from lac.people.models import ConsentTopic
from lac.welcome import services
from lac.welcome.models import IncomingIntroduction, NewsKind
from lac.welcome.retention import unwelcomed_erase
from tests.api.data import bearer, token
from tests.people.factories import ConsentFactory
from tests.welcome.conftest import from_ivy, route_by_postcode

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(world):
    return route_by_postcode(world)


PATH = "/api/welcome/introductions"


def send(client, raw, key=None, **given):
    body = {
        "programme": "a",
        "full_name": "Dot Wren",
        "phone": "07700 900123",
        "postcode": "DE23 6AB",
        "agreed_to_contact": True,
    } | given
    headers = bearer(raw) | ({"HTTP_IDEMPOTENCY_KEY": key} if key else {})
    return client.post(PATH, json.dumps(body), content_type="application/json", **headers)


def problems(response):
    return {p["loc"][-1]: p["msg"] for p in response.json()["detail"]}


def test_an_introducer_system_sends_an_introduction_routed_by_postcode(client, routed):
    response = send(client, token(routed.ivy), social_prescribing=True)
    assert response.status_code == 201
    body = response.json()
    assert (body["full_name"], body["status"], body["programme"]) == ("Dot Wren", "waiting", "a")
    assert body["concepts"] == [
        {
            "system": "http://snomed.info/sct",
            "code": "871731000000106",
            "display": "Referral to social prescribing service",
        }
    ]
    incoming = IncomingIntroduction.objects.get()
    assert incoming.neighbourhood == routed.north
    assert incoming.introducer == "Ivy, Wilmorton Surgery"


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ({"agreed_to_contact": False}, "agreed_to_contact", services.NO_AGREEMENT),
        ({"phone": "", "email": ""}, "phone", services.NO_WAY_TO_REACH),
        ({"postcode": "XX"}, "postcode", "Enter a real UK postcode"),
        ({"email": "not-an-email"}, "email", contact.EMAIL_INVALID),
        ({"full_name": " "}, "full_name", services.NO_NAME),
        ({"programme": "b"}, "programme", str(services.NOT_YOUR_PROGRAMME)),
        ({"programme": "nowhere"}, "programme", str(services.NOT_YOUR_PROGRAMME)),
    ],
)
def test_the_api_refuses_what_the_web_form_refuses_in_the_same_words(
    client, client_for, routed, given, field, message
):
    message = str(message)
    response = send(client, token(routed.ivy), **given)
    assert response.status_code == 422
    assert message in problems(response)[field]
    assert not IncomingIntroduction.objects.exists()
    if field != "programme":  # the web names the programme in its address instead
        form = {
            k: v
            for k, v in (
                {
                    "full_name": "Dot Wren",
                    "phone": "07700 900123",
                    "postcode": "DE23 6AB",
                    "agreed_to_contact": "on",
                }
                | given
            ).items()
            if v is not False
        }
        web = client_for("ivy").post(reverse("welcome:partner_new", args=["a"]), form)
        assert message in web.content.decode()


def test_a_neighbourhood_of_another_programme_is_refused(client, routed):
    response = send(client, token(routed.ivy), neighbourhood_id=routed.elsewhere.pk)
    assert problems(response)["neighbourhood"] == services.NOT_IN_PROGRAMME
    response = send(client, token(routed.ivy), neighbourhood_id=10**9)
    assert problems(response)["neighbourhood"] == services.NOT_IN_PROGRAMME


def test_a_retried_post_with_the_same_idempotency_key_saves_once(client, routed):
    raw = token(routed.ivy)
    first = send(client, raw, key="intro-1")
    again = send(client, raw, key="intro-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert IncomingIntroduction.objects.count() == 1
    assert send(client, raw, key="intro-2").status_code == 201
    assert IncomingIntroduction.objects.count() == 2


def test_the_introducer_reads_only_their_own_introductions_and_the_news(client, routed):
    actor = Actor.working_as(routed.alice, job="t")
    incoming = services.incoming_accept(actor, from_ivy(routed))
    ConsentFactory(person=incoming.person, topic=ConsentTopic.INTRODUCER_NEWS)
    services.news_send(actor, incoming, kind=NewsKind.SUMMARY, what_matters="Her garden")
    someone_elses = IncomingIntroduction.objects.create(
        programme=routed.programme, route="self", full_name="Not Ivys", agreed_to_contact=True
    )
    raw = token(routed.ivy)
    listed = client.get(PATH, **bearer(raw)).json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert (item["full_name"], item["status"]) == ("Dot Wren", "welcomed")
    assert item["news"][0]["kind"] == "summary"
    assert item["news"][0]["sections"] == [
        {"heading": "What matters to them", "text": "Her garden"}
    ]
    assert client.get(f"{PATH}/{incoming.pk}", **bearer(raw)).json()["id"] == incoming.pk
    assert client.get(f"{PATH}/{someone_elses.pk}", **bearer(raw)).status_code == 404
    read = AuditEvent.objects.filter(action=Action.READ, object_id=str(incoming.pk))
    assert read.filter(person=incoming.person, what__startswith="API: ").count() == 2


def test_a_declined_introduction_says_why(client, routed):
    actor = Actor.working_as(routed.alice, job="t")
    incoming = services.incoming_decline(actor, from_ivy(routed), reason="Lives elsewhere")
    body = client.get(f"{PATH}/{incoming.pk}", **bearer(token(routed.ivy))).json()
    assert (body["status"], body["decline_reason"]) == ("declined", "Lives elsewhere")


def test_an_introduction_never_welcomed_in_time_reads_as_erased(client, routed, settings):
    settings.LAC_UNWELCOMED_KEEP_DAYS = 30
    incoming = from_ivy(routed)
    IncomingIntroduction.objects.filter(pk=incoming.pk).update(
        arrived=timezone.now() - timedelta(days=31)
    )
    unwelcomed_erase(Actor.working_as(None, job="t"))
    body = client.get(f"{PATH}/{incoming.pk}", **bearer(token(routed.ivy))).json()
    assert (body["status"], body["full_name"]) == ("erased", "Erased introduction")


def test_coordinators_list_the_introductions_waiting_for_them(client, routed):
    waiting = from_ivy(routed)  # routed to North by its postcode
    unrouted = from_ivy(routed, full_name="Nowhere Yet", postcode="")
    alice = client.get("/api/welcome/queue", **bearer(token(routed.alice))).json()
    assert [i["id"] for i in alice["items"]] == [waiting.pk]
    assert alice["items"][0]["phone"] == "07700 900123"
    bob = client.get("/api/welcome/queue", **bearer(token(routed.bob))).json()
    assert [i["id"] for i in bob["items"]] == [waiting.pk, unrouted.pk]  # the manager: all
    amir = client.get("/api/welcome/queue", **bearer(token(routed.amir))).json()
    assert amir["items"] == []
    assert AuditEvent.objects.filter(
        action=Action.READ, object_id=str(waiting.pk), user=routed.alice
    ).exists()


def test_the_queue_refuses_a_parameter_it_does_not_take(client, routed):
    response = client.get("/api/welcome/queue?neighborhood=1", **bearer(token(routed.alice)))
    assert response.status_code == 422


def test_a_token_without_the_introductions_scope_cannot_send(client, routed):
    response = send(client, token(routed.ivy, ["welcome:read"]))
    assert response.status_code == 403
    assert "introductions:send" in response.json()["detail"]
