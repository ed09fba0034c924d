"""Deprivation deciles from a postcode: the council's files loaded by the command, and the
decile kept in step by the services that write a postcode (never shown per person)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lac.audit.actor import Actor
from lac.people import services
from lac.people.deprivation import deprivation_for, deprivation_of
from lac.people.deprivation_files import DeprivationFileError, load_index
from lac.people.models import Person, PostcodeArea, SmallArea
from tests.imports import workbooks
from tests.people.factories import PersonFactory

FIXTURES = Path(__file__).parent / "fixtures"


def load(*args: str) -> None:
    call_command("deprivation", *args)


@pytest.fixture
def loaded(db) -> None:
    """The small fixtures, as a council would load the real files (2011 areas)."""
    load("postcodes", str(FIXTURES / "postcode_lookup.csv"), "--area-column", "lsoa11")
    load("index", str(FIXTURES / "imd_england.csv"), "--nation", "england")
    load("index", str(FIXTURES / "wimd_wales.csv"), "--nation", "wales")


def test_the_fixture_files_load_postcodes_and_both_nations_indices(loaded):
    assert PostcodeArea.objects.get(postcode="DE22 3BB").area_code == "E01013457"
    assert not PostcodeArea.objects.filter(postcode="DE1 9ZZ").exists()  # terminated, no area
    assert SmallArea.objects.get(code="E01013456").decile == 1
    # Wales's file has ranks only: ten areas ranked 1 to 10 give deciles 1 to 10.
    assert SmallArea.objects.get(code="W01001234").decile == 5


def test_a_postcode_gives_its_nations_decile_and_an_unknown_one_nothing(loaded):
    assert deprivation_of("DE1 1AA") == "england_1"
    assert deprivation_of("DE22 3BB") == "england_10"
    assert deprivation_of("CF10 1AA") == "wales_5"
    assert deprivation_of("DE1 9ZZ") == ""
    assert deprivation_of("") == ""
    assert deprivation_for(["DE1 1AA", "CF10 1AA", "ZZ9 9ZZ"]) == {
        "DE1 1AA": "england_1",
        "CF10 1AA": "wales_5",
    }


def test_a_new_person_gets_the_decile_of_their_postcode(loaded, world):
    person = services.person_create(
        full_name="Ada Lovelace",
        neighbourhood=world.north,
        actor=Actor(user=world.alice),
        postcode="de11aa",
    )
    assert person.deprivation == "england_1"


def test_many_new_people_get_their_deciles_from_one_lookup(loaded, django_assert_num_queries):
    people = [
        (date(2025, 1, 1), {"full_name": "Ann Example", "postcode": "de11aa"}),
        (date(2025, 1, 1), {"full_name": "Bob Example", "postcode": "CF10 1AA"}),
        (date(2025, 1, 1), {"full_name": "Cara Example", "postcode": "ZZ9 9ZZ"}),
        (date(2025, 1, 1), {"full_name": "Dan Example"}),
    ]
    with django_assert_num_queries(1):
        built = services.people_fields(people)
    assert [p["deprivation"] for p in built] == ["england_1", "wales_5", "", ""]


def test_imported_people_get_the_deciles_of_their_postcodes(loaded, world, tmp_path, capsys):
    rows = [
        ["Ann Example", "14/03/1950", "North", "04/05/2021", "GP", "1", "de1 1aa"],
        ["Bob Example", "02/11/1948", "North", "04/05/2021", "GP", "1", "CF10 1AA"],
        ["Cara Example", "02/11/1958", "North", "04/05/2021", "GP", "1", ""],
    ]
    header = ["Name", "DOB", "Ward", "Date introduced", "Introduced by", "Level", "Postcode"]
    workbook = workbooks.simple_workbook(tmp_path / "a.xlsx", rows, header)
    call_command("import", str(workbook), "--programme", "a", "--format", "json")
    capsys.readouterr()
    deciles = dict(Person.objects.values_list("full_name", "deprivation"))
    assert deciles == {"Ann Example": "england_1", "Bob Example": "wales_5", "Cara Example": ""}


def test_changing_the_postcode_works_the_decile_out_again(loaded, world):
    person = services.person_create(
        full_name="Ada Lovelace",
        neighbourhood=world.north,
        actor=Actor(user=world.alice),
        postcode="DE1 1AA",
    )
    services.person_update(
        person=person,
        expected_version=person.version,
        actor=Actor(user=world.alice),
        postcode="DE22 3BB",
    )
    assert Person.objects.get(pk=person.pk).deprivation == "england_10"
    person.refresh_from_db()
    services.person_update(
        person=person, expected_version=person.version, actor=Actor(user=world.alice), postcode=""
    )
    assert Person.objects.get(pk=person.pk).deprivation == ""


def test_loading_the_files_after_people_were_recorded_gives_them_their_deciles(world):
    person = PersonFactory(neighbourhood=world.north, postcode="CF10 1AA")
    assert person.deprivation == ""
    load("postcodes", str(FIXTURES / "postcode_lookup.csv"), "--area-column", "lsoa11")
    load("index", str(FIXTURES / "wimd_wales.csv"), "--nation", "wales")
    assert Person.objects.get(pk=person.pk).deprivation == "wales_5"


def test_a_file_without_the_columns_loads_nothing_and_says_which(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,score\nE01013456,12.5\n")
    with pytest.raises(CommandError, match="no decile or rank column. Nothing was loaded"):
        load("index", str(bad), "--nation", "england", "--area-column", "code")
    assert not SmallArea.objects.exists()


def test_a_decile_out_of_range_names_its_line():
    lines = ["LSOA code,IMD decile", "E01013456,11"]
    with pytest.raises(DeprivationFileError, match="Line 2: decile “11” is not from 1 to 10"):
        load_index(lines, nation="england", actor=Actor.of_command("deprivation index"))


def test_the_decile_is_never_on_the_person_page(loaded, world, client):
    from tests.conftest import force_login_verified

    person = PersonFactory(neighbourhood=world.north, postcode="DE1 1AA", coordinator=world.alice)
    force_login_verified(client, world.alice)
    response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    assert Person.objects.get(pk=person.pk).deprivation == "england_1"
    assert "decile" not in response.content.decode().lower()
