"""Households: started from a person's page, members added and removed, every change audited
and guarded against two editors overwriting each other."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.audit.actor import Actor
from lac.audit.models import Action, AuditEvent
from lac.people import households
from lac.people.models import Household, Person
from tests.people.factories import HouseholdFactory, PersonFactory


def family(world, *names, neighbourhood=None):
    household = HouseholdFactory(name="The Okafor family", neighbourhood=world.north)
    people = [
        PersonFactory(
            full_name=name, neighbourhood=neighbourhood or world.north, household=household
        )
        for name in names
    ]
    return household, people


# --- Services -------------------------------------------------------------------------


def test_starting_a_household_puts_the_person_in_it_and_audits_it(world):
    ada = PersonFactory(full_name="Ada Okafor", neighbourhood=world.north)
    household = households.household_create(
        person=ada,
        name="  The Okafor   family ",
        notes="Ada cares for her son",
        actor=Actor(user=world.alice),
    )
    ada.refresh_from_db()
    assert ada.household == household and household.name == "The Okafor family"
    assert household.neighbourhood == world.north and ada.version == 2
    event = AuditEvent.objects.get(person_id=ada.pk)
    assert event.action == Action.CREATE and event.user == world.alice
    assert event.object_type == "people.household" and event.programme_id == world.programme.pk
    assert event.changes == {
        "household": ["", "The Okafor family"],
        "notes": ["", "Ada cares for her son"],
    }


def test_someone_already_in_a_household_cannot_start_another(world):
    _, (ada,) = family(world, "Ada Okafor")
    with pytest.raises(ValidationError) as error:
        households.household_create(person=ada, name="Another", actor=Actor(user=world.alice))
    assert "already in a household" in error.value.message_dict["name"][0]


def test_a_blank_name_is_refused_on_the_name_field(world):
    ada = PersonFactory(neighbourhood=world.north)
    with pytest.raises(ValidationError) as error:
        households.household_create(person=ada, name="   ", actor=Actor(user=world.alice))
    assert "name" in error.value.message_dict
    assert not Household.objects.exists()


def test_adding_a_member_bumps_the_household_and_audits_the_person_added(world):
    household, _ = family(world, "Ada Okafor")
    ben = PersonFactory(full_name="Ben Okafor", neighbourhood=world.north)
    households.household_add_member(
        household=household, person=ben, expected_version=1, actor=Actor(user=world.alice)
    )
    ben.refresh_from_db()
    household.refresh_from_db()
    assert ben.household == household and household.version == 2
    event = AuditEvent.objects.get(person_id=ben.pk)
    assert event.what == "Added Ben Okafor to the household The Okafor family"


def test_a_person_belongs_to_one_household_at_a_time(world):
    household, _ = family(world, "Ada Okafor")
    _, (ben,) = family(world, "Ben Smith")
    with pytest.raises(ValidationError) as error:
        households.household_add_member(
            household=household, person=ben, expected_version=1, actor=Actor(user=world.alice)
        )
    assert "one household at a time" in error.value.message_dict["person"][0]


def test_a_household_never_spans_two_programmes(world):
    household, _ = family(world, "Ada Okafor")
    stranger = PersonFactory(neighbourhood=world.elsewhere)
    with pytest.raises(ValidationError) as error:
        households.household_add_member(
            household=household, person=stranger, expected_version=1, actor=Actor(user=world.bob)
        )
    assert "same programme" in error.value.message_dict["person"][0]


def test_a_stale_version_changes_nothing(world):
    household, _ = family(world, "Ada Okafor")
    households.household_update(
        household=household,
        expected_version=1,
        name="Okafors",
        notes="",
        actor=Actor(user=world.alice),
    )
    ben = PersonFactory(neighbourhood=world.north)
    with pytest.raises(households.HouseholdChangedError) as error:
        households.household_add_member(
            household=Household.objects.get(pk=household.pk),
            person=ben,
            expected_version=1,
            actor=Actor(user=world.amir),
        )
    assert "changed by someone else" in str(error.value)
    ben.refresh_from_db()
    assert ben.household is None
    assert error.value.household.name == "Okafors"


def test_changing_the_details_is_written_to_every_members_trail(world):
    household, people = family(world, "Ada Okafor", "Ben Okafor")
    households.household_update(
        household=household,
        expected_version=1,
        name="The Okafors",
        notes="Ben is Ada's carer",
        actor=Actor(user=world.alice),
    )
    for person in people:
        event = AuditEvent.objects.get(person_id=person.pk)
        assert event.changes["name"] == ["The Okafor family", "The Okafors"]
        assert event.changes["notes"] == ["", "Ben is Ada's carer"]


def test_removing_the_last_member_deletes_the_household(world):
    household, (ada, ben) = family(world, "Ada Okafor", "Ben Okafor")
    kept = households.household_remove_member(
        household=household, person=ben, expected_version=1, actor=Actor(user=world.alice)
    )
    assert kept == household and Person.objects.get(pk=ben.pk).household is None
    gone = households.household_remove_member(
        household=household, person=ada, expected_version=2, actor=Actor(user=world.alice)
    )
    assert gone is None and not Household.objects.filter(pk=household.pk).exists()
    assert "was deleted" in AuditEvent.objects.filter(person_id=ada.pk).first().what


def test_a_record_merged_away_does_not_keep_a_household_alive(world):
    household, (ada,) = family(world, "Ada Okafor")
    PersonFactory(neighbourhood=world.north, household=household, merged_into=ada)
    assert (
        households.household_remove_member(
            household=household, person=ada, expected_version=1, actor=Actor(user=world.alice)
        )
        is None
    )
    assert not Household.objects.filter(pk=household.pk).exists()


# --- Pages ------------------------------------------------------------------------------


def test_a_coordinator_starts_a_household_from_the_persons_page(client_for, world):
    ada = PersonFactory(full_name="Ada Okafor", neighbourhood=world.north)
    client = client_for("alice")
    page = client.get(f"/people/{ada.pk}/").content.decode()
    assert "Not recorded as part of a household" in page
    assert f"/people/{ada.pk}/household/new/" in page
    form = client.get(f"/people/{ada.pk}/household/new/").content.decode()
    assert 'value="The Okafor household"' in form
    response = client.post(
        f"/people/{ada.pk}/household/new/", {"name": "The Okafor family", "notes": ""}
    )
    assert response.status_code == 302 and response["Location"].endswith("#household")
    assert Person.objects.get(pk=ada.pk).household.name == "The Okafor family"


def test_a_household_without_a_name_is_refused_naming_the_field(client_for, world):
    ada = PersonFactory(neighbourhood=world.north)
    response = client_for("alice").post(f"/people/{ada.pk}/household/new/", {"name": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a name for the household" in html and 'href="#id_name"' in html


def test_each_members_page_shows_the_household_with_links_to_the_others(client_for, world):
    _, (ada, ben) = family(world, "Ada Okafor", "Ben Okafor")
    client = client_for("alice")
    page = client.get(f"/people/{ada.pk}/").content.decode()
    assert "Household: The Okafor family" in page
    assert f'href="/people/{ben.pk}/"' in page
    assert f"/people/{ada.pk}/household/remove/{ben.pk}/" in page
    other = client.get(f"/people/{ben.pk}/").content.decode()
    assert f'href="/people/{ada.pk}/"' in other


def test_a_member_in_another_patch_is_counted_but_never_named(client_for, world):
    household, (ada,) = family(world, "Ada Okafor")
    PersonFactory(full_name="Sam Southside", neighbourhood=world.south, household=household)
    page = client_for("alice").get(f"/people/{ada.pk}/").content.decode()
    assert "Sam Southside" not in page
    assert "1 more person in neighbourhoods you do not cover" in page
    assert "Sam Southside" in client_for("bob").get(f"/people/{ada.pk}/").content.decode()


def test_a_lead_sees_the_household_but_no_way_to_change_it(client_for, world):
    _, (ada, _ben) = family(world, "Ada Okafor", "Ben Okafor")
    page = client_for("lena").get(f"/people/{ada.pk}/").content.decode()
    assert "Household: The Okafor family" in page
    assert "/household/" not in page


def test_adding_someone_searches_only_the_coordinators_patch(client_for, world):
    _, (ada,) = family(world, "Ada Okafor")
    ben = PersonFactory(full_name="Ben Okafor", neighbourhood=world.north)
    PersonFactory(full_name="Bea Okafor", neighbourhood=world.south)
    PersonFactory(full_name="Bo Okafor", neighbourhood=world.elsewhere)
    _, (busy,) = family(world, "Bill Okafor")
    client = client_for("alice")
    html = client.get(f"/people/{ada.pk}/household/add/?q=okafor").content.decode()
    assert "Ben Okafor" in html
    assert "Bea Okafor" not in html and "Bo Okafor" not in html
    assert "Already in a household" in html and "Bill Okafor" in html
    assert f'value="{busy.pk}"' not in html  # listed, but not selectable
    response = client.post(
        f"/people/{ada.pk}/household/add/", {"person": ben.pk, "version": 1, "q": "okafor"}
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=ben.pk).household_id == ada.household_id


def test_adding_someone_outside_the_search_results_is_refused_on_the_field(client_for, world):
    _, (ada,) = family(world, "Ada Okafor")
    south = PersonFactory(full_name="Bea Okafor", neighbourhood=world.south)
    response = client_for("alice").post(
        f"/people/{ada.pk}/household/add/", {"person": south.pk, "version": 1, "q": "okafor"}
    )
    assert response.status_code == 200
    assert "Select the person to add from the list" in response.content.decode()
    assert Person.objects.get(pk=south.pk).household is None


def test_two_editors_changing_the_household_see_a_clear_message(client_for, world):
    household, (ada,) = family(world, "Ada Okafor")
    client = client_for("alice")
    households.household_update(
        household=household,
        expected_version=1,
        name="Renamed",
        notes="",
        actor=Actor(user=world.bob),
    )
    response = client.post(
        f"/people/{ada.pk}/household/edit/", {"name": "Mine", "notes": "", "version": 1}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this household" in html and 'value="Renamed"' in html
    assert Household.objects.get(pk=household.pk).name == "Renamed"


def test_a_stale_add_or_remove_is_refused_with_the_same_message(client_for, world):
    household, (ada, ben) = family(world, "Ada Okafor", "Ben Okafor")
    cy = PersonFactory(full_name="Cy Okafor", neighbourhood=world.north)
    households.household_update(
        household=household,
        expected_version=1,
        name="Renamed",
        notes="",
        actor=Actor(user=world.bob),
    )
    client = client_for("alice")
    added = client.post(
        f"/people/{ada.pk}/household/add/", {"person": cy.pk, "version": 1, "q": "okafor"}
    )
    assert "Someone else changed this household" in added.content.decode()
    removed = client.post(f"/people/{ada.pk}/household/remove/{ben.pk}/", {"version": 1})
    assert "Someone else changed this household" in removed.content.decode()
    assert set(Person.objects.filter(household=household)) == {ada, ben}


def test_removing_asks_first_and_warns_when_the_household_would_go(client_for, world):
    household, (ada,) = family(world, "Ada Okafor")
    client = client_for("alice")
    check = client.get(f"/people/{ada.pk}/household/remove/{ada.pk}/").content.decode()
    assert "the household and its notes will be deleted" in check
    response = client.post(f"/people/{ada.pk}/household/remove/{ada.pk}/", {"version": 1})
    assert response.status_code == 302
    assert not Household.objects.filter(pk=household.pk).exists()


def test_removing_someone_from_another_household_is_not_found(client_for, world):
    _, (ada,) = family(world, "Ada Okafor")
    _, (other,) = family(world, "Olu Other")
    response = client_for("alice").get(f"/people/{ada.pk}/household/remove/{other.pk}/")
    assert response.status_code == 404


def test_changing_a_household_of_someone_with_none_is_not_found(client_for, world):
    ada = PersonFactory(neighbourhood=world.north)
    assert client_for("alice").get(f"/people/{ada.pk}/household/edit/").status_code == 404


def test_the_person_page_takes_the_same_queries_however_big_the_household(client_for, world):
    household, (ada,) = family(world, "Ada Okafor")
    client = client_for("alice")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/people/{ada.pk}/").status_code == 200
        return len(queries)

    before = count()
    for n in range(6):
        PersonFactory(full_name=f"Member {n}", neighbourhood=world.north, household=household)
    assert count() == before
