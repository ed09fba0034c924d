import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.audit.actor import Actor
from tests.permission_matrix import Page, case_id, cases, check
from tests.reports.factories import people_with_records

FY = "?year=2025"
PAGES = [Page("network comparison", lambda w: f"/reports/network/{FY}", frozenset({"nina"}))]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_only_network_viewers_compare_programmes(client, world, page, user):
    check(client, world, page, user)


def test_programmes_are_side_by_side_with_small_numbers_suppressed(client_for, world):
    people_with_records(world.north, 8)
    people_with_records(world.elsewhere, 2, start=100)
    page = client_for("nina").get(f"/reports/network/{FY}").content.decode()
    assert "Programme A" in page and "Programme B" in page
    row_b = page[page.index("Programme B") :].split("</tr>")[0]
    assert "&lt;5" in row_b
    row_a = page[page.index("Programme A") :].split("</tr>")[0]
    assert ">8<" in row_a


@pytest.mark.parametrize("size", [2, 20])
def test_the_comparison_takes_the_same_number_of_queries_at_any_size(client_for, world, size):
    people_with_records(world.north, size)
    people_with_records(world.elsewhere, size, start=1000)
    client = client_for("nina")
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/reports/network/{FY}")
    test_the_comparison_takes_the_same_number_of_queries_at_any_size.counts[size] = len(queries)
    counts = test_the_comparison_takes_the_same_number_of_queries_at_any_size.counts
    if len(counts) == 2:
        assert counts[2] == counts[20]


test_the_comparison_takes_the_same_number_of_queries_at_any_size.counts = {}


def _published_evaluation(programme, *, document=None):
    from datetime import date

    from lac.evaluation.services import run_create, run_publish
    from tests.evaluation.factories import stored_map

    impact_map = stored_map(programme, document=document)
    run = run_create(
        version=impact_map.versions.get(),
        start=date(2025, 4, 1),
        end=date(2026, 3, 31),
        draws=100,
        seed=1,
        actor=Actor(),
    )
    return run_publish(run=run, actor=Actor(), note="For the network")


def test_only_published_evaluations_are_compared_and_differing_maps_are_not_ranked(
    client_for, world
):
    from lac.evaluation.models import Mode
    from lac.evaluation.services import run_create
    from tests.evaluation.factories import small_document, stored_map

    draft_map = stored_map(world.programme, mode=Mode.EVALUATIVE)
    run_create(
        version=draft_map.versions.get(), start=None, end=None, draws=100, seed=1, actor=Actor()
    )
    client = client_for("nina")
    page = client.get(f"/reports/network/{FY}").content.decode()
    assert page.count("No published evaluative run.") == 2

    _published_evaluation(world.programme)
    different = small_document()
    different["outcomes"][1]["attribution"] = 0.5
    _published_evaluation(world.other_programme, document=different)
    page = client.get(f"/reports/network/{FY}").content.decode()
    assert "No published evaluative run." not in page
    assert "The programmes’ impact maps differ" in page
    assert "0.00 : 1 counted from records; 0.58 : 1 with the map’s assumptions" in page
    assert "0.00 : 1 counted from records; 0.53 : 1 with the map’s assumptions" in page
    assert "No published forecast was set beside this evaluation." in page
    assert "Every programme counted with the same definitions" not in page
