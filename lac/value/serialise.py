"""Turning an ImpactMap back into the plain data of the file format.

Every assumption is written out, defaults included, so a saved file shows the
reader exactly what was calculated; `impact_map_from_dict` reads it back equal.
"""

from __future__ import annotations

from typing import Any

from lac.value.model import INTEGER_FIELDS, ImpactMap, Input, NumericField, Outcome, Range


def impact_map_to_dict(impact_map: ImpactMap) -> dict[str, Any]:
    """The map as plain data in the layout of VALUE-SPEC.md (YAML/JSON ready).

    Price years and deflators appear only where the map has them, so a map
    without them is written exactly as before price years existed.
    """
    data: dict[str, Any] = {
        "name": impact_map.name,
        "currency": impact_map.currency,
        "discount_rate": impact_map.discount_rate,
    }
    if impact_map.price_year is not None:
        data["price_year"] = impact_map.price_year
    if impact_map.deflators is not None:
        data["deflators"] = dict(impact_map.deflators)
    return data | {
        "stakeholders": [{"id": s.id, "name": s.name} for s in impact_map.stakeholders],
        "inputs": [_input(i) for i in impact_map.inputs],
        "outcomes": [_outcome(o) for o in impact_map.outcomes],
    }


def _input(item: Input) -> dict[str, Any]:
    data: dict[str, Any] = {
        "stakeholder": item.stakeholder,
        "description": item.description,
        "value": item.value,
        "year": item.year,
    }
    if item.price_year is not None:
        data["price_year"] = item.price_year
    return data


def _outcome(outcome: Outcome) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": outcome.id,
        "stakeholder": outcome.stakeholder,
        "description": outcome.description,
        "indicator": outcome.indicator,
        "quantity": outcome.quantity,
        "proxy": {
            "value": outcome.proxy.value,
            "description": outcome.proxy.description,
            "source": outcome.proxy.source,
        },
        "duration": outcome.duration,
        "start_year": outcome.start_year,
        "deadweight": outcome.deadweight,
        "displacement": outcome.displacement,
        "attribution": outcome.attribution,
        "drop_off": outcome.drop_off,
        "include": outcome.include,
    }
    if outcome.proxy.price_year is not None:
        data["proxy"]["price_year"] = outcome.proxy.price_year
    if outcome.ranges:
        data["ranges"] = {name: _range(name, r) for name, r in outcome.ranges.items()}
    return data


def _range(name: NumericField, value: Range) -> dict[str, float | int]:
    convert = int if name in INTEGER_FIELDS else float
    data: dict[str, float | int] = {"low": convert(value.low), "high": convert(value.high)}
    if value.mode is not None:
        data["mode"] = convert(value.mode)
    return data
