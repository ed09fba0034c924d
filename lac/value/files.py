"""Reading and writing impact-map files: YAML, JSON and the .xlsx value map.

The format is chosen by the file's extension; text formats are parsed by
safeyaml's bounded, alias-free, duplicate-refusing parsers.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from lac.value import messages as m
from lac.value.deflators import DeflatorTable
from lac.value.errors import ImpactMapError
from lac.value.model import ImpactMap
from lac.value.safeyaml import load_json, load_yaml, read_bounded, too_large
from lac.value.serialise import impact_map_to_dict
from lac.value.validate import impact_map_from_dict
from lac.value.workbook import read_workbook, write_workbook

SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImpactMapError.single_of(
            (),
            m.UNSUPPORTED_FILE,
            suffix=repr(path.suffix or "(none)"),
            allowed=", ".join(SUFFIXES),
        )
    return suffix


def load_impact_map(path: str | Path, deflators: DeflatorTable | None = None) -> ImpactMap:
    """Load and check an impact map from .yaml/.yml, .json or .xlsx.

    `deflators` restates price years when the map has no series of its own
    (default: the shipped HM Treasury release). Raises ImpactMapError for a
    missing, unreadable, oversized or invalid file.
    """
    path = Path(path)
    suffix = _suffix(path)
    if suffix == ".xlsx":
        problem = too_large(path.stat().st_size) if path.exists() else None
        if problem:
            raise ImpactMapError([problem])
        return read_workbook(path, deflators)
    text = read_bounded(path, ImpactMapError)
    if suffix == ".json":
        return impact_map_from_dict(load_json(text, ImpactMapError), deflators)
    return impact_map_from_dict(load_yaml(text, ImpactMapError), deflators)


def save_impact_map(impact_map: ImpactMap, path: str | Path) -> None:
    """Write the map in the format its extension names."""
    path = Path(path)
    suffix = _suffix(path)
    if suffix == ".xlsx":
        write_workbook(impact_map, path)
    elif suffix == ".json":
        path.write_text(json.dumps(impact_map_to_dict(impact_map), indent=2) + "\n", "utf-8")
    else:
        text = yaml.safe_dump(impact_map_to_dict(impact_map), sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
