import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
