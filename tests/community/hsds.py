"""Validate feed responses against the published HSDS 3.0 and Open Referral UK schemas.

Both sets are vendored beside this module (``hsds-3.0/`` and ``oruk-3.0/``,
CC BY-SA 4.0, see their READMEs), so these tests run, and cannot skip, on a
fresh clone. Their ``$ref``s are either bare file names ("schedule.json") or
the raw GitHub URLs of their repository, so each file is registered under
both, and the OpenAPI response shapes (``Page`` plus ``contents``) are
assembled from each ``openapi.json`` itself.

``validate`` checks a body against the UK profile where the UK OpenAPI has the
path, and against generic HSDS always. The UK check is strict: the profile
removed fields from HSDS (phones, ``fees_description``, ``address_2`` …), and
its schemas do not forbid extra properties, so the check forbids them itself;
a removed field sent by the feed fails the test.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HERE = Path(__file__).resolve().parent
PAGE_URN = "urn:hsds:page"


@dataclass(frozen=True)
class Profile:
    folder: str
    base: str
    corrections: tuple[tuple[str, str], ...] = ()
    strict: bool = False
    loose: tuple[str, ...] = ()

    @property
    def root(self) -> Path:
        return HERE / self.folder


HSDS = Profile(
    "hsds-3.0",
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/",
    # The published HSDS openapi.json points /service_at_locations/{id} at the service
    # schema, a slip fixed upstream in January 2026 (PR #574): it returns a service_at_location.
    corrections=(("/service_at_locations/{id}", "compiled/service_at_location.json"),),
)
UK = Profile(
    "oruk-3.0",
    "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/",
    strict=True,
    # The UK file still points /service_at_locations/{id} at the service schema, and the
    # UK validator checks it so: the body must carry a service's name and status, while
    # being a service_at_location (checked strictly by the corrected HSDS schema).
    loose=("/service_at_locations/{id}",),
)


@cache
def _resources(profile: Profile, strict: bool) -> tuple[tuple[str, Resource], ...]:
    resources = []
    for path in sorted(profile.root.glob("*.json")) + sorted(profile.root.glob("compiled/*.json")):
        if path.name == "openapi.json":
            continue
        contents = json.loads(path.read_text())
        if strict:
            contents = _closed(contents)
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        relative = path.relative_to(profile.root).as_posix()
        resources += [(relative, resource), (profile.base + relative, resource)]
    return tuple(resources)


def _closed(schema: Any) -> Any:
    """The schema with every object limited to the properties it lists."""
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = {key: _closed(value) for key, value in schema.items()}
    if isinstance(schema.get("properties"), dict) and schema.get("type") == "object":
        closed["additionalProperties"] = False
    return closed


@cache
def openapi(profile: Profile = HSDS) -> dict[str, Any]:
    return json.loads((profile.root / "openapi.json").read_text())


def uk_paths() -> set[str]:
    return set(openapi(UK)["paths"])


def response_schema(profile: Profile, path: str) -> dict[str, Any]:
    """The 200 response schema of an OpenAPI path, with ``Page`` inlined."""
    corrections = dict(profile.corrections)
    if path in corrections:
        return {"$ref": profile.base + corrections[path]}
    schema = openapi(profile)["paths"][path]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    text = json.dumps(schema).replace('"#/components/schemas/Page"', json.dumps(PAGE_URN))
    return json.loads(text)


def page_resource(profile: Profile) -> tuple[str, Resource]:
    page = copy.deepcopy(openapi(profile)["components"]["schemas"]["Page"])
    page["required"] = list(page["properties"])
    return PAGE_URN, Resource.from_contents(page, default_specification=DRAFT202012)


def validate_against(profile: Profile, path: str, body: Any) -> None:
    """Raise jsonschema.ValidationError unless ``body`` matches ``path``'s 200 response."""
    schema = response_schema(profile, path)
    if "allOf" in schema:  # a page: its contents must be there too
        schema["required"] = ["contents"]
    strict = profile.strict and path not in profile.loose
    resources = _resources(profile, strict)
    registry = Registry().with_resources(resources).with_resource(*page_resource(profile))
    validator = Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(body)


def validate(path: str, body: Any) -> None:
    """The body as the UK profile (where it has the path) and generic HSDS both require."""
    if path in uk_paths():
        validate_against(UK, path, body)
    validate_against(HSDS, path, body)


def validate_full_page(path: str, body: Any) -> None:
    """A ``full=true`` page: HSDS's page shape, each item as the UK profile's full record.

    The UK profile has no ``full`` parameter on lists, so its list schemas cannot
    describe fully nested items; its detail endpoint's schema does.
    """
    validate_against(HSDS, path, body)
    for item in body["contents"]:
        validate_against(UK, path + "/{id}", item)
