"""Lone working: a visit started, extended and ended in a tap; overdue visits alert managers."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lac.accounts.permissions import scope_for_user
from lac.audit.actor import Actor
from lac.safety import selectors, services
from lac.safety.models import Visit, VisitEvent
from tests.people.factories import PersonFactory
from tests.permission_matrix import Page, case_id, cases, check


def start(world, minutes=60, **kwargs):
    return services.visit_start(
        actor=Actor(user=world.alice),
        programme=world.programme,
        place=kwargs.pop("place", "Home visit, Northgate"),
        expected_back=timezone.now() + timedelta(minutes=minutes),
        **kwargs,
    )


def test_a_visit_from_the_person_page_is_on_every_page_until_ended(client_for, world):
    person = PersonFactory(full_name="Ada Visited", neighbourhood=world.north)
    alice = client_for("alice")
    assert "Start a visit" in alice.get(f"/people/{person.pk}/").content.decode()
    response = alice.post(
        f"/safety/visits/start/?person={person.pk}", {"place": "Home visit", "back_in": "60"}
    )
    assert response["Location"] == "/safety/visits/mine/"
    visit = Visit.objects.get()
    assert (visit.person, visit.coordinator, visit.programme) == (
        person,
        world.alice,
        world.programme,
    )
    assert timedelta(minutes=59) < visit.expected_back - visit.started_at <= timedelta(minutes=60)
    home = alice.get("/").content.decode()
    assert "You are on a visit (Home visit), back by" in home
    alice.post(f"/safety/visits/{visit.pk}/end/")
    assert "You are on a visit" not in alice.get("/").content.decode()
    kinds = list(VisitEvent.objects.values_list("kind", flat=True))
    assert kinds == ["started", "ended"]


def test_one_visit_at_a_time_and_times_within_bounds(world):
    with pytest.raises(ValidationError) as refused:
        start(world, minutes=-5)
    assert refused.value.message_dict == {"expected_back": [services.VISIT_BACK_PAST]}
    with pytest.raises(ValidationError) as refused:
        start(world, minutes=13 * 60)
    assert refused.value.message_dict == {"expected_back": [services.VISIT_BACK_TOO_LATE]}
    start(world)
    with pytest.raises(ValidationError, match="already have a visit under way"):
        start(world)


def test_only_the_coordinator_on_the_visit_may_extend_or_end_it(world):
    visit = start(world)
    with pytest.raises(ValidationError, match="Only the coordinator"):
        services.visit_end(visit=visit, actor=Actor(user=world.amir))
    services.visit_end(visit=visit, actor=Actor(user=world.alice))
    with pytest.raises(ValidationError, match="already ended"):
        services.visit_end(visit=visit, actor=Actor(user=world.alice))


def test_an_overdue_visit_alerts_once_and_more_time_answers_it(client_for, world):
    visit = start(world, minutes=30)
    later = timezone.now() + timedelta(minutes=31)
    assert services.visits_alert_overdue(later) == [visit]
    assert services.visits_alert_overdue(later) == []  # once
    out = StringIO()
    call_command("visits", "check", stdout=out)
    assert out.getvalue() == "0 overdue visits alerted.\n"  # not overdue by the clock yet
    Visit.objects.filter(pk=visit.pk).update(expected_back=timezone.now() - timedelta(minutes=1))
    page = client_for("bob").get("/safety/visits/").content.decode()
    assert "1 overdue: not back when expected" in page and "Home visit, Northgate" in page
    home = client_for("bob").get("/").content.decode()
    assert "Lone-working visits overdue" in home and "1</strong> not back when expected" in home
    visit.refresh_from_db()
    services.visit_extend(visit=visit, minutes=30, actor=Actor(user=world.alice))
    visit.refresh_from_db()
    assert visit.alerted_at is None and visit.expected_back > timezone.now()
    assert "overdue" not in client_for("bob").get("/safety/visits/").content.decode()
    kinds = list(VisitEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["started", "alerted", "extended"]


def test_another_programmes_manager_sees_none_of_its_visits(client_for, world):
    start(world)
    assert "Home visit, Northgate" in client_for("bob").get("/safety/visits/").content.decode()
    world.charlie  # a coordinator elsewhere cannot open the team page at all
    assert client_for("charlie").get("/safety/visits/").status_code == 403


PAGES = [
    Page("team visits", lambda w: "/safety/visits/", allowed=frozenset({"bob", "lena"})),
    Page(
        "visit start",
        lambda w: "/safety/visits/start/",
        allowed=frozenset({"alice", "amir", "bob", "charlie"}),
    ),
    Page(
        "my visit",
        lambda w: "/safety/visits/mine/",
        allowed=frozenset({"alice", "amir", "bob", "charlie"}),
    ),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, page, user):
    check(client, world, page, user)


def _visit_reads(queries) -> int:
    return sum(
        1
        for q in queries
        if q["sql"].lstrip().upper().startswith("SELECT") and '"safety_visit"' in q["sql"]
    )


def test_the_visit_under_way_is_read_once_per_page(client_for, world):
    """The banner (every page) and the visit page share one read of the visit."""
    start(world)
    alice = client_for("alice")
    with CaptureQueriesContext(connection) as ctx:
        page = alice.get("/safety/visits/mine/")
    assert "Home visit, Northgate" in page.content.decode()
    assert _visit_reads(ctx.captured_queries) == 1


def test_roles_that_make_no_visits_run_no_query_for_one(client_for, world):
    eve = client_for("eve")
    with CaptureQueriesContext(connection) as ctx:
        assert eve.get("/").status_code == 200
    assert _visit_reads(ctx.captured_queries) == 0


def test_one_rule_says_which_visits_are_overdue(world):
    """The team page, the managers' home and the alert agree to the second."""
    now = timezone.now()
    on_time = start(world, minutes=30)
    Visit.objects.filter(pk=on_time.pk).update(expected_back=now)  # due this very moment
    late = services.visit_start(
        actor=Actor.working_as(world.amir, job="test"),
        programme=world.programme,
        place="Community centre",
        expected_back=now + timedelta(minutes=5),
    )
    Visit.objects.filter(pk=late.pk).update(expected_back=now - timedelta(seconds=1))
    scope = scope_for_user(world.bob)
    assert list(Visit.objects.filter(selectors.overdue(now))) == [late]
    assert selectors.team_visits(scope, now).overdue == [late]
    assert selectors.team_visits(scope, now).under_way == [on_time]
    assert selectors.overdue_count(scope, now) == 1
    assert services.visits_alert_overdue(now) == [late]


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_an_overdue_visit_emails_the_managers_without_personal_data(world):
    person = PersonFactory(full_name="Ada Visited", neighbourhood=world.north)
    world.bob.email = "bob@council.example"
    world.bob.save()
    world.lena.email = "lena@council.example"  # a lead, not a manager: not emailed
    world.lena.save()
    visit = start(world, minutes=30, person=person, place="Home visit, 12 Elm Road")
    services.visits_alert_overdue(timezone.now() + timedelta(minutes=31))
    [email] = mail.outbox
    assert email.to == ["bob@council.example"]
    assert email.subject == services.OVERDUE_SUBJECT
    assert "/safety/visits/" in email.body
    for personal in ("Ada", "Elm Road", "alice", world.alice.get_full_name() or "alice"):
        assert personal not in email.body
    kinds = list(visit.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["started", "alerted", "emailed"]


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="")
def test_without_an_email_server_the_alert_is_recorded_and_nothing_is_sent(world):
    visit = start(world, minutes=30)
    world.bob.email = "bob@council.example"
    world.bob.save()
    services.visits_alert_overdue(timezone.now() + timedelta(minutes=31))
    assert mail.outbox == []
    assert list(visit.events.values_list("kind", flat=True)) == ["started", "alerted"]
