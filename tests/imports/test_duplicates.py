"""The import's batch duplicate check follows casework's rule (possible_duplicates)."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from lac.accounts.permissions import scope_for_user
from lac.audit.actor import Actor
from lac.casework.models import StatusChange
from lac.casework.services import person_introduce
from lac.imports.engine import Row
from lac.imports.store import CaseworkStore
from lac.people.models import Person
from lac.people.selectors import possible_duplicates
from tests.imports import workbooks


def row(name, dob=None, postcode=""):
    return Row(
        sheet="S",
        number=2,
        name=name,
        date_of_birth=dob,
        age_band="",
        postcode=postcode,
        neighbourhood_id=0,
        coordinator_id=None,
        introduction_date=date(2022, 1, 1),
        source=None,
        level=None,
        status=None,
        closed_date=None,
        closure_reason=None,
        notes="",
        key="k",
    )


CANDIDATES = [
    row("ann example", date(1950, 3, 14)),  # same surname and initial, same birthday
    row("A. Example", date(1950, 3, 14)),  # an initial only
    row("Bob Example", date(1950, 3, 14)),  # another first name
    row("Ann Example", date(1951, 3, 14)),  # another birthday
    row("Annie Example", None, "DE1 1AA"),  # same postcode, similar name
    row("Ann Example", None, "de11aa"),  # postcode written differently
    row("Ann Example"),  # name alone, nothing else known
    row("Ann Sample"),
]


@pytest.mark.parametrize(
    "candidate", CANDIDATES, ids=lambda r: f"{r.name}-{r.date_of_birth}-{r.postcode}"
)
def test_matching_an_existing_person_agrees_with_the_casework_rule(world, candidate):
    person_introduce(
        full_name="Ann Example",
        neighbourhood=world.north,
        date=date(2021, 1, 5),
        actor=Actor(user=world.bob),
        date_of_birth=date(1950, 3, 14),
        postcode="DE1 1AA",
    )
    ours = (
        CaseworkStore(
            programme=world.programme, file_name="f.xlsx", user=None, today=date(2026, 1, 1)
        )
        .existing_people([candidate])
        .match(candidate)
    )
    theirs = possible_duplicates(
        scope_for_user(world.bob),
        full_name=candidate.name,
        date_of_birth=candidate.date_of_birth,
        postcode=candidate.postcode,
    )
    assert (ours is not None) == bool(theirs)


def test_people_at_the_same_postcode_with_similar_names_are_one_person(world, capsys, tmp_path):
    rows = [
        ["Ann Example", "", "North", "04/05/2021", "GP", "1", "DE1 1AA"],
        ["Annie Example", "", "North", "04/06/2022", "GP", "2", "de11aa"],
    ]
    path = workbooks.simple_workbook(
        tmp_path / "pc.xlsx",
        rows,
        header=["Name", "DOB", "Ward", "Date introduced", "Introduced by", "Level", "Postcode"],
    )
    call_command("import", str(path), "--programme", "a", "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert report["created"]["people"] == 1
    assert report["created"]["introductions"] == 2
    assert report["duplicates"] == [{"sheet": "Sheet1", "row": 3, "matches": "row 2"}]


def test_an_updated_file_that_closes_a_person_records_the_closure(world, capsys, tmp_path):
    header = [
        "Name",
        "DOB",
        "Ward",
        "Date introduced",
        "Status",
        "Closed date",
        "Reason for closure",
    ]
    open_row = ["Ann Example", "14/03/1950", "North", "04/05/2021", "Open", "", ""]
    closed_row = [
        "Ann Example",
        "14/03/1950",
        "North",
        "04/05/2021",
        "Closed",
        "01/02/2022",
        "Goals met",
    ]
    for name, data in (("v1.xlsx", open_row), ("v2.xlsx", closed_row)):
        path = workbooks.simple_workbook(tmp_path / name, [data], header=header)
        call_command("import", str(path), "--programme", "a", "--format", "json")
        report = json.loads(capsys.readouterr().out)
    assert report["updated"] == {"people": 1}
    ann = Person.objects.get()
    assert (ann.status, ann.status_since) == ("closed", date(2022, 2, 1))
    closure = StatusChange.objects.get(person=ann, status="closed")
    assert closure.reason.code == "goals-met"
