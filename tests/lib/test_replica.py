"""A read replica for the aggregate pages: tested with a second alias on the same database,
as ``DATABASE_REPLICA_URL`` would configure one."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from lac.casework.services import default_lists_ensure
from lac.lib.replica import REPLICA, ReplicaRouter, replica_reads
from lac.outcomes.services import defaults_ensure
from tests.conftest import force_login_verified
from tests.reports.factories import people_with_records

# The alias is added when this module is collected, before the test databases are set up,
# so the test run points it at the test database (TEST MIRROR), as settings would add it.
connections.settings.setdefault(
    REPLICA, {**connections["default"].settings_dict, "TEST": {"MIRROR": "default"}}
)


@pytest.fixture
def replica(settings):
    """The replica turned on for the router, as DATABASE_REPLICA_URL turns it on."""
    settings.LAC_READ_REPLICA = REPLICA
    yield connections[REPLICA]
    connections[REPLICA].close()  # before the test database is emptied for the next test


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_the_dashboard_reads_from_the_replica_and_the_caseload_does_not(
    transactional_world, client, replica
):
    """Committed data, read through the replica's own connection."""
    world = transactional_world
    default_lists_ensure()  # the shipped lists, gone if an earlier test flushed the database
    defaults_ensure()
    people_with_records(world.north, 3)
    force_login_verified(client, world.bob)
    with CaptureQueriesContext(replica) as dashboard:
        page = client.get("/reports/dashboard/?year=2025").content.decode()
    assert "June 2025" in page and "Joined a community group" in page
    assert any("casework_conversation" in q["sql"] for q in dashboard.captured_queries)
    force_login_verified(client, world.alice)
    with CaptureQueriesContext(replica) as caseload:
        assert client.get("/").status_code == 200
    assert caseload.captured_queries == []


def test_writes_and_other_reads_stay_on_the_primary(replica):
    router = ReplicaRouter()
    assert router.db_for_read(object) is None
    with replica_reads():
        assert router.db_for_read(object) == REPLICA
        assert router.db_for_write(object) is None
    assert router.db_for_read(object) is None
    assert router.allow_migrate(REPLICA, "casework") is False
    assert router.allow_migrate("default", "casework") is None


def test_without_a_replica_reads_stay_on_the_primary():
    with replica_reads():
        assert ReplicaRouter().db_for_read(object) is None
