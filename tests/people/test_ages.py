"""The age band is the age on the day of the first introduction, on every path: the
service, the web form, the API, the import and a later correction of the date of birth."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from lac.audit.actor import Actor
from lac.casework import services as casework
from lac.casework.models import IntroductionSource
from lac.people import services
from lac.people.ages import BORN_AFTER_INTRODUCTION, band_at_introduction, band_for_age
from lac.people.models import AgeBand, Person
from tests.api.data import bearer, token
from tests.imports.workbooks import simple_workbook
from tests.lib.rules.paths import INTRO_HEADER, api_refusal, import_refusal, intro_row, web_refusal

BORN = date(1956, 6, 1)
INTRODUCED = date(2021, 5, 31)  # 64 that day (31 to 64); 65 and over from the next day
AT_INTRODUCTION = AgeBand.AGE_31_64


def test_the_band_is_the_age_in_whole_years_on_the_day():
    assert band_at_introduction(date(1961, 3, 3), date(2026, 3, 3)) == AgeBand.AGE_65_79
    assert band_at_introduction(date(1961, 3, 4), date(2026, 3, 3)) == AgeBand.AGE_31_64
    assert [band_for_age(a) for a in (17, 18, 30, 31, 64, 65, 79, 80)] == [
        AgeBand.UNDER_18,
        AgeBand.AGE_18_30,
        AgeBand.AGE_18_30,
        AgeBand.AGE_31_64,
        AgeBand.AGE_31_64,
        AgeBand.AGE_65_79,
        AgeBand.AGE_65_79,
        AgeBand.AGE_80_PLUS,
    ]


def test_someone_born_after_their_introduction_is_refused_on_the_date_of_birth():
    with pytest.raises(ValidationError) as refused:
        band_at_introduction(date(2022, 1, 1), INTRODUCED)
    assert refused.value.message_dict == {"date_of_birth": [BORN_AFTER_INTRODUCTION]}


def test_the_service_bands_on_the_introduction_not_on_the_day_it_was_typed(world):
    introduction = casework.person_introduce(
        full_name="Ada Band",
        neighbourhood=world.north,
        date=INTRODUCED,
        actor=Actor(user=world.alice),
        date_of_birth=BORN,
    )
    assert introduction.person.age_band == AT_INTRODUCTION


def test_the_web_form_bands_on_the_introduction(client_for, world):
    source = IntroductionSource.objects.get(code="primary-health")
    response = client_for("alice").post(
        "/casework/introductions/new/",
        {
            "full_name": "Ada Band",
            "neighbourhood": world.north.pk,
            "date": INTRODUCED.isoformat(),
            "date_of_birth_day": "1",
            "date_of_birth_month": "6",
            "date_of_birth_year": "1956",
            "level": "1",
            "source": source.pk,
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(full_name="Ada Band").age_band == AT_INTRODUCTION


def test_the_api_bands_on_the_introduction(client, world):
    body = {
        "date": INTRODUCED.isoformat(),
        "person": {
            "full_name": "Ada Band",
            "neighbourhood_id": world.north.pk,
            "date_of_birth": BORN.isoformat(),
        },
    }
    response = client.post(
        "/api/introductions",
        json.dumps(body),
        content_type="application/json",
        **bearer(token(world.alice)),
    )
    assert response.status_code == 201
    assert Person.objects.get(full_name="Ada Band").age_band == AT_INTRODUCTION


def test_the_import_bands_on_the_introduction(world, capsys, tmp_path):
    path = simple_workbook(
        tmp_path / "band.xlsx",
        [["Ada Band", "01/06/1956", "North", "31/05/2021", "GP", "1"]],
        header=INTRO_HEADER,
    )
    call_command("import", str(path), "--programme", "a", "--format", "json")
    assert json.loads(capsys.readouterr().out)["created"]["people"] == 1
    assert Person.objects.get(full_name="Ada Band").age_band == AT_INTRODUCTION


def test_correcting_the_date_of_birth_later_still_bands_on_the_first_introduction(world):
    person = casework.person_introduce(
        full_name="Ada Band",
        neighbourhood=world.north,
        date=INTRODUCED,
        actor=Actor(user=world.alice),
    ).person
    casework.introduction_record(
        person=person, date=date(2025, 1, 1), actor=Actor(user=world.alice)
    )
    services.person_update(
        person=person,
        expected_version=person.version,
        actor=Actor(user=world.alice),
        date_of_birth=BORN,
    )
    person.refresh_from_db()
    assert person.age_band == AT_INTRODUCTION


def test_born_after_the_introduction_is_refused_alike_by_web_api_and_import(
    client, client_for, world, capsys, tmp_path
):
    source = IntroductionSource.objects.get(code="primary-health")
    page = web_refusal(
        client_for("alice"),
        "/casework/introductions/new/",
        {
            "full_name": "Ada Late",
            "neighbourhood": world.north.pk,
            "date": INTRODUCED.isoformat(),
            "date_of_birth_day": "1",
            "date_of_birth_month": "1",
            "date_of_birth_year": "2022",
            "level": "1",
            "source": source.pk,
        },
    )
    assert str(BORN_AFTER_INTRODUCTION) in page
    body = {
        "date": INTRODUCED.isoformat(),
        "person": {
            "full_name": "Ada Late",
            "neighbourhood_id": world.north.pk,
            "date_of_birth": "2022-01-01",
        },
    }
    assert api_refusal(client, world.alice, "/api/introductions", body) == {
        "date_of_birth": [BORN_AFTER_INTRODUCTION]
    }
    header, row = intro_row(DOB="01/01/2022", **{"Date introduced": "31/05/2021"})
    assert import_refusal(capsys, tmp_path, header, row) == {"DOB": BORN_AFTER_INTRODUCTION}
    assert not Person.objects.filter(full_name="Ada Late").exists()
