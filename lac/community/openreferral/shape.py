"""The JSON type of every HSDS field the importer reads, checked before any value is.

A publisher's file is JSON from elsewhere: any field may hold any type. A list
where text belongs cannot be looked up (unhashable), a number where a list
belongs cannot be walked, and an object where a name belongs would be stored
as the text of a Python dict. Checking every field the importer reads against
its HSDS type here, first and in one place, lets the importer's rules take the
types for granted and rejects a malformed service naming the field, as
``schedules[0].opens_at must be text``.

Null (or a field left out) is absence, which the importer's rules judge; inside
a list it is an item of the wrong type. Fields the importer does not read are
not looked at.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

TEXT = "text"
NUMBER = "number"

Shape = str | dict[str, "Shape"] | list["Shape"]
"""``TEXT`` or ``NUMBER``; an object's fields by name; ``[item]``: a list of that shape."""

SCHEDULE: Shape = {
    "freq": TEXT,
    "interval": NUMBER,
    "byday": TEXT,
    "opens_at": TEXT,
    "closes_at": TEXT,
    "dtstart": TEXT,
    "valid_from": TEXT,
    "valid_to": TEXT,
    "notes": TEXT,
}
PHONE: Shape = {"number": TEXT}
SERVICE: Shape = {
    "id": TEXT,
    "name": TEXT,
    "status": TEXT,
    "description": TEXT,
    "email": TEXT,
    "url": TEXT,
    "eligibility_description": TEXT,
    "fees_description": TEXT,
    "minimum_age": NUMBER,
    "maximum_age": NUMBER,
    "organization": {"id": TEXT, "name": TEXT, "description": TEXT},
    "phones": [PHONE],
    "contacts": [{"name": TEXT}],
    "cost_options": [{"amount_description": TEXT}],
    "schedules": [SCHEDULE],
    "service_at_locations": [
        {
            "phones": [PHONE],
            "schedules": [SCHEDULE],
            "location": {
                "addresses": [
                    {"address_1": TEXT, "address_2": TEXT, "city": TEXT, "postal_code": TEXT}
                ],
                "accessibility": [{"description": TEXT}],
                "schedules": [SCHEDULE],
            },
        }
    ],
    "attributes": [{"taxonomy_term": {"code": TEXT, "name": TEXT}}],
}

MUST_BE: dict[str, Promise] = {
    "object": gettext_lazy("%(field)s must be a JSON object"),
    "list": gettext_lazy("%(field)s must be a list"),
    TEXT: gettext_lazy("%(field)s must be text"),
    NUMBER: gettext_lazy("%(field)s must be a number"),
}
"""What a field of the wrong type is told, by the type it should have."""


def shape_problems(value: Any, shape: Shape, path: str) -> list[str]:
    """Each field under ``path`` whose value is not of its shape's type, named by its path."""
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return [MUST_BE["object"] % {"field": path}]
        return [
            problem
            for key, inner in shape.items()
            if value.get(key) is not None
            for problem in shape_problems(value[key], inner, f"{path}.{key}" if path else key)
        ]
    if isinstance(shape, list):
        if not isinstance(value, list):
            return [MUST_BE["list"] % {"field": path}]
        return [
            problem
            for number, item in enumerate(value)
            for problem in shape_problems(item, shape[0], f"{path}[{number}]")
        ]
    if not _is(value, shape):
        return [MUST_BE[shape] % {"field": path}]
    return []


def _is(value: Any, kind: str) -> bool:
    """JSON's text and numbers; true and false are JSON's own type, not numbers."""
    if kind == NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)
