from datetime import date

from lac.accounts.permissions import Capability, scope_for_user
from lac.people.selectors import people_for, possible_duplicates
from tests.people.factories import PersonFactory


def names(people):
    return sorted(p.full_name for p in people)


def test_a_coordinator_sees_only_people_in_their_neighbourhoods(world):
    PersonFactory(full_name="In North", neighbourhood=world.north)
    PersonFactory(full_name="In South", neighbourhood=world.south)
    PersonFactory(full_name="Elsewhere", neighbourhood=world.elsewhere)
    assert names(people_for(scope_for_user(world.alice))) == ["In North"]
    assert names(people_for(scope_for_user(world.bob))) == ["In North", "In South"]
    assert names(people_for(scope_for_user(world.charlie))) == ["Elsewhere"]
    assert names(people_for(scope_for_user(world.eve))) == []
    assert names(people_for(scope_for_user(world.lena), Capability.EDIT_PERSONAL)) == []


def test_a_similar_name_with_the_same_date_of_birth_is_a_possible_duplicate(world):
    PersonFactory(
        full_name="Margaret Okafor", date_of_birth=date(1948, 5, 2), neighbourhood=world.north
    )
    PersonFactory(
        full_name="Margaret Okafor", date_of_birth=date(1960, 1, 1), neighbourhood=world.north
    )
    found = possible_duplicates(
        scope_for_user(world.alice), full_name="Maggie Okafor", date_of_birth=date(1948, 5, 2)
    )
    assert [p.date_of_birth for p in found] == [date(1948, 5, 2)]


def test_the_same_postcode_and_a_similar_name_or_address_is_a_possible_duplicate(world):
    PersonFactory(
        full_name="Tom Baker",
        postcode="DE1 1AA",
        address_line_1="1 Elm Road",
        neighbourhood=world.north,
    )
    PersonFactory(full_name="Jane Baker", postcode="DE1 1AA", neighbourhood=world.north)
    scope = scope_for_user(world.alice)
    assert names(possible_duplicates(scope, full_name="Thomas Baker", postcode="de11aa")) == [
        "Tom Baker"
    ]
    assert names(
        possible_duplicates(
            scope, full_name="Someone Else", postcode="DE1 1AA", address_line_1="1 elm road"
        )
    ) == ["Tom Baker"]


def test_the_duplicate_check_never_shows_people_outside_the_users_scope(world):
    PersonFactory(
        full_name="Hidden Person", date_of_birth=date(1950, 1, 1), neighbourhood=world.elsewhere
    )
    found = possible_duplicates(
        scope_for_user(world.alice), full_name="Hidden Person", date_of_birth=date(1950, 1, 1)
    )
    assert found == []
