"""Validate feed responses against the published HSDS 3.0 JSON schemas.

The schemas are vendored beside this module (``hsds-3.0/``, CC BY-SA 4.0, see
its README), so these tests run, and cannot skip, on a fresh clone. Their
``$ref``s are either bare file names ("schedule.json") or the raw GitHub URLs
of the specification, so each
file is registered under both, and the OpenAPI response shapes (``Page`` plus
``contents``) are assembled from ``openapi.json`` itself.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
SCHEMA_DIR = Path(__file__).resolve().parent / "hsds-3.0"


@cache
def registry() -> Registry:
    root = SCHEMA_DIR
    resources = []
    for path in sorted(root.glob("*.json")) + sorted(root.glob("compiled/*.json")):
        if path.name == "openapi.json":
            continue
        resource = Resource.from_contents(
            json.loads(path.read_text()), default_specification=DRAFT202012
        )
        relative = path.relative_to(root).as_posix()
        resources += [(relative, resource), (SPEC_BASE + relative, resource)]
    return Registry().with_resources(resources)


@cache
def openapi() -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / "openapi.json").read_text())


# The published openapi.json points /service_at_locations/{id} at compiled/service.json,
# a slip in the specification: the endpoint returns a service_at_location (its own
# description says so), so it is checked against compiled/service_at_location.json.
OPENAPI_CORRECTIONS = {
    "/service_at_locations/{id}": {"$ref": SPEC_BASE + "compiled/service_at_location.json"},
}


def response_schema(path: str) -> dict[str, Any]:
    """The 200 response schema of an OpenAPI path, with ``Page`` inlined."""
    if path in OPENAPI_CORRECTIONS:
        return dict(OPENAPI_CORRECTIONS[path])
    spec = openapi()
    schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    text = json.dumps(schema).replace('"#/components/schemas/Page"', json.dumps("urn:hsds:page"))
    return json.loads(text)


def page_resource() -> tuple[str, Resource]:
    page = dict(openapi()["components"]["schemas"]["Page"])
    page["required"] = [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
    ]
    return "urn:hsds:page", Resource.from_contents(page, default_specification=DRAFT202012)


def validate(path: str, body: Any) -> None:
    """Raise jsonschema.ValidationError unless ``body`` matches the OpenAPI response of ``path``."""
    schema = response_schema(path)
    if "allOf" in schema:  # a page: its contents must be there too
        schema["required"] = ["contents"]
    reg = registry().with_resource(*page_resource())
    validator = Draft202012Validator(
        schema, registry=reg, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(body)
