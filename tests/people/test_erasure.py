"""Erasure: names, contacts and free text go; the figures stay and still add up."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lac.accounts.permissions import scope_for_user
from lac.audit.actor import Actor
from lac.audit.models import Action, AuditEvent
from lac.casework.selectors import team_caseloads
from lac.community.selectors import community_figures
from lac.evaluation.bindings import KINDS, Period
from lac.outcomes.selectors import (
    OutcomeFilter,
    avoided_cost_totals,
    distance_travelled,
    outcome_event_counts,
    prices_in,
)
from lac.people.erasure import person_erase
from lac.people.models import Household, Person
from lac.people.subject_access import export_json_bytes, subject_access_export
from lac.reports.dashboard import Filter as DashboardFilter
from lac.reports.dashboard import dashboard as programme_dashboard
from tests.people.factories import PersonFactory
from tests.people.privacy_records import SECRET, person_with_everything

pytestmark = pytest.mark.django_db

PERIOD = (date(2025, 4, 1), date(2026, 3, 31))


def figures(world) -> dict[str, object]:
    """What dashboards, outcome summaries and social value runs are built from."""
    f = OutcomeFilter(world.programme, *PERIOD)
    period = Period(world.programme, *PERIOD)
    parameters = {
        "event_people": "joined-group",
        "level2_improved": "life-control",
        "avoided_items": "A&E attendance",
        "people_at_level": "2",
    }
    bob_scope = scope_for_user(world.bob)
    people = Person.objects.filter(neighbourhood__programme=world.programme)
    dashboard = [
        (table.key, [(label, repr(cells)) for label, cells in table.rows])
        for table in programme_dashboard(DashboardFilter(world.programme, *PERIOD))
    ]
    return {
        "dashboard": dashboard,
        "events": [(c.code, c.events, c.people) for c in outcome_event_counts(f)],
        "distance": repr(distance_travelled(f)),
        "avoided": repr(avoided_cost_totals(f, prices=prices_in("2024-25"))),
        "bindings": {
            code: kind.count(period, parameters.get(code, "")) for code, kind in KINDS.items()
        },
        "community": repr(community_figures(world.programme, PERIOD[0])),
        "team": [
            (load.active, load.level_2, load.overdue, load.paused)
            for load in team_caseloads(bob_scope, date(2026, 1, 1))
        ],
        "people_by_category": sorted(
            people.values_list("age_band", "primary_category", "housing_tenure", "level", "status")
        ),
    }


def test_dashboard_and_social_value_figures_are_identical_before_and_after(world):
    subject = person_with_everything(world)
    PersonFactory(neighbourhood=world.south, full_name="Someone Else")
    before = figures(world)
    assert before["events"] == [("joined-group", 1, 1)]
    assert before["bindings"]["avoided_items"] == 2
    assert before["bindings"]["volunteering_hours"] == 12.5
    assert len(before["dashboard"]) > 5
    person_erase(person=subject.person, actor=Actor(user=world.bob), reason="Asked us to")
    assert figures(world) == before


def test_no_free_text_or_identifying_detail_is_left_anywhere(world):
    subject = person_with_everything(world)
    person_erase(person=subject.person, actor=Actor(user=world.bob))
    export = export_json_bytes(
        subject_access_export(subject.person, produced_by=world.bob)
    ).decode()
    for gone in (SECRET, "Zebedee", "Marygold", "zeb@example.org", "DE1 1AA"):
        assert gone not in export, gone
    # Numbers are looked for as whole numbers: a timestamp's microseconds may hold "1950".
    for number in ("1950", "07700", "447700"):
        assert not re.search(rf"(?<!\d){number}(?!\d)", export), number
    assert json.loads(export)["records"]["imports.importedrow"][0]["values"] == {}


def test_the_person_keeps_categories_dates_and_levels(world):
    subject = person_with_everything(world)
    person_erase(person=subject.person, actor=Actor(user=world.bob))
    person = Person.objects.get(pk=subject.person.pk)
    assert person.full_name == f"Erased person {person.pk}"
    assert person.is_anonymised
    assert (person.age_band, person.primary_category, person.housing_tenure) == (
        "65_79",
        "older_person",
        "social_rented",
    )
    assert (person.level, person.status, person.status_since) == (2, "closed", date(2025, 9, 1))
    assert person.date_of_birth is None and person.phone == "" and person.household is None
    assert person.conversations.get().date == date(2025, 5, 8)
    assert person.goals.get().title == "[erased]"


def test_a_record_merged_into_the_person_is_erased_with_them(world):
    subject = person_with_everything(world)
    person_erase(person=subject.person, actor=Actor(user=world.bob))
    duplicate = Person.objects.get(pk=subject.duplicate.pk)
    assert duplicate.full_name == f"Erased person {duplicate.pk}"
    assert duplicate.phone == ""


def test_a_household_left_empty_loses_its_name(world):
    subject = person_with_everything(world)
    person_erase(person=subject.person, actor=Actor(user=world.bob))
    household = Household.objects.get(pk=subject.household.pk)
    assert SECRET not in household.name and household.notes == ""


def test_a_household_others_still_belong_to_is_renamed_and_its_notes_cleared(world):
    subject = person_with_everything(world)
    other = PersonFactory(neighbourhood=world.north, household=subject.household)
    person_erase(person=subject.person, actor=Actor(user=world.bob))
    household = Household.objects.get(pk=subject.household.pk)
    assert (household.name, household.notes) == (f"Household {household.pk}", "")
    assert list(household.members.all()) == [other]


def test_the_audit_trail_keeps_who_and_when_without_the_name_or_values(world):
    subject = person_with_everything(world)
    person_erase(person=subject.person, actor=Actor(user=world.bob), reason="Asked us to")
    events = AuditEvent.objects.filter(person_id=subject.person.pk)
    change = events.get(user=world.alice)
    assert change.what == f"Changed a person record about Erased person {subject.person.pk}"
    assert change.changes == {"phone": ["[erased]", "[erased]"]}
    erasure = events.get(action=Action.DELETE)
    assert erasure.user == world.bob and erasure.changes["reason"] == ["", "Asked us to"]


def test_erasing_twice_or_erasing_a_merged_away_record_is_refused(world):
    subject = person_with_everything(world)
    with pytest.raises(ValidationError, match="merged into another"):
        person_erase(person=subject.duplicate, actor=Actor(user=world.bob))
    person_erase(person=subject.person, actor=Actor(user=world.bob))
    subject.person.refresh_from_db()
    with pytest.raises(ValidationError, match="already been erased"):
        person_erase(person=subject.person, actor=Actor(user=world.bob))


def test_a_failure_part_way_leaves_everything_as_it_was(world, monkeypatch):
    subject = person_with_everything(world)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("lac.people.erasure.audit_write", broken)
    with pytest.raises(RuntimeError):
        person_erase(person=subject.person, actor=Actor(user=world.bob))
    person = Person.objects.get(pk=subject.person.pk)
    assert person.full_name == "Zebedee Marigold" and not person.is_anonymised
    assert person.conversations.get().note == f"Talked about {SECRET}"


# --- The check-your-answers page ------------------------------------------------


def test_the_check_page_says_what_goes_and_what_stays(world, client_for):
    subject = person_with_everything(world)
    page = client_for("bob").get(reverse("people:erase", args=[subject.person.pk]))
    text = page.content.decode()
    assert "Check before erasing this person’s record" in text
    assert "Erasing cannot be undone" in text
    assert "What is kept, without a name" in text
    assert "Type the person’s full name to confirm" in text


def test_a_wrong_name_is_refused_with_a_message_naming_the_field(world, client_for):
    subject = person_with_everything(world)
    response = client_for("bob").post(
        reverse("people:erase", args=[subject.person.pk]),
        {"confirm_name": "Someone Else", "reason": "Asked us to"},
    )
    assert response.status_code == 200
    assert "The name you typed does not match the person’s full name" in response.content.decode()
    assert not Person.objects.get(pk=subject.person.pk).is_anonymised


def test_the_right_name_erases_and_says_so(world, client_for):
    subject = person_with_everything(world)
    client = client_for("bob")
    response = client.post(
        reverse("people:erase", args=[subject.person.pk]),
        {"confirm_name": "  zebedee   MARIGOLD ", "reason": "Asked us to"},
        follow=True,
    )
    assert "The record has been erased" in response.content.decode()
    assert Person.objects.get(pk=subject.person.pk).is_anonymised
    again = client.get(reverse("people:erase", args=[subject.person.pk]), follow=True)
    assert "This record has already been erased" in again.content.decode()


def test_erasing_while_an_import_runs_in_the_programme_is_refused_with_a_message(world, client_for):
    from lac.imports.models import ImportJob

    subject = person_with_everything(world)
    ImportJob.objects.create(
        programme=world.programme,
        file_name="jo.xlsx",
        stored_path="/nowhere/upload.xlsx",
        task_state=ImportJob.TaskState.RUNNING,
    )
    response = client_for("bob").post(
        reverse("people:erase", args=[subject.person.pk]),
        {"confirm_name": "Zebedee Marigold", "reason": "Asked us to"},
    )
    assert response.status_code == 200
    assert "An import is running in this programme" in response.content.decode()
    assert not Person.objects.get(pk=subject.person.pk).is_anonymised
