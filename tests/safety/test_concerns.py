"""Safeguarding concerns: recorded, added to and closed; seen by the recorder, the person's
coordinator and the programme's managers only; withheld from subject access unless a
manager decides; counted only, and suppressed for aggregate roles."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lac.accounts.models import Role
from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.people.subject_access import export_json_bytes, section_counts, subject_access_export
from lac.safety import services
from lac.safety.categories import CARE_ACT_TYPES, concern_categories
from lac.safety.disclosure import WHY_WITHHELD
from lac.safety.models import Concern, ConcernUpdate
from lac.safety.selectors import concerns_visible
from tests.conftest import force_login_verified
from tests.factories import UserFactory, grant
from tests.people.factories import PersonFactory
from tests.permission_matrix import Page, case_id, cases, check

SEEN = "Bruises on both arms; said her son pushed her"


def person_of_alice(world, **kwargs):
    return PersonFactory(
        full_name="Ada Cared-For", neighbourhood=world.north, coordinator=world.alice, **kwargs
    )


def record(world, person=None, *, by=None, **kwargs):
    return services.concern_record(
        person=person or person_of_alice(world),
        category=kwargs.pop("category", "physical"),
        what_happened=kwargs.pop("what_happened", SEEN),
        happened_on=kwargs.pop("happened_on", timezone.localdate()),
        actor=Actor.working_as(by or world.alice, job="test"),
        **kwargs,
    )


def test_a_coordinator_records_a_concern_from_the_person_page(client_for, world):
    person = person_of_alice(world)
    alice = client_for("alice")
    assert "Record a safeguarding concern" in alice.get(f"/people/{person.pk}/").content.decode()
    response = alice.post(
        f"/safety/people/{person.pk}/concerns/add/",
        {
            "category": "physical",
            "what_happened": SEEN,
            "happened_on": timezone.localdate().isoformat(),
            "reported_to": "safeguarding_team",
            "reference": "SG-2041",
        },
    )
    concern = Concern.objects.get()
    assert response["Location"] == f"/safety/concerns/{concern.pk}/"
    page = alice.get(response["Location"]).content.decode()
    assert SEEN in page and "Reported to the council&#x27;s safeguarding team" in page
    assert "SG-2041" in page
    assert "Physical abuse" in alice.get(f"/people/{person.pk}/").content.decode()
    trail = list(AuditEvent.objects.filter(object_type="safety.concern").values_list("what"))
    assert ("Safeguarding concern recorded",) in trail
    assert ("Read a safeguarding concern",) in trail


def test_bad_input_is_named_and_nothing_is_half_written(client_for, world):
    person = person_of_alice(world)
    page = client_for("alice").post(
        f"/safety/people/{person.pk}/concerns/add/",
        {
            "category": "physical",
            "what_happened": SEEN,
            "happened_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "reference": "SG-1",
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "The date it was seen or said must be today or in the past" in text
    assert Concern.objects.count() == 0
    with pytest.raises(ValidationError) as refused:
        record(world, person, reference="SG-1")
    assert refused.value.message_dict == {"reported_to": [services.CONCERN_REFERENCE_WITHOUT_WHO]}
    with pytest.raises(ValidationError) as refused:
        record(world, person, category="not-a-kind")
    assert refused.value.message_dict == {"category": [services.CONCERN_CATEGORY_UNKNOWN]}
    assert Concern.objects.count() == 0 and ConcernUpdate.objects.count() == 0


def test_updates_are_kept_and_a_closed_concern_takes_no_more(client_for, world):
    concern = record(world)
    actor = Actor.working_as(world.bob, job="test")
    services.concern_update(
        concern=concern, note="", reported_to="police", reference="PC-77", actor=actor
    )
    with pytest.raises(ValidationError) as refused:
        services.concern_update(concern=concern, note="", close=True, actor=actor)
    assert refused.value.message_dict == {"note": [services.CONCERN_CLOSE_NOTE]}
    client_for("alice").post(
        f"/safety/concerns/{concern.pk}/",
        {"note": "Son moved out; she feels safe now", "close": "on"},
    )
    concern.refresh_from_db()
    assert concern.closed_at is not None
    kinds = list(concern.updates.values_list("kind", "reported_to", "reference"))
    assert kinds == [("reported", "police", "PC-77"), ("closed", "", "")]
    with pytest.raises(ValidationError, match="This concern is closed"):
        services.concern_update(concern=concern, note="More", actor=actor)
    page = client_for("bob").get(f"/safety/concerns/{concern.pk}/").content.decode()
    assert "Closed on" in page and "Son moved out" in page and "PC-77" in page
    assert "Add what happened next" not in page


def test_only_the_recorder_the_persons_coordinator_and_managers_see_a_concern(client_for, world):
    person = person_of_alice(world)
    # Another coordinator of the same neighbourhood, who recorded nothing here.
    neighbour = UserFactory(username="nell")
    grant(neighbour, Role.COORDINATOR, programme=world.programme, neighbourhoods=(world.north,))
    concern = record(world, person, by=neighbour)
    others = record(world, person_of_alice(world), by=world.alice)
    visible = {
        name: set(concerns_visible(scope_of(user)).values_list("pk", flat=True))
        for name, user in {
            "alice": world.alice,
            "nell": neighbour,
            "bob": world.bob,
            "lena": world.lena,
            "amir": world.amir,
            "charlie": world.charlie,
            "eve": world.eve,
            "nina": world.nina,
        }.items()
    }
    assert visible == {
        "alice": {concern.pk, others.pk},  # her person's, and the one she recorded
        "nell": {concern.pk},  # the one she recorded only
        "bob": {concern.pk, others.pk},
        "lena": set(),
        "amir": set(),
        "charlie": set(),
        "eve": set(),
        "nina": set(),
    }
    lena_page = client_for("lena").get(f"/people/{person.pk}/").content.decode()
    assert "Physical abuse" not in lena_page and "Safeguarding concerns" not in lena_page


def scope_of(user):
    from lac.accounts.permissions import scope_for_user

    return scope_for_user(user)


def test_subject_access_withholds_concerns_until_a_manager_decides(client_for, world):
    person = person_of_alice(world)
    concern = record(world, person, reported_to="police", reference="PC-9")
    withheld = subject_access_export(person, produced_by=world.bob)
    data = json.loads(export_json_bytes(withheld))
    assert "safety.concern" not in data["records"]
    assert "safety.concernupdate" not in data["records"]
    assert not [e for e in data["audit_trail"] if "concern" in e["what"].lower()]
    assert data["withheld_or_included_by_decision"] == [
        {"title": "Safeguarding concerns", "records": 1, "withheld": True, "why": WHY_WITHHELD}
    ]
    assert SEEN not in json.dumps(data) and "PC-9" not in json.dumps(data)
    assert "Safeguarding concerns" not in dict(section_counts(person, for_export=True))
    assert dict(section_counts(person))["Safeguarding concerns"] == 1  # erasure's check: all

    bob = client_for("bob")
    page = bob.get(f"/people/{person.pk}/subject-access/").content.decode()
    assert "Safeguarding concerns: 1 withheld" in page
    response = bob.post(
        f"/safety/people/{person.pk}/concerns/include/",
        {"reason": "Checked with the safeguarding team: nobody is put at risk"},
    )
    assert response["Location"] == f"/people/{person.pk}/subject-access/"
    included = json.loads(export_json_bytes(subject_access_export(person, produced_by=world.bob)))
    assert [r["id"] for r in included["records"]["safety.concern"]] == [concern.pk]
    [note] = included["withheld_or_included_by_decision"]
    assert note["withheld"] is False
    assert note["why"].endswith(
        "to include them: Checked with the safeguarding team: nobody is put at risk"
    )


def test_a_person_with_no_concerns_has_no_note_about_them(world):
    export = subject_access_export(person_of_alice(world), produced_by=world.bob)
    assert export.held == []


def test_the_care_act_types_unless_the_council_has_its_own(settings):
    assert [label for _, label in concern_categories()] == [label for _, label in CARE_ACT_TYPES]
    assert len(CARE_ACT_TYPES) == 10
    settings.LAC_SAFEGUARDING_CATEGORIES = [("hoarding", "Hoarding")]
    assert concern_categories() == [("hoarding", "Hoarding")]


def _concern_url(world):
    return f"/safety/concerns/{record(world).pk}/"


PAGES = [
    Page(
        "concern add",
        lambda w: f"/safety/people/{person_of_alice(w).pk}/concerns/add/",
        allowed=frozenset({"alice", "bob"}),
        hidden=frozenset({"amir", "charlie"}),
    ),
    Page(
        "concern",
        _concern_url,
        allowed=frozenset({"alice", "bob"}),
        hidden=frozenset({"amir", "charlie", "lena"}),
    ),
    Page(
        "concerns in subject access",
        lambda w: f"/safety/people/{person_of_alice(w).pk}/concerns/include/",
        allowed=frozenset({"bob"}),
    ),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, page, user):
    check(client, world, page, user)


def test_the_person_page_runs_as_many_queries_with_one_concern_as_with_five(client_for, world):
    person = person_of_alice(world)
    alice = client_for("alice")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert alice.get(f"/people/{person.pk}/").status_code == 200
        return len(ctx.captured_queries)

    record(world, person)
    one = queries()
    for _ in range(4):
        record(world, person)
    assert queries() == one


def test_the_merge_check_does_not_tell_another_coordinator_a_concern_exists(client, world):
    """Nell may merge two North records but may not see alice's concern: the merge check's
    counts leave concerns out for everyone, so it cannot give one away."""
    person = person_of_alice(world)
    record(world, person)
    duplicate = PersonFactory(full_name="Ada Cared For", neighbourhood=world.north)
    neighbour = UserFactory(username="nell")
    grant(neighbour, Role.COORDINATOR, programme=world.programme, neighbourhoods=(world.north,))
    force_login_verified(client, neighbour)
    page = client.get(f"/people/{duplicate.pk}/merge/{person.pk}/").content.decode()
    assert "Check before merging these records" in page
    assert "safeguarding" not in page.lower()
