"""Introductions never welcomed lose their personal details after the period, through the
command and the background job alike, audited without those details."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import Action, AuditEvent
from lac.welcome import jobs
from lac.welcome.models import Decision, IncomingIntroduction
from lac.welcome.retention import ERASED_NAME, unwelcomed_erase
from lac.welcome.services import incoming_accept, incoming_decline
from tests.welcome.conftest import from_ivy

pytestmark = pytest.mark.django_db


def arrived_days_ago(incoming, days):
    IncomingIntroduction.objects.filter(pk=incoming.pk).update(
        arrived=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def three(routed, settings):
    """Past the 30-day period: one waiting, one declined, one welcomed; and one too new."""
    settings.LAC_UNWELCOMED_KEEP_DAYS = 30
    actor = Actor.working_as(routed.alice, job="t")
    waiting = from_ivy(routed, full_name="Wynn Waiting", social_prescribing=True)
    declined = incoming_decline(
        actor, from_ivy(routed, full_name="Dee Clined"), reason="Moved to Leeds"
    )
    welcomed = incoming_accept(actor, from_ivy(routed, full_name="Wel Comed"))
    recent = from_ivy(routed, full_name="Rhi Cent")
    for incoming in (waiting, declined, welcomed):
        arrived_days_ago(incoming, 31)
    arrived_days_ago(recent, 29)
    return waiting, declined, welcomed, recent


def names():
    return sorted(IncomingIntroduction.objects.values_list("full_name", flat=True))


def assert_erased(three):
    waiting, declined, welcomed, recent = (IncomingIntroduction.objects.get(pk=i.pk) for i in three)
    for gone in (waiting, declined):
        assert gone.full_name == ERASED_NAME
        assert (gone.phone, gone.postcode, gone.hopes, gone.decline_reason) == ("", "", "", "")
        assert gone.erased is not None
    assert declined.decision == Decision.DECLINED  # the figures keep the decision
    assert waiting.introducer_organisation == "Wilmorton Surgery"
    assert [c.code for c in waiting.concepts.all()] == ["871731000000106"]
    assert (welcomed.full_name, recent.full_name) == ("Wel Comed", "Rhi Cent")
    events = AuditEvent.objects.filter(
        action=Action.DELETE, object_type="welcome.incomingintroduction"
    )
    assert sorted(int(e.object_id) for e in events) == sorted([waiting.pk, declined.pk])
    for event in events:
        assert "Wynn" not in event.what and "Dee" not in event.what
        assert "Leeds" not in event.what and "07700" not in event.what
        assert "30 days" in event.what


def test_the_command_erases_introductions_past_the_period(three):
    out = StringIO()
    call_command("forget_introductions", stdout=out)
    assert "Erased the personal details of 2 introductions never welcomed, 30 days" in (
        out.getvalue()
    )
    assert_erased(three)


def test_the_background_job_erases_the_same(three):
    assert jobs.forget_introductions.call() == 2
    assert_erased(three)
    event = AuditEvent.objects.filter(action=Action.DELETE).first()
    assert event.path == f"job: {jobs.JOB_NAME}"


def test_the_command_can_queue_the_job_instead(three, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    out = StringIO()
    call_command("forget_introductions", "--in-background", stdout=out)
    assert "Queued for the background worker" in out.getvalue()
    assert_erased(three)


def test_a_second_run_erases_nothing_more(three):
    unwelcomed_erase(Actor.working_as(None, job="t"))
    assert unwelcomed_erase(Actor.working_as(None, job="t")).erased == 0
    assert names().count(ERASED_NAME) == 2


def test_an_erased_introduction_leaves_the_queue(client_for, three):
    waiting = three[0]
    unwelcomed_erase(Actor.working_as(None, job="t"))
    client = client_for("alice")
    assert client.get("/").context["to_welcome"] == [three[3]]
    assert client.get(f"/welcome/{waiting.pk}/").status_code == 404


def test_the_introducer_reads_that_an_erased_introduction_was_not_welcomed_in_time(
    client_for, three
):
    waiting = three[0]
    unwelcomed_erase(Actor.working_as(None, job="t"))
    erased = f"Not welcomed in time: its details were erased on {timezone.localdate():%-d %B %Y}"
    client = client_for("ivy")
    assert erased in client.get("/welcome/partners/").content.decode()
    detail = client.get(f"/welcome/partners/{waiting.pk}/").content.decode()
    assert erased in detail and "Waiting to be welcomed" not in detail
