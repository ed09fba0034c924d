"""Small impact maps for tests, built from plain data as a file would give them."""

from __future__ import annotations

import copy
from typing import Any

from lac.value import ImpactMap, impact_map_from_dict

WORKED: dict[str, Any] = {
    "name": "Worked check",
    "stakeholders": [{"id": "people", "name": "People"}],
    "inputs": [{"value": 20000}],
    "outcomes": [
        {
            "id": "wellbeing",
            "stakeholder": "people",
            "quantity": 20,
            "proxy": {"value": 1000},
            "duration": 3,
            "deadweight": 0.25,
            "attribution": 0.2,
            "drop_off": 0.1,
        }
    ],
}


def worked_data(**outcome_changes: Any) -> dict[str, Any]:
    """The Guide-style worked check as plain data, with optional outcome changes."""
    data = copy.deepcopy(WORKED)
    data["outcomes"][0].update(outcome_changes)
    return data


def worked_map(**outcome_changes: Any) -> ImpactMap:
    return impact_map_from_dict(worked_data(**outcome_changes))


def two_stakeholder_data() -> dict[str, Any]:
    return {
        "name": "Two stakeholders",
        "discount_rate": 0.035,
        "stakeholders": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "inputs": [{"value": 10000, "year": 1}, {"value": 5000, "year": 2}],
        "outcomes": [
            {
                "id": "a1",
                "stakeholder": "a",
                "quantity": 10,
                "proxy": {"value": 500},
                "duration": 2,
                "drop_off": 0.5,
            },
            {
                "id": "b1",
                "stakeholder": "b",
                "quantity": 4,
                "proxy": {"value": 2000},
                "duration": 1,
                "start_year": 3,
                "deadweight": 0.1,
            },
            {
                "id": "b2",
                "stakeholder": "b",
                "quantity": 100,
                "proxy": {"value": 100},
                "duration": 1,
                "include": False,
            },
        ],
    }
