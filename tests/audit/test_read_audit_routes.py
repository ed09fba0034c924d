"""Every page that shows a person's details writes a read event: walked over every route.

The routes are found from the URL configuration, not listed by hand: any route
under a person (``people/<id>/…``) or deleting a record about one, so a page
added later is walked too.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lac.audit.models import Action, AuditEvent
from lac.outcomes.models import Assessment, AvoidedService, OutcomeEvent
from lac.people.models import Person
from tests.conftest import force_login_verified
from tests.people.factories import PersonFactory
from tests.people.privacy_records import person_with_everything

pytestmark = pytest.mark.django_db

DELETABLE = {"assessment": Assessment, "change": OutcomeEvent, "service-avoided": AvoidedService}


def all_routes(resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""):
    """(view name, route text, parameter names) for every URL pattern in the project."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_routes(entry, inner, route)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", route, list(entry.pattern.converters)


def person_routes() -> list[tuple[str, list[str]]]:
    return sorted(
        (name, params)
        for name, route, params in all_routes()
        if ("people/<" in route or name == "outcomes:record_delete") and not name.startswith("api")
    )


def urls_for(world) -> list[tuple[str, set[int]]]:
    """Each person page's address, with the people whose details it shows."""
    subject = person_with_everything(world)
    person = subject.person
    other = PersonFactory(neighbourhood=world.north, full_name="Zebedee Marigold")
    goal = person.goals.get()
    values = {
        "pk": person.pk,
        "person_id": person.pk,
        "person_pk": person.pk,
        "member_pk": person.pk,
        "goal_pk": goal.pk,
        "step_pk": goal.steps.get().pk,
        "consent_pk": person.consents.get().pk,
        "other": other.pk,
    }
    urls = []
    for name, params in person_routes():
        if name == "outcomes:record_delete":
            for kind, model in DELETABLE.items():
                record = model.objects.filter(person=person).first()
                urls.append((reverse(name, args=[kind, record.pk]), {person.pk}))
            continue
        kwargs = {p: values[p] for p in params}
        extra = "?q=Zebedee" if name == "people:household_add" else ""
        urls.append((reverse(name, kwargs=kwargs) + extra, {person.pk, other.pk}))
    return urls


def test_every_page_showing_a_person_writes_a_read_event(client, world):
    force_login_verified(client, world.bob)
    urls = urls_for(world)
    pages = 0
    for url, people in urls:
        before = AuditEvent.objects.count()
        response = client.get(url)
        if response.status_code in (302, 405):
            continue  # an action (POST only), or a redirect: no one's details shown
        assert response.status_code == 200, (url, response.status_code)
        new = AuditEvent.objects.order_by("pk")[before:]
        assert {e.person_id for e in new} & people, url
        assert all(e.user_id == world.bob.pk for e in new)
        pages += 1
    assert pages >= 25, pages
    print(f"{pages} person pages walked, each wrote a read event")


def test_merge_candidates_and_household_search_audit_everyone_they_show(client, world):
    subject = person_with_everything(world)
    twins = [
        PersonFactory(
            neighbourhood=world.north, full_name="Zebedee Marigold", date_of_birth=date(1950, 3, 4)
        )
        for _ in range(3)
    ]
    force_login_verified(client, world.bob)
    for url in (
        reverse("people:merge", args=[subject.person.pk]),
        reverse("people:household_add", args=[subject.person.pk]) + "?q=Zebedee",
    ):
        before = AuditEvent.objects.count()
        page = client.get(url).content.decode()
        assert "Zebedee Marigold" in page
        seen = {e.person_id for e in AuditEvent.objects.order_by("pk")[before:]}
        assert {t.pk for t in twins} <= seen, url


def test_the_duplicate_check_audits_the_people_it_shows(client, world):
    twin = PersonFactory(
        neighbourhood=world.north, full_name="Ama Okafor", date_of_birth=date(1984, 3, 2)
    )
    force_login_verified(client, world.bob)
    response = client.get(
        reverse("casework:duplicates"),
        {"full_name": "Ama Okafor", "date_of_birth": "02/03/1984", "postcode": ""},
    )
    assert "Ama Okafor" in response.content.decode()
    event = AuditEvent.objects.get(person_id=twin.pk)
    assert (event.action, event.user) == (Action.READ, world.bob)
    assert event.programme_id == world.programme.pk


def test_a_page_showing_more_people_takes_no_more_queries(client, world):
    subject = person_with_everything(world)
    force_login_verified(client, world.bob)
    url = reverse("people:merge", args=[subject.person.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    PersonFactory(neighbourhood=world.north, full_name="Zebedee Marigold")
    few = queries()
    for _ in range(5):
        PersonFactory(neighbourhood=world.north, full_name="Zebedee Marigold")
    assert queries() == few
    assert Person.objects.filter(full_name="Zebedee Marigold").count() == 7
