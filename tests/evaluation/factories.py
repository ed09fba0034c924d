"""Helpers for evaluation tests: a small impact map document and stored maps."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from django.conf import settings

from lac.audit.actor import Actor
from lac.evaluation.models import ImpactMap, Mode
from lac.evaluation.services import impact_map_create
from lac.value import impact_map_to_dict, load_impact_map

DERBY = Path(settings.BASE_DIR) / "examples" / "value" / "derby-like-forecast.yaml"


def derby_document() -> dict[str, Any]:
    return impact_map_to_dict(load_impact_map(DERBY))


SMALL: dict[str, Any] = {
    "name": "Small evaluative map",
    "stakeholders": [{"id": "people", "name": "People walked alongside"}],
    "inputs": [{"stakeholder": "council", "description": "Coordinators", "value": 10000}],
    "outcomes": [
        {
            "id": "joined",
            "stakeholder": "people",
            "description": "Joined a community group",
            "quantity": 10,
            "proxy": {"value": 1000, "description": "Value of belonging", "source": "Test"},
            "duration": 1,
            "attribution": 0.5,
            "ranges": {"quantity": {"low": 5, "high": 15}, "proxy": {"low": 800, "high": 1200}},
        },
        {
            "id": "volunteers",
            "stakeholder": "people",
            "description": "Volunteering",
            "quantity": 100,
            "proxy": {"value": 10, "description": "Hourly value", "source": "Test"},
            "duration": 1,
        },
        {
            "id": "not_material",
            "stakeholder": "people",
            "description": "Something small",
            "quantity": 1,
            "proxy": {"value": 1, "description": "", "source": ""},
            "duration": 1,
            "include": False,
        },
    ],
}


def small_document() -> dict[str, Any]:
    return copy.deepcopy(SMALL)


def not_material(document: dict[str, Any]) -> dict[str, Any]:
    """A reason for every outcome the document leaves out, as publishing needs."""
    return {
        o["id"]: {"excluded_reason": "Too small to change any decision"}
        for o in document["outcomes"]
        if o.get("include") is False
    }


def stored_map(programme, *, mode=Mode.EVALUATIVE, document=None, bindings=None) -> ImpactMap:
    document = document or small_document()
    return impact_map_create(
        programme=programme,
        mode=mode,
        document=document,
        bindings=bindings or {},
        annotations=not_material(document),
        actor=Actor(),
    )
