import pytest

from lac.imports.mapping import Mapping, suggest

SPEC_HEADERS = {
    "Name": "name",
    "Full name": "name",
    "Surname": "surname",
    "First name": "first_name",
    "DOB": "date_of_birth",
    "D.O.B.": "date_of_birth",
    "D.O.B": "date_of_birth",
    "Date of birth": "date_of_birth",
    "Age": "age",
    "Ward": "neighbourhood",
    "Area": "neighbourhood",
    "Neighbourhood": "neighbourhood",
    "Date introduced": "introduction_date",
    "Intro date": "introduction_date",
    "Referral date": "introduction_date",
    "Introduced by": "source",
    "Referral source": "source",
    "Source": "source",
    "Level": "level",
    "Support level": "level",
    "Status": "status",
    "Closed date": "closed_date",
    "Reason for closure": "closure_reason",
    "Postcode": "postcode",
    "Notes": "notes",
}


@pytest.mark.parametrize(("header", "field"), SPEC_HEADERS.items())
def test_every_header_in_the_spec_maps_without_help(header, field):
    assert suggest([header], []) == [field]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Date of Referral", "introduction_date"),
        ("Client DOB", "date_of_birth"),
        ("Ward / area", "neighbourhood"),
        ("Level (1/2)", "level"),
        ("Date case closed", "closed_date"),
        ("Post Code", "postcode"),
    ],
)
def test_longer_headers_are_recognised_by_their_words(header, field):
    assert suggest([header], []) == [field]


def test_surname_and_first_name_are_both_kept():
    assert suggest(["Surname", "First name", "DOB"], []) == [
        "surname",
        "first_name",
        "date_of_birth",
    ]


def test_a_column_with_an_unhelpful_header_is_recognised_by_its_values():
    samples = [["L1", "North"], ["L2", "south ward"], ["Level 1", "North"]]
    fields = suggest(["Col A", "Col B"], samples, neighbourhood_keys={"north", "south"})
    assert fields == ["level", "neighbourhood"]


def test_a_plain_date_column_is_taken_as_the_introduction_date():
    assert suggest(["Date"], [["01/02/2021"], ["3 Mar 2022"]]) == ["introduction_date"]


def test_each_field_goes_to_one_column_only():
    assert suggest(["Ward", "Area"], []) == ["neighbourhood", None]


def test_unknown_headers_are_left_unmapped():
    assert suggest(["Favourite colour"], [["blue"], ["red"]]) == [None]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1", "1"),
        ("L1", "1"),
        ("Level 1", "1"),
        ("one-off", "1"),
        ("2", "2"),
        ("L2", "2"),
        ("Level 2", "2"),
    ],
)
def test_level_spellings_map_to_levels(raw, code):
    assert Mapping().category("level", raw) == code


@pytest.mark.parametrize("raw", ["GP", "Doctor", "gp surgery", "Social Prescriber"])
def test_gp_and_doctor_mean_primary_health(raw):
    assert Mapping().category("source", raw) == "primary-health"


def test_closure_reasons_and_status_spellings_are_mapped():
    assert Mapping().category("closure_reason", "Deceased") == "died"
    assert Mapping().category("closure_reason", "Moved out of area") == "moved-away"
    assert Mapping().category("status", "Open") == "active"
    assert Mapping().category("status", "closed") == "closed"


def test_a_saved_mapping_overrides_the_suggestions_in_both_directions():
    mapping = Mapping.from_yaml(
        """
columns:
  "Col A": name
  "Ward": ignore
values:
  source:
    "Mrs Jones": family-friend-neighbour
    "GP": council
"""
    )
    assert suggest(["Col A", "Ward"], [], mapping=mapping) == ["name", "ignore"]
    assert mapping.category("source", "mrs  JONES") == "family-friend-neighbour"
    assert mapping.category("source", "GP") == "council"
    assert Mapping.from_yaml(mapping.to_yaml()) == mapping


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("columns: [a, b]", "'columns' and 'values' must each map"),
        ("columns:\n  X: favourite_colour", "unknown field 'favourite_colour'"),
        ("values:\n  name: {a: b}", "not a category field"),
        ("columns: {a: [", "not valid YAML"),
    ],
)
def test_a_broken_mapping_file_says_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        Mapping.from_yaml(text)
