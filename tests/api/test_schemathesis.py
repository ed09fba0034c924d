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
from hypothesis import HealthCheck, settings

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
def bob_token(world) -> str:
    api_records(world)
    return token(world.bob)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_conforms_to_its_schema_and_never_fails(case, bob_token):
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {bob_token}"}, checks=CHECKS
    )
    RESULTS[(case.operation.label, response.status_code)] += 1
    assert response.status_code < 500
