"""The whole monitoring sheet comes in (IMPORT-SPEC.md): categories, housing, challenges,
hopes, contact details, progress scores as dated assessments, services avoided."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from lac.casework.models import Conversation, Introduction
from lac.imports.report import what_will_happen
from lac.outcomes.models import Assessment, AvoidedService, Framework, RateCard
from lac.people.models import Person
from tests.imports import workbooks

ANN = [
    "Ann Example", "14/03/1950", "North", "04/05/2021", "GP", "L2", "Older person",
    "Council tenant", "Loneliness; debt\nHousing", "To get out more", "07700 900123",
    "ann@example.org", "01/02/2026", "Closed", "01/09/2022", "Goals met", "de1 1aa",
    "Met at the library", 2, 4, "1", 3, 2, 4, "10/05/2021", "GP consultations x 2; Fire service",
]  # fmt: skip
BOB = [
    "Bob Sample", "02/02/1960", "South", "01/06/2022", "Self", "1", "Carer",
    "Owner occupier", "Caring, mental health", "", "", "", "", "Open", "", "", "",
    "", 3, 4, "", "", "", "", "", "",
]  # fmt: skip
CAT = [
    "Cat Ashdown", "03/03/1970", "North", "01/06/2022", "GP", "1", "", "", "", "", "",
    "", "", "", "", "", "", "", 7, "", "", "", "", "", "", "",
]  # fmt: skip


def run(capsys, path, *args):
    call_command("import", str(path), "--programme", "a", "--format", "json", *args)
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def sheet(tmp_path):
    return workbooks.monitoring_workbook(tmp_path / "derby.xlsx", [ANN, BOB, CAT])


def test_every_column_of_a_monitoring_sheet_is_mapped(world, capsys, sheet):
    report = run(capsys, sheet, "--dry-run")
    assert report["unmapped_columns"] == []
    assert report["unmapped_values"] == {}


def test_a_score_off_the_scale_rejects_the_row_naming_the_column(world, capsys, sheet):
    report = run(capsys, sheet)
    assert report["rejected"] == [
        {
            "sheet": "Sheet1",
            "row": 4,
            "column": "Life Control (first)",
            "value": "7",
            "problem": "Life control must be scored from 1 to 5, not 7",
        }
    ]
    assert not Person.objects.filter(full_name="Cat Ashdown").exists()


def test_the_person_comes_in_with_category_housing_and_contact_details(
    world, capsys, sheet, client_for
):
    run(capsys, sheet)
    ann = Person.objects.get(full_name="Ann Example")
    assert (ann.primary_category, ann.housing_tenure) == ("older_person", "social_rented")
    assert (ann.phone, ann.email) == ("07700 900123", "ann@example.org")
    # Her walk ended in 2022: the sheet's next contact is not kept (person_status_fields).
    assert ann.next_contact_date is None
    introduction = Introduction.objects.get(person=ann)
    assert sorted(c.code for c in introduction.challenges.all()) == [
        "housing",
        "isolation",
        "money",
    ]
    assert introduction.hopes == "To get out more"
    assert introduction.imported_note == "Met at the library"
    assert not Conversation.objects.exists()
    page = client_for("alice").get(f"/people/{ann.pk}/").content.decode()
    assert "Note from the spreadsheet: Met at the library" in page
    bob = Introduction.objects.get(person__full_name="Bob Sample")
    assert sorted(c.code for c in bob.challenges.all()) == ["caring", "mental-health"]


def test_progress_scores_become_dated_assessments_by_the_fallback_rules(world, capsys, sheet):
    report = run(capsys, sheet)
    assert report["created"]["assessments"] == 4
    ann = list(Assessment.objects.filter(person__full_name="Ann Example").order_by("date"))
    # First: its own column; latest: the closed date (no latest assessment date column).
    assert [(a.kind, a.date) for a in ann] == [
        ("first", date(2021, 5, 10)),
        ("last", date(2022, 9, 1)),
    ]
    scores = [{s.domain.key: s.score for s in a.scores.all()} for a in ann]
    assert scores == [
        {"life-control": 2, "people-support": 1, "money": 2},
        {"life-control": 4, "people-support": 3, "money": 4},
    ]
    bob = list(Assessment.objects.filter(person__full_name="Bob Sample").order_by("kind"))
    # Open, no dates: both at the date introduced.
    assert [(a.kind, a.date) for a in bob] == [
        ("first", date(2022, 6, 1)),
        ("review", date(2022, 6, 1)),
    ]


def test_the_report_says_which_date_each_assessment_took(world, capsys, sheet):
    call_command("import", str(sheet), "--programme", "a", "--dry-run")
    text = capsys.readouterr().out
    assert "First assessments dated at the first assessment date: 1 row" in text
    assert "First assessments dated at the date introduced: 1 row" in text
    assert "Latest assessments dated at the closed date: 1 row" in text
    assert "Latest assessments dated at the date introduced: 1 row" in text


def test_services_avoided_are_priced_from_the_rate_card(world, capsys, sheet):
    run(capsys, sheet)
    avoided = {
        a.unit_cost.item: (a.quantity, a.date, a.confidence) for a in AvoidedService.objects.all()
    }
    assert avoided == {
        "GP consultations": (Decimal("2.00"), date(2022, 9, 1), "judged"),
        "Fire service": (Decimal("1.00"), date(2022, 9, 1), "judged"),
    }


def test_an_unknown_challenge_or_service_is_listed_for_mapping(world, capsys, tmp_path):
    row = [*BOB]
    row[8] = "Caring; Gardening woes"
    row[25] = "Helicopter rescue"
    path = workbooks.monitoring_workbook(tmp_path / "odd.xlsx", [row])
    report = run(capsys, path, "--dry-run")
    assert report["unmapped_values"] == {
        "challenges": ["Gardening woes"],
        "services_avoided": ["Helicopter rescue"],
    }
    assert report["rejected"] == []


def test_importing_the_monitoring_sheet_again_creates_nothing(world, capsys, sheet):
    run(capsys, sheet)
    again = run(capsys, sheet)
    assert again["created"] == {
        "people": 0,
        "introductions": 0,
        "conversations": 0,
        "assessments": 0,
    }
    assert again["unchanged"] == 2
    assert Assessment.objects.count() == 4 and AvoidedService.objects.count() == 2


@pytest.mark.parametrize(
    ("report", "words"),
    [
        (
            {"created": {"people": 2, "introductions": 9}, "rejected": [{}] * 6},
            "Create 2 people and 9 introductions, leave out 6 rows",
        ),
        (
            {"created": {"people": 1, "introductions": 1, "assessments": 2}},
            "Create 1 person, 1 introduction and 2 assessments",
        ),
        (
            {"created": {"people": 0, "introductions": 0}, "updated": {"people": 1}},
            "Update 1 person",
        ),
        (
            {"created": {"people": 0, "introductions": 0}, "unchanged": 9},
            "Import: nothing new to add",
        ),
    ],
)
def test_the_import_button_says_what_will_happen(report, words):
    assert what_will_happen(report) == words


def test_a_mapping_file_can_name_a_score_column_the_engine_does_not_recognise(
    world, capsys, tmp_path
):
    path = workbooks.simple_workbook(
        tmp_path / "short.xlsx",
        [["Ann Example", "14/03/1950", "North", "04/05/2021", "GP", "1", 3]],
        header=["Name", "DOB", "Ward", "Date introduced", "Introduced by", "Level", "LC1"],
    )
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('columns:\n  "LC1": "score:life-control:first"\n', encoding="utf-8")
    report = run(capsys, path, "--mapping", str(mapping))
    assert report["unmapped_columns"] == []
    assert report["created"]["assessments"] == 1
    (score,) = Assessment.objects.get().scores.all()
    assert (score.domain.key, score.score) == ("life-control", 3)


def test_a_mapping_file_naming_an_unknown_field_is_refused(world, capsys, tmp_path):
    path = workbooks.simple_workbook(tmp_path / "s.xlsx", [])
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('columns:\n  "LC1": "score:life-control:someday"\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        call_command("import", str(path), "--programme", "a", "--mapping", str(mapping))
    assert exit_.value.code == 2
    assert "unknown field 'score:life-control:someday'" in capsys.readouterr().err


def test_without_a_framework_or_rate_card_the_scores_are_listed_not_a_crash(world, capsys, sheet):
    RateCard.objects.all().delete()
    Framework.objects.all().delete()
    report = run(capsys, sheet, "--dry-run")
    assert "Life Control (first)" in report["unmapped_columns"]
    assert report["unmapped_values"]["services_avoided"] == ["GP consultations", "Fire service"]
    assert report["created"]["people"] == 3 and report["created"]["assessments"] == 0


def test_rows_saying_the_same_each_get_its_codes_and_each_unknown_is_listed(
    world, capsys, tmp_path
):
    """A category or list cell is worked out once for each value its column holds
    (``RowCheck.category_code``, ``RowCheck.listed``): every row saying it still gets its codes,
    and a value equal to another of a different type (TRUE and 1) is read as itself."""
    rows = []
    for name, born, level in (
        ("Bob Able", "02/02/1960", 2),
        ("Bob Baker", "03/03/1961", 1),
        ("Bob Carter", "04/04/1962", True),
        ("Bob Dunn", "05/05/1963", 2),
    ):
        row = [*BOB]
        row[0], row[1], row[5], row[8] = name, born, level, "Caring; Gardening woes"
        rows.append(row)
    path = workbooks.monitoring_workbook(tmp_path / "alike.xlsx", rows)
    report = run(capsys, path)
    assert report["rejected"] == []
    assert report["unmapped_values"] == {"level": ["TRUE"], "challenges": ["Gardening woes"]}
    people = Person.objects.filter(full_name__startswith="Bob ").order_by("full_name")
    assert [(p.full_name, p.level) for p in people] == [
        ("Bob Able", 2),
        ("Bob Baker", 1),
        ("Bob Carter", 1),  # TRUE is no level: the opening level
        ("Bob Dunn", 2),
    ]
    for introduction in Introduction.objects.filter(person__in=people):
        assert [c.code for c in introduction.challenges.all()] == ["caring"]
