"""Managers' and leads' home pages lead with what needs doing (issue 18 item 7): overdue
contacts and people with no next contact by coordinator, records closed without an outcome,
runs to publish, stalled jobs and caseload sizes, in the same number of queries however much
there is; people who see figures only get small counts suppressed."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lac.accounts.models import Role
from lac.audit.actor import Actor
from lac.evaluation.models import Mode
from lac.evaluation.services import run_create
from lac.imports.models import ImportJob
from lac.people.models import Status
from tests.evaluation.factories import stored_map
from tests.factories import NeighbourhoodFactory, UserFactory, grant
from tests.people.factories import PersonFactory


def people(world, neighbourhood, coordinator, *, overdue=0, unplanned=0, closed=0, fine=0):
    """A coordinator's people: overdue, with no next contact, closed without an outcome."""
    today = timezone.localdate()
    for _ in range(overdue):
        PersonFactory(
            neighbourhood=neighbourhood,
            coordinator=coordinator,
            next_contact_date=today - timedelta(days=3),
        )
    for _ in range(unplanned):
        PersonFactory(neighbourhood=neighbourhood, coordinator=coordinator)
    for _ in range(closed):
        PersonFactory(
            neighbourhood=neighbourhood,
            coordinator=coordinator,
            status=Status.CLOSED,
            status_since=today - timedelta(days=10),
        )
    for _ in range(fine):
        PersonFactory(
            neighbourhood=neighbourhood,
            coordinator=coordinator,
            next_contact_date=today + timedelta(days=30),
        )


def stalled_import(world, name="stalled"):
    return ImportJob.objects.create(
        programme=world.programme,
        file_name=f"{name}.xlsx",
        stored_path=f"/nonexistent/{name}.xlsx",
        created_by=world.bob,
        task=ImportJob.Task.COMMIT,
        task_state=ImportJob.TaskState.RUNNING,
        progress_at=timezone.now() - timedelta(hours=1),
    )


def draft_run(world):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST)
    return run_create(
        version=impact_map.versions.get(), start=None, end=None, draws=20, seed=1, actor=Actor()
    )


def page(client_for, name) -> str:
    return unescape(client_for(name).get("/").content.decode())


def test_a_managers_home_starts_with_what_needs_doing_by_coordinator(client_for, world):
    people(world, world.north, world.alice, overdue=2, unplanned=1, closed=1, fine=3)
    people(world, world.south, world.amir, overdue=1)
    job = stalled_import(world)
    html = page(client_for, "bob")
    assert html.index("What needs doing") < html.index("Your team")
    table = html.split('id="by-coordinator"')[1].split("</table>")[0]
    alice_row = table.split("Alice")[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in alice_row.split('numeric">')[1:]] == [
        "6",  # caseload: everyone active
        "",  # overdue, as a red tag
        "1",  # no next contact
        "",  # closed without an outcome, as a link
    ]
    assert '<strong class="govuk-tag govuk-tag--red">2</strong>' in alice_row
    assert "closed_without_outcome/?coordinator=" in alice_row
    assert '<strong class="govuk-tag govuk-tag--red">3</strong>' in html  # overdue in all
    assert "Stalled background jobs" in html
    assert f'href="/imports/{job.pk}/progress/"' in html
    assert "Social value runs to publish" not in html  # a manager does not publish


def test_a_leads_home_lists_the_runs_waiting_to_be_published(client_for, world):
    draft_run(world)
    stalled_import(world)
    html = page(client_for, "lena")
    assert "Social value runs to publish" in html
    assert "Runs waiting for your decision" in html
    assert "forecast run made" in html
    assert "Stalled background jobs" not in html  # a lead does not import


def test_a_quiet_team_says_none_rather_than_hiding_the_list(client_for, world):
    html = page(client_for, "bob")
    assert "What needs doing" in html
    assert "Overdue contacts" in html and "None" in html


def test_figures_only_roles_see_records_missing_outcomes_with_small_counts_hidden(
    client_for, world
):
    people(world, world.north, world.alice, closed=3)
    people(world, world.elsewhere, world.charlie, closed=6)
    html = page(client_for, "nina")
    table = html.split("Records missing outcomes by programme")[1].split("</table>")[0]
    row_a = table.split("Programme A")[1].split("</tr>")[0]
    row_b = table.split("Programme B")[1].split("</tr>")[0]
    assert "&lt;5" in row_a or "<5" in row_a
    assert ">3<" not in row_a
    assert ">6<" in row_b
    assert "What needs doing" not in html
    html = page(client_for, "eve")
    assert "Programme A" in html.split("Records missing outcomes by programme")[1]


def test_people_who_see_names_get_no_suppressed_table(client_for, world):
    people(world, world.north, world.alice, closed=3)
    assert "Records missing outcomes by programme" not in page(client_for, "bob")


@pytest.mark.parametrize("name", ["bob", "lena", "eve", "nina"])
def test_the_home_page_takes_no_more_queries_with_ten_times_the_data(
    client_for, world, django_assert_max_num_queries, name
):
    client = client_for(name)
    people(world, world.north, world.alice, overdue=1, unplanned=1, closed=1, fine=1)
    stalled_import(world)
    draft_run(world)
    client.get("/")  # the session and kept figures warm
    with CaptureQueriesContext(connection) as small:
        assert client.get("/").status_code == 200

    for n in range(4):
        coordinator = UserFactory(username=f"extra{n}")
        hood = NeighbourhoodFactory(programme=world.programme, name=f"Extra {n}")
        grant(coordinator, Role.COORDINATOR, programme=world.programme, neighbourhoods=(hood,))
        people(world, hood, coordinator, overdue=3, unplanned=2, closed=3, fine=2)
        stalled_import(world, f"stalled{n}")
        draft_run(world)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/").status_code == 200
