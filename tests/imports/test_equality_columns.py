"""The equality questions come in from a spreadsheet with the same census answers, and the
same rule, as on the person's page and through the API: no answers without the consent."""

from __future__ import annotations

import html
import json
from datetime import date

import pytest
from django.core.management import call_command

from lac.audit.models import AuditEvent
from lac.imports.models import ImportJob
from lac.people.models import ConsentMethod, ConsentTopic, Person
from lac.people.services import EQUALITY_CONSENT_NEEDED
from tests.api.data import bearer, token
from tests.imports import workbooks
from tests.people.factories import PersonFactory

HEADER = [
    "Name", "DOB", "Ward", "Date introduced", "Sex", "Gender identity", "Ethnicity",
    "Disability", "Religion", "Sexual orientation", "Equality consent",
]  # fmt: skip
ANN = [
    "Ann Example", "14/03/1950", "North", "04/05/2021", "F", "Yes", "Indian",
    "Yes, a little", "No religion", "Prefer not to say", "02/05/2021",
]  # fmt: skip
BOB = [
    "Bob Sample", "02/02/1960", "South", "01/06/2022", "Male", "", "White British", "", "", "",
    "yes",
]  # fmt: skip
CAT = ["Cat Ashdown", "03/03/1970", "North", "01/06/2022", "Female", "", "", "", "", "", ""]


def run(capsys, path, *args):
    call_command("import", str(path), "--programme", "a", "--format", "json", *args)
    return json.loads(capsys.readouterr().out)


def sheet(tmp_path, *rows):
    return workbooks.simple_workbook(tmp_path / "equality.xlsx", list(rows), header=HEADER)


def test_the_equality_columns_and_census_answers_are_recognised(world, capsys, tmp_path):
    report = run(capsys, sheet(tmp_path, ANN, BOB), "--dry-run")
    assert report["unmapped_columns"] == []
    assert report["unmapped_values"] == {}
    assert report["rejected"] == []


def test_answers_come_in_as_census_codes_with_the_consent_the_sheet_records(
    world, capsys, tmp_path
):
    report = run(capsys, sheet(tmp_path, ANN, BOB))
    assert report["created"]["people"] == 2
    ann = Person.objects.get(full_name="Ann Example")
    assert (ann.sex, ann.gender_identity, ann.ethnic_group, ann.disability) == (
        "female",
        "same",
        "asian_indian",
        "limited_a_little",
    )
    assert (ann.religion, ann.sexual_orientation) == ("none", "prefer_not_to_say")
    consent = ann.consents.get()
    assert (consent.topic, consent.method, consent.given_on) == (
        ConsentTopic.EQUALITY,
        ConsentMethod.SPREADSHEET,
        date(2021, 5, 2),
    )
    assert "equality.xlsx, Sheet1 row 2" in consent.details
    # A plain "yes" is dated at the introduction.
    bob = Person.objects.get(full_name="Bob Sample")
    assert bob.ethnic_group == "white_british"
    assert bob.consents.get().given_on == date(2022, 6, 1)
    event = AuditEvent.objects.get(what__startswith="Imported equality.xlsx")
    assert event.changes["people with equality answers"] == ["", "2"]


def test_a_row_with_answers_but_no_consent_is_rejected_with_the_web_forms_message(
    world, capsys, tmp_path
):
    report = run(capsys, sheet(tmp_path, ANN, CAT))
    assert report["rejected"] == [
        {
            "sheet": "Sheet1",
            "row": 3,
            "column": "Sex",
            "value": "Female",
            "problem": EQUALITY_CONSENT_NEEDED,
        }
    ]
    assert not Person.objects.filter(full_name="Cat Ashdown").exists()


def test_an_unknown_answer_is_listed_to_map_and_the_row_still_imports(world, capsys, tmp_path):
    row = [*BOB[:4], "Non-binary", *BOB[5:]]
    report = run(capsys, sheet(tmp_path, row))
    assert report["unmapped_values"] == {"sex": ["Non-binary"]}
    assert Person.objects.get(full_name="Bob Sample").sex == ""


def test_a_mapping_to_something_not_a_census_answer_names_the_question(world, capsys, tmp_path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('values:\n  sex:\n    "Non-binary": non_binary\n')
    row = [*BOB[:4], "Non-binary", *BOB[5:]]
    report = run(capsys, sheet(tmp_path, row), "--mapping", str(mapping))
    assert [r["problem"] for r in report["rejected"]] == [
        "Sex must be one of the census answers or left blank"
    ]


def test_a_consent_that_is_neither_a_date_nor_yes_or_no_names_the_column(world, capsys, tmp_path):
    row = [*BOB[:-1], "maybe"]
    report = run(capsys, sheet(tmp_path, row))
    assert [(r["column"], r["problem"]) for r in report["rejected"]] == [
        ("Equality consent", "not a date or yes or no")
    ]


def test_unknown_answers_are_offered_the_census_answers_on_the_values_page(
    client_for, world, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    row = [*BOB[:4], "Non-binary", *BOB[5:]]
    client = client_for("bob")
    with sheet(tmp_path, row).open("rb") as upload:
        client.post("/imports/", {"file": upload, "programme": world.programme.pk})
    job = ImportJob.objects.get()
    form = client.get(f"/imports/{job.pk}/columns/").context["form"]
    client.post(f"/imports/{job.pk}/columns/", {n: f.initial for n, f in form.fields.items()})
    page = html.unescape(client.get(f"/imports/{job.pk}/values/").content.decode())
    assert "Sex: “Non-binary”" in page
    assert "Prefer not to say" in page


@pytest.mark.parametrize("path", ["web", "api", "import"])
def test_every_path_refuses_answers_without_consent_in_the_same_words(
    path, client_for, client, world, capsys, tmp_path
):
    if path == "import":
        report = run(capsys, sheet(tmp_path, CAT))
        said = report["rejected"][0]["problem"]
    else:
        person = PersonFactory(neighbourhood=world.north, coordinator=world.alice)
        if path == "web":
            response = client_for("alice").post(
                f"/people/{person.pk}/equality/", {"version": person.version, "sex": "female"}
            )
            said = html.unescape(response.content.decode())
        else:
            response = client.put(
                f"/api/people/{person.pk}/equality",
                data=json.dumps(
                    {
                        "sex": "female",
                        "gender_identity": None,
                        "ethnic_group": None,
                        "disability": None,
                        "religion": None,
                        "sexual_orientation": None,
                    }
                ),
                content_type="application/json",
                **bearer(token(world.alice)),
            )
            said = response.content.decode()
    assert str(EQUALITY_CONSENT_NEEDED) in said
