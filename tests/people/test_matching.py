"""Names, places and postcodes match as a person would match them, on every path:
the duplicate check and caseload search on the web, people added through the API,
the directory search, and the import's duplicate rule."""

from __future__ import annotations

import json
from datetime import date
from html import unescape

import pytest
from django.core.management import call_command

from lac.people.matching import Who, fold, is_slip, may_be_same_person, person_keys
from lac.people.models import Person
from tests.api.data import bearer, token
from tests.community.factories import AssetFactory
from tests.imports import workbooks
from tests.people.factories import PersonFactory


@pytest.mark.parametrize(
    ("typed", "recorded"),
    [
        ("Wyn", "Ŵyn"),
        ("O’Brien", "O'Brien"),
        ("o‘brien", "O'BRIEN"),
        ("cafe", "Café"),
        ("Sian O'Brien", "Siân O’Brien"),
        ("Smith Jones", "Smith-Jones"),
    ],
)
def test_spellings_a_person_reads_as_the_same_fold_the_same(typed, recorded):
    assert fold(typed) == fold(recorded)


def test_a_postcode_is_found_however_it_is_spaced():
    assert "dm21wj" in person_keys(full_name="Ann", postcode="DM2 1WJ")["search_key"]


@pytest.mark.parametrize(
    ("a", "b", "slip"),
    [
        ("Margret Okafor", "Margaret Okafor", True),
        ("Margaret Okafor", "Margarets Okafor", True),
        ("Jon Price", "Jan Price", True),
        ("Ann Example1", "Ann Example2", False),
        ("Margaret Okafor", "Marjorie Okafor", False),
    ],
)
def test_a_one_letter_slip_in_a_name_is_a_slip_and_more_is_not(a, b, slip):
    assert is_slip(a, b) is slip


def test_a_slip_with_the_same_date_of_birth_is_the_same_person_but_not_without_it():
    born = date(1948, 5, 2)
    known = Who("Margaret Okafor", born)
    assert may_be_same_person(Who("Margret Okafor", born), known)
    assert not may_be_same_person(Who("Margret Okafor", date(1950, 1, 1)), known)
    assert may_be_same_person(Who("SIAN O'BRIEN", born), Who("Siân O’Brien", born))


def test_the_duplicate_check_finds_a_welsh_name_typed_without_its_accents(client_for, world):
    PersonFactory(
        full_name="Siân O’Brien", date_of_birth=date(1950, 2, 3), neighbourhood=world.north
    )
    found = client_for("alice").get(
        "/casework/introductions/duplicates/",
        {"full_name": "SIAN O'BRIEN", "date_of_birth": "1950-02-03"},
        HTTP_HX_REQUEST="true",
    )
    assert "Siân O’Brien" in found.content.decode()


def test_the_duplicate_check_finds_a_one_letter_slip_with_the_same_birthday(client_for, world):
    PersonFactory(
        full_name="Margaret Okafor", date_of_birth=date(1948, 5, 2), neighbourhood=world.north
    )
    client = client_for("alice")
    born = {"date_of_birth_day": "2", "date_of_birth_month": "5"}
    query = {"full_name": "Margret Okafor", **born, "date_of_birth_year": "1948"}
    found = client.get("/casework/introductions/duplicates/", query, HTTP_HX_REQUEST="true")
    assert "Margaret Okafor" in found.content.decode()
    other_day = {**query, "date_of_birth_year": "1949"}
    nothing = client.get("/casework/introductions/duplicates/", other_day, HTTP_HX_REQUEST="true")
    assert "Margaret Okafor" not in nothing.content.decode()


@pytest.mark.parametrize(
    ("query", "name", "postcode"),
    [
        ("Wyn", "Ŵyn Pritchard", ""),
        ("O’Brien", "Ciara O'Brien", ""),
        ("obrien", "Ciara O'Brien", ""),
        ("dm21wj", "Dai Rees", "DM2 1WJ"),
        ("DM2 1WJ", "Dai Rees", "DM2 1WJ"),
    ],
)
def test_caseload_search_folds_accents_apostrophes_and_spaces(
    client_for, world, query, name, postcode
):
    PersonFactory(full_name=name, postcode=postcode, neighbourhood=world.north)
    PersonFactory(full_name="Someone Else", postcode="DM9 9ZZ", neighbourhood=world.north)
    page = unescape(client_for("alice").get("/casework/", {"q": query}).content.decode())
    assert name in page and "Someone Else" not in page


def test_a_person_added_through_the_api_is_found_however_their_name_is_typed(
    client, client_for, world
):
    response = client.post(
        "/api/introductions",
        json.dumps(
            {
                "person": {
                    "full_name": "Ŵyn O’Brien",
                    "neighbourhood_id": world.north.pk,
                    "postcode": "dm2 1wj",
                },
                "date": "2025-10-01",
            }
        ),
        content_type="application/json",
        **bearer(token(world.alice)),
    )
    assert response.status_code == 201, response.content
    page = client_for("alice").get("/casework/", {"q": "wyn o'brien"}).content.decode()
    assert "Ŵyn O’Brien" in page
    check = client_for("alice").get(
        "/casework/introductions/duplicates/",
        {"full_name": "WYN OBRIEN", "postcode": "DM21WJ"},
        HTTP_HX_REQUEST="true",
    )
    assert "Ŵyn O’Brien" in check.content.decode()


def test_the_directory_finds_a_cafe_typed_without_its_accent(client_for, world):
    AssetFactory(programme=world.programme, name="Café Cymraeg")
    AssetFactory(programme=world.programme, name="Library")
    page = client_for("alice").get("/community/a/", {"q": "cafe"}).content.decode()
    assert "Café Cymraeg" in page and "Library" not in page


def test_an_import_row_typed_differently_is_a_duplicate_of_the_existing_person(
    world, capsys, tmp_path
):
    PersonFactory(
        full_name="Siân O’Brien", date_of_birth=date(1950, 3, 14), neighbourhood=world.north
    )
    PersonFactory(
        full_name="Margaret Okafor", date_of_birth=date(1948, 5, 2), neighbourhood=world.north
    )
    path = workbooks.simple_workbook(
        tmp_path / "names.xlsx",
        [
            ["SIAN O'BRIEN", "14/03/1950", "North", "04/05/2021", "GP", "1"],
            ["Margret Okafor", "02/05/1948", "North", "04/05/2021", "GP", "1"],
            ["Margret Okafor", "02/05/1949", "North", "04/05/2021", "GP", "1"],
        ],
    )
    call_command("import", str(path), "--programme", "a", "--format", "json")
    report = json.loads(capsys.readouterr().out)
    siân, margaret = (
        Person.objects.get(full_name=n).pk for n in ("Siân O’Brien", "Margaret Okafor")
    )
    assert report["created"]["people"] == 1
    assert [d["row"] for d in report["duplicates"]] == [2, 3]
    assert f"existing person {siân}" in report["duplicates"][0]["matches"]
    assert f"existing person {margaret}" in report["duplicates"][1]["matches"]


@pytest.mark.parametrize(
    "plain", ["O'Brien-Smith", "  MARY   jones ", "d`Arcy (Jr.)", "Ann Example12", "A.B. Ng"]
)
def test_plain_ascii_folds_as_the_full_accent_pass_does(plain):
    # "é" sends the name through the accent pass; the rest must fold the same either way.
    assert fold(plain + " é") == fold(plain) + " e"


WELSH_SPELLINGS = [
    ("Sian Wyn", "Siân Wyn"),
    ("Gwyn", "Gwŷn"),
    ("Dwr", "Dŵr"),
    ("Tŷ Coch", "Ty Coch"),
    ("Llyn Ôl", "Llyn Ol"),
    ("Dafydd ap Iorwerth", "Dafydd âp Îorwerth"),
    ("Cwm Ûn", "Cwm Un"),
    ("Ëlen", "Elen"),
    ("Ïolo", "Iolo"),
    ("Ŵyn Ŷr", "WYN YR"),
    ("Ein Tŷ", "EIN TŶ"),
    ("Glyn Dŵr", "glyn dwr"),
]


@pytest.mark.parametrize(("typed", "recorded"), WELSH_SPELLINGS)
def test_every_welsh_diacritic_folds_to_its_plain_letter(typed, recorded):
    assert fold(typed) == fold(recorded)


@pytest.mark.parametrize(
    ("query", "name"), [("Sian Wyn", "Siân Wyn"), ("Gwyn", "Gwŷn Parry"), ("dwr", "Dŵr Jones")]
)
def test_caseload_search_finds_welsh_names_typed_without_their_accents(
    client_for, world, query, name
):
    PersonFactory(full_name=name, neighbourhood=world.north)
    PersonFactory(full_name="Someone Else", neighbourhood=world.north)
    page = unescape(client_for("alice").get("/casework/", {"q": query}).content.decode())
    assert name in page and "Someone Else" not in page


def test_caseload_search_finds_a_plain_name_typed_with_welsh_accents(client_for, world):
    PersonFactory(full_name="Sian Wyn", neighbourhood=world.north)
    page = unescape(client_for("alice").get("/casework/", {"q": "Siân Ŵyn"}).content.decode())
    assert "Sian Wyn" in page


def test_the_duplicate_check_matches_welsh_diacritics_either_way(client_for, world):
    PersonFactory(full_name="Gwŷn Dŵr", date_of_birth=date(1961, 7, 9), neighbourhood=world.north)
    found = client_for("alice").get(
        "/casework/introductions/duplicates/",
        {"full_name": "Gwyn Dwr", "date_of_birth": "1961-07-09"},
        HTTP_HX_REQUEST="true",
    )
    assert "Gwŷn Dŵr" in unescape(found.content.decode())
    assert may_be_same_person(Who("SIÂN WYN", date(1970, 1, 2)), Who("Sian Wyn", date(1970, 1, 2)))


@pytest.mark.parametrize("query", ["Ty Dwr", "tŷ dŵr", "TY DWR"])
def test_the_directory_finds_welsh_places_however_the_accents_are_typed(client_for, world, query):
    AssetFactory(programme=world.programme, name="Canolfan Tŷ Dŵr")
    AssetFactory(programme=world.programme, name="Library")
    page = unescape(client_for("alice").get("/community/a/", {"q": query}).content.decode())
    assert "Canolfan Tŷ Dŵr" in page and "Library" not in page
