"""Property-based tests of the API against its own OpenAPI schema (schemathesis).

Run in-process against the Django WSGI application, as bob (a team manager,
so every operation is permitted) with a token holding every scope. Bounded
and deterministic: at most ``MAX_EXAMPLES`` generated cases per operation,
derandomised. Every response must be free of server errors and conform to
the schema: documented status code, content type, headers and body.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation

from lac.wsgi import application
from tests.api.data import api_records, token

MAX_EXAMPLES = 20
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.negative_data_rejection,
]

schema = schemathesis.openapi.from_wsgi("/api/schema", application)

RESULTS: Counter[tuple[str, int]] = Counter()
"""(operation, status) → how many responses, reported at the end of the run."""


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly would close the test's database connection after
    each request (PostgreSQL then loses the test transaction); Django's own test
    client switches this off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bob(world, keep_test_connection) -> tuple[str, dict[str, int]]:
    """Bob's token, and the ids of real records to point generated ids at."""
    data = api_records(world)
    ids = {
        "person_id": data.person.pk,
        "introduction_id": data.introduction_id,
        "conversation_id": data.conversation_id,
        "run_id": data.run.pk,
    }
    return token(world.bob), ids


def aim_at_real_records(case, ids: dict[str, int]) -> None:
    """Half the valid ids become ids of real records, so success paths are tested too.

    Only ids the schema allows are swapped, for other allowed ones: a case meant
    to be invalid stays invalid.
    """
    places = [case.path_parameters or {}]
    if isinstance(case.body, dict):
        places.append(case.body)
    for place in places:
        for name, value in place.items():
            valid = type(value) is int and 1 <= value <= 2**63 - 1
            if name in ids and valid and value % 2 == 0:
                place[name] = ids[name]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_conforms_to_its_schema_and_never_fails(case, bob):
    raw_token, ids = bob
    aim_at_real_records(case, ids)
    # A case generated without its required Authorization header is sent without one.
    auth = (
        {}
        if case.meta.is_negative_at(ParameterLocation.HEADER)
        else {"Authorization": f"Bearer {raw_token}"}
    )
    response = case.call_and_validate(headers=auth, checks=CHECKS)
    RESULTS[(case.operation.label, response.status_code)] += 1
    assert response.status_code < 500
