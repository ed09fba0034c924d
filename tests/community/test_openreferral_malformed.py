"""A malformed Open Referral service is rejected naming its field, on every way in.

Each field the importer reads, in a service that imports cleanly, is replaced in
turn by a value of every other JSON type (a list, an object, a number, text,
true or false, null). Each such service must come back rejected with a problem
that starts with the field's path (``schedules[0].opens_at``), and leave nothing
in the directory: never an exception, a 500 or half an import. The service
takes each on its own; the command and the page take them all in one file. Null where a
field may be left out is not malformed (the field is absent), so it is only
tried where the field is required or stands in a list.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from lac.audit.actor import Actor
from lac.community.models import Asset, OpeningTime
from lac.community.openreferral.importer import import_hsds
from tests.factories import ProgrammeFactory

SCHEDULE = {
    "freq": "WEEKLY",
    "interval": 1,
    "byday": "TU",
    "opens_at": "09:30",
    "closes_at": "12:00",
    "dtstart": "2026-01-06",
    "valid_from": "2026-01-01",
    "valid_to": "2026-12-31",
    "notes": "Term time",
}
VALID: dict[str, Any] = {
    "id": "6f1a2b3c-0000-4000-8000-000000000002",
    "name": "Riverside Debt Clinic",
    "status": "active",
    "description": "Free, confidential debt advice",
    "email": "advice@example.org",
    "url": "https://advice.example.org",
    "eligibility_description": "Adults in the borough",
    "fees_description": "Free",
    "minimum_age": 18,
    "maximum_age": 99,
    "organization": {
        "id": "6f1a2b3c-0000-4000-8000-0000000000ab",
        "name": "Riverside Advice Trust",
        "description": "Advice",
    },
    "phones": [{"number": "01632 960123"}],
    "contacts": [{"name": "Sam Jones"}],
    "cost_options": [{"amount_description": "No charge"}],
    "schedules": [SCHEDULE],
    "service_at_locations": [
        {
            "phones": [{"number": "01632 960124"}],
            "schedules": [SCHEDULE | {"byday": "1SA", "freq": "MONTHLY"}],
            "location": {
                "addresses": [
                    {
                        "address_1": "2 Quay Street",
                        "address_2": "Ground floor",
                        "city": "Riverton",
                        "postal_code": "RV1 2QS",
                    }
                ],
                "accessibility": [{"description": "Step-free entrance"}],
                "schedules": [SCHEDULE | {"byday": "TH"}],
            },
        }
    ],
    "attributes": [{"taxonomy_term": {"code": "money", "name": "Money and debt advice"}}],
}
REQUIRED = {("id",), ("name",), ("status",)}
"""Fields a service cannot do without: null there is malformed, not absent."""

EXAMPLES = {
    "list": ["x"],
    "object": {"x": "y"},
    "number": 7,
    "text": "x",
    "bool": True,
    "null": None,
}

Path = tuple[str | int, ...]


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    return "list" if isinstance(value, list) else "object"


def fields(value: Any, path: Path = ()) -> Iterator[Path]:
    """The path of every value inside ``value``, nested ones included."""
    children = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in children:
        yield (*path, key)
        if isinstance(child, dict | list):
            yield from fields(child, (*path, key))


def named(path: Path) -> str:
    """A path as the importer names it: ``service_at_locations[0].location.city``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}" if text else step
    return text


def replaced(path: Path, value: Any) -> dict[str, Any]:
    service = json.loads(json.dumps(VALID))
    parent = service
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return service


def mutations() -> Iterator[Any]:
    for path in fields(VALID):
        current = json_type(_at(path))
        for kind, example in EXAMPLES.items():
            absent = kind == "null" and isinstance(path[-1], str) and path not in REQUIRED
            if kind != current and not absent:
                yield pytest.param(path, example, id=f"{named(path)}={kind}")


def _at(path: Path) -> Any:
    value: Any = VALID
    for step in path:
        value = value[step]
    return value


def rejected_by_item(lines: list[tuple[str, str]]) -> dict[int, list[str]]:
    """Each rejected item's problems by its number, from ``(label, reasons)`` as shown."""
    return {
        int(re.search(r"item (\d+)\)?$", label, re.IGNORECASE)[1]): reasons.split("; ")
        for label, reasons in lines
    }


def unnamed(mutated: list[Any], rejected: dict[int, list[str]]) -> list[str]:
    """The mutations (by test id) that did not come back with a problem naming their field."""
    return [
        param.id
        for number, param in enumerate(mutated, start=1)
        if not any(p.startswith(f"{named(param.values[0])} ") for p in rejected.get(number, []))
    ]


MUTATIONS = list(mutations())


@pytest.fixture
def programme(db):
    return ProgrammeFactory(slug="a")


def test_the_valid_service_imports_cleanly_so_each_mutation_is_the_only_fault(programme):
    report = import_hsds([VALID], programme=programme, actor=Actor(), dry_run=True)
    assert (len(report.created), report.rejected, report.warnings) == (1, [], [])


@pytest.mark.parametrize(("path", "value"), MUTATIONS)
def test_a_field_of_the_wrong_type_is_rejected_by_name_and_nothing_is_written(
    programme, path, value
):
    report = import_hsds([replaced(path, value)], programme=programme, actor=Actor(), dry_run=False)
    assert (report.created, report.updated, len(report.rejected)) == ([], [], 1)
    assert any(problem.startswith(f"{named(path)} ") for problem in report.rejected[0][1])
    assert not Asset.objects.exists() and not OpeningTime.objects.exists()


def test_the_command_reports_every_malformed_service_by_name_and_writes_nothing(
    programme, tmp_path
):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([replaced(*param.values) for param in MUTATIONS]))
    out = io.StringIO()
    call_command("openreferral_import", str(path), "--programme", "a", stdout=out)
    shown = re.findall(r"^rejected  (.*?): (.*)$", out.getvalue(), re.MULTILINE)
    assert unnamed(MUTATIONS, rejected_by_item(shown)) == []
    assert f"0 services were created, 0 were updated, {len(MUTATIONS)} rejected" in out.getvalue()
    assert not Asset.objects.exists() and not OpeningTime.objects.exists()


def test_the_import_page_reports_every_malformed_service_by_name_and_writes_nothing(
    client_for, world
):
    upload = SimpleUploadedFile(
        "feed.json", json.dumps([replaced(*param.values) for param in MUTATIONS]).encode()
    )
    response = client_for("bob").post("/community/a/import/", {"file": upload, "commit": "import"})
    page = html.unescape(response.content.decode())
    shown = re.findall(r"<li><strong>(.*?)</strong>: (.*?)</li>", page)
    assert unnamed(MUTATIONS, rejected_by_item(shown)) == []
    assert f"0 services were created, 0 were updated, {len(MUTATIONS)} rejected" in page
    assert not Asset.objects.exists() and not OpeningTime.objects.exists()


def test_a_welsh_reader_is_told_in_welsh_with_the_field_named_as_the_file_spells_it(programme):
    malformed = [replaced(("schedules", 0, "opens_at"), 9), replaced(("phones",), {"x": "y"})]
    with translation.override("cy"):
        report = import_hsds(malformed, programme=programme, actor=Actor(), dry_run=True)
    assert [reasons for _, reasons in report.rejected] == [
        ["rhaid i schedules[0].opens_at fod yn destun"],
        ["rhaid i phones fod yn rhestr"],
    ]
