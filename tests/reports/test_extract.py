import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.audit.models import Action, AuditEvent
from lac.people.models import Consent, ConsentTopic
from lac.reports.extract import COLUMNS, extract_rows, pseudonym
from lac.reports.models import Extract
from tests.permission_matrix import Page, case_id, cases, check
from tests.reports.factories import people_with_records

PAGES = [Page("extract", lambda w: "/reports/extract/", frozenset({"eve"}))]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_only_evaluators_take_extracts(client, world, page, user):
    check(client, world, page, user)


def download(client, world, **extra):
    data = {"programme": world.programme.pk, "year": "2025", "file_format": "csv", **extra}
    response = client.post("/reports/extract/", data)
    assert response.status_code == 200, response.content[:500]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_an_extract_has_pseudonyms_and_age_bands_and_nothing_identifying(client_for, world):
    people = people_with_records(world.north, 3)
    people[0].phone = "07700 900123"
    people[0].save()
    response = client_for("eve").post(
        "/reports/extract/", {"programme": world.programme.pk, "year": "2025", "file_format": "csv"}
    )
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    assert set(rows[0]) == set(COLUMNS)
    assert rows[0]["age_band"] == "65 to 79"
    assert rows[0]["first_introduced_month"] == "2025-06"
    assert rows[0]["first_average_score"] == "2.0" and rows[0]["latest_average_score"] == "3.0"
    for person in people:
        assert person.full_name not in text
        assert str(person.pk) not in {r["pseudonym"] for r in rows}
    assert "07700" not in text
    assert Extract.objects.get().rows == 3


def test_each_extract_gets_new_pseudonyms_unless_asked_to_reuse_them(client_for, world):
    people_with_records(world.north, 2)
    client = client_for("eve")
    first = {r["pseudonym"] for r in download(client, world)}
    second = {r["pseudonym"] for r in download(client, world)}
    assert first.isdisjoint(second)
    earlier = Extract.objects.order_by("pk").first()
    again = {r["pseudonym"] for r in download(client, world, same_pseudonyms_as=earlier.pk)}
    assert again == first


@pytest.mark.parametrize("background", [False, True], ids=["on the page", "in the background"])
def test_an_extract_is_audited_as_an_export_by_whoever_asked_on_either_path(
    client_for, world, settings, tmp_path, background
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    people_with_records(world.north, 3)
    data = {"programme": world.programme.pk, "year": "2025", "file_format": "csv"}
    client_for("eve").post(
        "/reports/extract/", {**data, "background": "on"} if background else data
    )
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert (event.user, event.what) == (world.eve, "Pseudonymised extract of 3 people")
    extract = Extract.objects.get()
    assert (event.object_type, event.object_id) == ("reports.extract", str(extract.pk))
    assert event.path.startswith("job: report ") is background


def test_pseudonyms_are_keyed_hashes():
    assert pseudonym("00" * 32, 1) == pseudonym("00" * 32, 1)
    assert pseudonym("00" * 32, 1) != pseudonym("11" * 32, 1)
    assert len(pseudonym("00" * 32, 1)) == 16


def test_people_who_withdrew_consent_to_evaluation_are_left_out(client_for, world):
    people = people_with_records(world.north, 2)
    Consent.objects.create(
        person=people[0],
        topic=ConsentTopic.EVALUATION,
        given_on=date(2025, 5, 1),
        method="verbal",
        withdrawn_on=date(2025, 7, 1),
    )
    assert len(download(client_for("eve"), world)) == 1


@pytest.mark.parametrize("size", [2, 20])
def test_an_extract_takes_the_same_number_of_queries_at_any_size(world, size):
    people_with_records(world.north, size)
    extract = Extract.objects.create(
        programme=world.programme,
        period_start=date(2025, 4, 1),
        period_end=date(2026, 3, 31),
        file_format="csv",
    )
    with CaptureQueriesContext(connection) as queries:
        assert len(extract_rows(extract)) == size
    assert len(queries) == 10


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_neighbourhood_named_like_a_formula_is_extracted_as_text(client_for, world, file_format):
    from openpyxl import load_workbook

    world.north.name = "@SUM(1+1)*cmd|' /C calc'!A0"
    world.north.save()
    people_with_records(world.north, 3)
    response = client_for("eve").post(
        "/reports/extract/",
        {"programme": world.programme.pk, "year": "2025", "file_format": file_format},
    )
    if file_format == "csv":
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        names = {row["neighbourhood"] for row in rows}
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        column = list(COLUMNS).index("neighbourhood")
        names = {row[column].value for row in sheet.iter_rows(min_row=2)}
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert names == {"'@SUM(1+1)*cmd|' /C calc'!A0"}
