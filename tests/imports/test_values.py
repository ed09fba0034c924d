from datetime import date, datetime

import pytest

from lac.imports.values import (
    Problem,
    clean_name,
    neighbourhood_key,
    parse_age,
    parse_birth_date,
    parse_date,
    parse_postcode,
)

TODAY = date(2026, 3, 3)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("03/04/2020", date(2020, 4, 3)),
        ("3/4/2020", date(2020, 4, 3)),
        ("03-04-2020", date(2020, 4, 3)),
        ("03.04.2020", date(2020, 4, 3)),
        ("3 Apr 2020", date(2020, 4, 3)),
        ("3rd April 2020", date(2020, 4, 3)),
        ("3-Apr-2020", date(2020, 4, 3)),
        ("April 3, 2020", date(2020, 4, 3)),
        ("2020-04-03", date(2020, 4, 3)),
        ("2020-04-03 00:00:00", date(2020, 4, 3)),
        ("03/04/20", date(2020, 4, 3)),
        (43924, date(2020, 4, 3)),
        (43924.0, date(2020, 4, 3)),
        ("43924", date(2020, 4, 3)),
        (datetime(2020, 4, 3, 0, 0), date(2020, 4, 3)),
        (date(2020, 4, 3), date(2020, 4, 3)),
    ],
)
def test_uk_dates_read_the_way_a_coordinator_means_them(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/1950", "not a real date"),
        ("29/02/2021", "not a real date"),
        ("12/25/1980", "not a real date (day and month the wrong way round?)"),
        ("soon", "not a date (write it as dd/mm/yyyy)"),
        ("Mar-20", "month and year only: which day?"),
        ("March 2020", "month and year only: which day?"),
        (2019, "a year, not a full date"),
        (True, "not a date"),
    ],
)
def test_impossible_or_unclear_dates_are_refused_with_a_reason(cell, message):
    with pytest.raises(Problem) as error:
        parse_date(cell)
    assert str(error.value) == message


def test_a_two_digit_birth_year_is_read_only_when_one_century_fits():
    assert parse_birth_date("05/06/45", today=TODAY, age=None) == date(1945, 6, 5)
    with pytest.raises(Problem, match="ambiguous two-digit year"):
        parse_birth_date("05/06/15", today=TODAY, age=None)
    assert parse_birth_date("05/06/15", today=TODAY, age=10) == date(2015, 6, 5)


def test_births_in_the_future_or_too_long_ago_are_refused_by_the_date_rule():
    with pytest.raises(Problem, match="^Date of birth must be today or in the past$"):
        parse_birth_date("01/01/2030", today=TODAY, age=None)
    with pytest.raises(Problem, match="^Date of birth must be on or after "):
        parse_birth_date("01/01/1890", today=TODAY, age=None)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (45, (45, "31_64")),
        ("45", (45, "31_64")),
        ("45 yrs", (45, "31_64")),
        (81.0, (81, "80_plus")),
        ("80+", (None, "80_plus")),
        ("31-64", (None, "31_64")),
    ],
)
def test_ages_give_years_and_a_band(cell, expected):
    assert parse_age(cell) == expected


@pytest.mark.parametrize("cell", ["old", -3, 150, "forty"])
def test_impossible_ages_are_refused(cell):
    with pytest.raises(Problem):
        parse_age(cell)


def test_postcodes_are_tidied_and_checked():
    assert parse_postcode("de11aa") == "DE1 1AA"
    assert parse_postcode(" SW1A 2AA ") == "SW1A 2AA"
    with pytest.raises(Problem, match="^Enter a real UK postcode, like DE1 1AA$"):
        parse_postcode("12345")


def test_neighbourhoods_match_whatever_the_case_spacing_or_ward_suffix():
    key = neighbourhood_key("St Mary's")
    assert neighbourhood_key("  st.  marys  WARD ") == key
    assert neighbourhood_key("North Ward") == neighbourhood_key("north")
    assert neighbourhood_key("Ward") == "ward"


def test_surname_comma_first_name_becomes_first_name_surname():
    assert clean_name("Jones,  Kit") == "Kit Jones"
    assert clean_name("  Ann   Example ") == "Ann Example"
