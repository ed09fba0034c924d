"""The OpenAPI document is a promise to the programs built on it: reorganising the
code (the API split into routers, its records into schemas) must not change a path,
an operation id, a parameter or a field. ``openapi.json`` is the document as
published, first taken before that split. A deliberate change to the API (one that
clients are told about) updates it with:

    lac export_openapi_schema --api lac.api.api.api --indent 1 --sorted \
        --output tests/api/openapi.json
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lac.api.api import api

BEFORE = json.loads((Path(__file__).parent / "openapi.json").read_text())


@pytest.fixture(scope="module")
def now():
    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


def test_the_same_paths_operations_and_operation_ids(now):
    def operations(doc):
        return {
            (path, method): operation["operationId"]
            for path, methods in doc["paths"].items()
            for method, operation in methods.items()
        }

    assert operations(now) == operations(BEFORE)


def test_every_operation_is_described_as_before(now):
    assert now["paths"] == BEFORE["paths"]


def test_every_schema_has_the_same_fields(now):
    assert now["components"] == BEFORE["components"]


def test_the_documents_title_and_description_are_unchanged(now):
    assert now["info"] == BEFORE["info"]
