"""Who the programme reaches, and outcomes, by each equality answer and by deprivation:
on the dashboard and its downloads, beside the neighbourhoods' residents, and suppressed
so that no two tables can be differenced to reveal a small count."""

from __future__ import annotations

import csv
import io

from django.core.management import call_command

from lac.people.models import Person
from tests.reports.factories import people_with_records

FY = "?year=2025"


def answered(people, counts: dict[str, int], field: str) -> None:
    """Give the first counts[answer] people that answer (as person_equality_set would)."""
    start = 0
    for answer, n in counts.items():
        ids = [p.pk for p in people[start : start + n]]
        Person.objects.filter(pk__in=ids).update(**{field: answer})
        start += n


def table(client, key: str, query: str = FY) -> list[list[str]]:
    response = client.get(f"/reports/dashboard/{key}.csv{query}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    start = next(
        i
        for i, row in enumerate(rows)
        if row and row[0] in {"Ethnic group", "Sex", "Area's decile"}
    )
    return rows[start:]


def cells(rows, column: int = 2) -> dict[str, str]:
    """Row name → its People supported cell (the header row left out)."""
    return {row[0]: row[column] for row in rows[1:] if len(row) > column}


# Black: Caribbean 3 (small) beside African 20 and Other Black 12; White: Irish 2 beside
# White British 45 and Other White 9; the Asian and Other headings fill the table.
ETHNIC = {
    "asian_indian": 6,
    "asian_pakistani": 7,
    "black_african": 20,
    "black_caribbean": 3,
    "black_other": 12,
    "white_british": 45,
    "white_irish": 2,
    "white_other": 9,
    "other_arab": 5,
}


def test_a_manager_sees_reach_by_sex_beside_the_residents_the_programme_loaded(
    client_for, world, tmp_path
):
    people = people_with_records(world.north, 12)  # two never asked
    answered(people, {"female": 6, "male": 3, "prefer_not_to_say": 1}, "sex")
    census = tmp_path / "population.csv"
    census.write_text(
        "neighbourhood,question,answer,people\n"
        "North,sex,Female,5100\nNorth,sex,male,4900\nSouth,sex,female,100\n"
    )
    call_command("population", str(census), "--programme", world.programme.slug)
    rows = table(client_for("bob"), "reach_sex", f"{FY}&neighbourhoods={world.north.pk}")
    assert rows[0] == [
        "Sex",
        "Introductions",
        "People supported",
        "People supported (%)",
        "Residents (%)",
    ]
    assert rows[1] == ["Female", "6", "6", "60", "51"]
    assert rows[2] == ["Male", "3", "3", "30", "49"]
    assert rows[3] == ["Prefer not to say", "1", "1", "10", ""]
    # Shares are of those with an answer recorded, as residents' are of those counted.
    assert rows[4] == ["Not recorded", "2", "2", "", ""]


def test_an_evaluator_sees_small_answers_hidden(client_for, world):
    people = people_with_records(world.north, 10)
    answered(people, {"female": 8, "male": 2}, "sex")
    shown = cells(table(client_for("eve"), "reach_sex"))
    assert shown["Male"] == "<5"
    assert shown["Female"] != "8"  # hidden too, or the total would give Male away


def test_the_two_ethnic_group_tables_cannot_be_differenced_to_reveal_a_small_count(
    client_for, world
):
    people = people_with_records(world.north, sum(ETHNIC.values()))
    answered(people, ETHNIC, "ethnic_group")
    eve = client_for("eve")
    detail = cells(table(eve, "reach_ethnic_group"))
    headings = cells(table(eve, "reach_ethnic_heading"))
    assert detail["Black, Black British, Black Welsh, Caribbean or African: Caribbean"] == "<5"
    assert detail["White: Irish"] == "<5"
    for heading, prefix in (
        ("Black, Black British, Black Welsh, Caribbean or African", "Black"),
        ("White", "White:"),
    ):
        under = [v for name, v in detail.items() if name.startswith(prefix)]
        hidden = [v for v in under if not v.isdigit()]
        # One hidden answer beside a shown heading would be the heading minus the rest.
        assert len(hidden) >= 2 or not headings[heading].isdigit(), (heading, under)
    # A manager, inside the personal-data boundary, sees the counts as they are.
    manager = cells(table(client_for("bob"), "reach_ethnic_group"))
    assert manager["White: Irish"] == "2"


def test_outcomes_differ_by_deprivation_of_peoples_areas(client_for, world):
    people = people_with_records(world.north, 12)
    answered(people, {"england_1": 7, "england_10": 5}, "deprivation")
    rows = table(client_for("bob"), "outcomes_by_deprivation")
    assert rows[0][0] == "Area's decile"
    names = [row[0] for row in rows[1:] if row]
    assert names[:2] == ["England: decile 1 (most deprived)", "England: decile 10 (least deprived)"]
    assert [row[4] for row in rows[1:3]] == ["7", "5"]  # one outcome event each
    total = next(row for row in rows if row and row[0] == "Total")
    assert total[1] == "12"  # people scored twice add up…
    assert total[2] == ""  # …their average changes do not


def test_no_role_outside_the_team_is_shown_a_persons_answers(client_for, world):
    """Aggregate roles open the dashboard, never a person's record or their answers."""
    [person] = people_with_records(world.north, 1)
    for name in ("eve", "nina"):
        client = client_for(name)
        assert client.get(f"/people/{person.pk}/equality/").status_code in {403, 404}
        assert client.get(f"/people/{person.pk}/").status_code in {403, 404}
