"""`lac find-traces`: where a person's name, birthday and postcode can still be found."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lac.audit.actor import Actor
from lac.people.erasure import person_erase
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

ARGS = ["--name", "Ama Okafor", "--date-of-birth", "1984-03-02", "--postcode", "LS6 2QT"]


def find_traces(settings, tmp_path) -> str:
    settings.DATA_DIR = tmp_path
    out = StringIO()
    call_command("find_traces", *ARGS, stdout=out)
    return out.getvalue()


def test_it_names_each_place_before_erasure_and_none_after(world, settings, tmp_path):
    ama = PersonFactory(
        neighbourhood=world.north,
        full_name="Ama Okafor",
        date_of_birth=date(1984, 3, 2),
        postcode="LS6 2QT",
    )
    (tmp_path / "notes.txt").write_text("Ama Okafor, born 02/03/1984")
    before = find_traces(settings, tmp_path)
    assert "people_person.full_name: 'Ama Okafor' 1 time(s)" in before
    assert "people_person.postcode: 'LS6 2QT' 1 time(s)" in before
    assert f"{tmp_path / 'notes.txt'}: '02/03/1984' 1 time(s)" in before
    (tmp_path / "notes.txt").unlink()
    person_erase(person=ama, actor=Actor(user=world.bob))
    after = find_traces(settings, tmp_path)
    assert after.strip().splitlines() == [
        f"Searched every table and {tmp_path} for 13 forms of the person's details: "
        "0 place(s) found."
    ]


def test_a_date_of_birth_it_cannot_read_is_refused_naming_the_option():
    with pytest.raises(CommandError, match="--date-of-birth: expected a date like 1984-03-02"):
        call_command("find_traces", "--name", "Ama Okafor", "--date-of-birth", "2/3/84")
