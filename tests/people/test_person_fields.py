"""One constructor of a person record: the service, the import's bulk insert and the
demo's bulk_create store the same derived fields (keys, tidied names, postcode, age band)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from lac.audit.actor import Actor
from lac.people.matching import person_keys
from lac.people.models import AgeBand, Person
from lac.people.services import person_build, person_create, person_fields
from tests.imports import workbooks

pytestmark = pytest.mark.django_db

DERIVED = ("full_name", "postcode", "age_band", "name_key", "search_key")


def test_the_fields_carry_everything_derived_from_them():
    fields = person_fields(
        age_on=date(2025, 3, 13),
        full_name="  Ann   Example ",
        date_of_birth=date(1960, 3, 14),
        postcode="de11aa",
    )
    assert fields["full_name"] == "Ann Example"
    assert fields["postcode"] == "DE1 1AA"
    assert fields["age_band"] == AgeBand.AGE_31_64  # 64 the day before her birthday
    assert fields | person_keys(full_name="Ann Example", postcode="DE1 1AA") == fields


def test_a_band_given_without_a_date_of_birth_is_kept():
    fields = person_fields(age_on=date(2025, 1, 1), full_name="A B", age_band=AgeBand.UNDER_18)
    assert fields["age_band"] == AgeBand.UNDER_18


def test_the_built_person_is_unsaved_and_complete(world):
    person = person_build(age_on=date(2025, 1, 1), full_name="Kit Jones", neighbourhood=world.north)
    assert person.pk is None and person.name_key == "kitjones"


def derived(person: Person) -> tuple[object, ...]:
    return tuple(getattr(person, name) for name in DERIVED)


def test_the_import_and_the_service_store_the_same_person(world, tmp_path, capsys):
    rows = [["Ann  Example", "14/03/1950", "North", "04/05/2021", "GP", "1"]]
    call_command(
        "import",
        str(workbooks.simple_workbook(tmp_path / "a.xlsx", rows)),
        "--programme",
        "a",
        "--format",
        "json",
    )
    capsys.readouterr()
    imported = Person.objects.get()
    made = person_create(
        full_name="Ann  Example",
        neighbourhood=world.north,
        date_of_birth=date(1950, 3, 14),
        actor=Actor(user=world.alice),
    )
    assert derived(imported) == derived(made)
