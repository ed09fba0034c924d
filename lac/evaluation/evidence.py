"""How much of an evaluative run's value is counted from the records, and how much is assumed.

An evaluative ratio mixes outcomes whose quantity was counted from the
period's records with outcomes whose quantity is typed into the map. A board
must see both, so every place that shows an evaluative ratio (page, PDF, API,
network comparison) takes the split from :func:`value_split`, worked out from
the run's frozen result alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lac.evaluation.models import Mode, Run


@dataclass(frozen=True)
class StakeholderSplit:
    id: str
    name: str
    counted: float
    assumed: float

    @property
    def total(self) -> float:
        return self.counted + self.assumed


@dataclass(frozen=True)
class ValueSplit:
    counted: float
    """Present value of counted outcomes: quantity counted from the records."""
    assumed: float
    """Present value of outcomes whose quantity is typed into the map."""
    inputs: float
    stakeholders: list[StakeholderSplit]

    @property
    def total(self) -> float:
        return self.counted + self.assumed

    @property
    def counted_ratio(self) -> float | None:
        return self.counted / self.inputs if self.inputs else None

    @property
    def ratio(self) -> float | None:
        return self.total / self.inputs if self.inputs else None

    @property
    def assumed_share(self) -> float | None:
        return self.assumed / self.total if self.total else None


def value_split(run: Run) -> ValueSplit | None:
    """The run's present value split by where each outcome's quantity came from.

    None for a forecast run, where every quantity is a plan. Outcomes not
    counted in the ratio (``include: false``) are left out of both parts.
    """
    if run.mode != Mode.EVALUATIVE:
        return None
    present = {o["id"]: o["present_value"] for o in run.result["outcomes"] if o["included"]}
    names = {s["id"]: s["name"] for s in run.document["stakeholders"]}
    parts: dict[str, list[float]] = {sid: [0.0, 0.0] for sid in names}
    for outcome in run.document["outcomes"]:
        if outcome["id"] not in present:
            continue
        column = 0 if outcome["id"] in run.resolved else 1
        parts.setdefault(outcome["stakeholder"], [0.0, 0.0])[column] += present[outcome["id"]]
    stakeholders = [
        StakeholderSplit(sid, names.get(sid, sid), counted, assumed)
        for sid, (counted, assumed) in parts.items()
    ]
    return ValueSplit(
        counted=sum(s.counted for s in stakeholders),
        assumed=sum(s.assumed for s in stakeholders),
        inputs=float(run.result["total_inputs"]),
        stakeholders=stakeholders,
    )


def split_json(run: Run) -> dict[str, Any] | None:
    """The split as plain data, for the API."""
    split = value_split(run)
    if split is None:
        return None
    return {
        "counted_present_value": split.counted,
        "assumed_present_value": split.assumed,
        "counted_sroi_ratio": split.counted_ratio,
        "sroi_ratio": split.ratio,
        "by_stakeholder": {
            s.id: {"counted_present_value": s.counted, "assumed_present_value": s.assumed}
            for s in split.stakeholders
        },
    }
