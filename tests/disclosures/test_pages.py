"""The log on the person's record, the form to record a share, the subject access copy
logged by itself, and the manager's report with small counts hidden for aggregate roles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lac.disclosures.models import Disclosure, Kind, LegalBasis
from lac.people.models import ConsentTopic
from tests.people.factories import ConsentFactory, PersonFactory
from tests.permission_matrix import Page, case_id, cases, check

pytestmark = pytest.mark.django_db


def shared(person, world, n=1, **given):
    for i in range(n):
        Disclosure.objects.create(
            person=person,
            programme=world.programme,
            kind=given.get("kind", Kind.SERVICE),
            description=f"Their phone number {i}",
            recipient_name="Derby Fire and Rescue",
            legal_basis=LegalBasis.VITAL_INTERESTS,
            shared_at=given.get("at", datetime.now(tz=UTC)),
            recorded_by=world.alice,
        )


def matrix_person(world):
    return PersonFactory(full_name="Matrix Share", neighbourhood=world.north)


PAGES = [
    Page(
        "record a share",
        lambda w: reverse("people:share_new", args=[matrix_person(w).pk]),
        allowed=frozenset({"alice", "bob"}),
        hidden=frozenset({"amir", "charlie"}),
    ),
    Page(
        "information shared about people",
        lambda w: reverse("reports:disclosures"),
        allowed=frozenset({"bob", "lena", "eve", "nina", "root"}),
    ),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, page, user):
    check(client, world, page, user)


def test_the_persons_record_lists_what_was_shared(world, client_for):
    person = PersonFactory(full_name="Ada Share", neighbourhood=world.north)
    shared(person, world)
    text = client_for("alice").get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Shared with others" in text
    assert "Their phone number 0, with Derby Fire and Rescue" in text
    assert "to protect someone’s life" in text


def test_a_coordinator_records_a_share_on_the_persons_consent(world, client_for):
    person = PersonFactory(full_name="Ada Share", neighbourhood=world.north)
    consent = ConsentFactory(person=person, topic=ConsentTopic.SHARING)
    ConsentFactory(person=person, topic=ConsentTopic.STORIES, withdrawn_on=consent.given_on)
    client = client_for("alice")
    url = reverse("people:share_new", args=[person.pk])
    page = client.get(url).content.decode()
    assert "Their consent: Sharing information with named services" in page
    assert "Their story or photos" not in page  # withdrawn: no basis for a share
    response = client.post(
        url,
        {
            "kind": Kind.SERVICE,
            "description": "Their address",
            "recipient": "Age UK Derby",
            "basis": f"consent-{consent.pk}",
        },
    )
    assert response.status_code == 302
    share = Disclosure.objects.get()
    assert (share.consent, share.recipient_name, share.recorded_by) == (
        consent,
        "Age UK Derby",
        world.alice,
    )


def test_a_share_with_no_answers_says_what_is_missing(world, client_for):
    person = PersonFactory(full_name="Ada Share", neighbourhood=world.north)
    url = reverse("people:share_new", args=[person.pk])
    response = client_for("alice").post(url, {"description": " "})
    text = response.content.decode()
    assert "Enter what was shared" in text
    assert "Enter who it was shared with" in text
    assert "Select the person’s consent or a legal basis" in text
    assert not Disclosure.objects.exists()


def test_a_subject_access_copy_is_logged_as_a_share(world, client_for):
    person = PersonFactory(full_name="Ada Share", neighbourhood=world.north)
    client_for("bob").post(reverse("people:subject_access", args=[person.pk]))
    share = Disclosure.objects.get()
    assert share.kind == Kind.SUBJECT_ACCESS
    assert share.legal_basis == LegalBasis.LEGAL_OBLIGATION
    assert share.recorded_by == world.bob


def test_the_manager_sees_every_share_with_the_person(world, client_for):
    person = PersonFactory(full_name="Ada Share", neighbourhood=world.north)
    shared(person, world, n=2)
    response = client_for("bob").get(reverse("reports:disclosures"))
    text = response.content.decode()
    assert "Ada Share" in text
    assert "Derby Fire and Rescue" in text
    assert ("Information given to a service", 2) in response.context["log"].counts


def test_an_evaluator_sees_counts_with_small_ones_hidden_and_no_names(world, client_for):
    person = PersonFactory(full_name="Ada Share", neighbourhood=world.north)
    shared(person, world, n=2)
    text = client_for("eve").get(reverse("reports:disclosures")).content.decode()
    assert "Ada Share" not in text
    assert "Derby Fire and Rescue" not in text
    assert "&lt;5" in text


def test_filters_narrow_the_log_by_kind_and_period(world, client_for):
    person = PersonFactory(full_name="Ada Share", neighbourhood=world.north)
    shared(person, world, at=datetime(2025, 5, 1, 9, tzinfo=UTC))
    shared(person, world, kind=Kind.OTHER, at=datetime(2025, 5, 2, 9, tzinfo=UTC))
    response = client_for("bob").get(
        reverse("reports:disclosures"),
        {"kind": Kind.OTHER, "start": "2025-04-01", "end": "2025-06-30"},
    )
    rows = list(response.context["page"].object_list)
    assert [row.kind for row in rows] == [Kind.OTHER]


def test_the_report_takes_the_same_queries_however_many_shares(world, client_for):
    client = client_for("bob")
    shared(PersonFactory(neighbourhood=world.north), world, n=2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reports:disclosures"))
    for _ in range(10):
        shared(PersonFactory(neighbourhood=world.south), world, n=2)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("reports:disclosures"))
    assert len(many.captured_queries) == len(few.captured_queries)
