"""Reading and writing impact-map files: YAML, JSON and the .xlsx value map.

The format is chosen by the file's extension. Parsers are strict: a key given
twice is an error rather than last-one-wins, and YAML numbers follow YAML 1.2
(so `1e-05` written by a JSON tool is a number, not text).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from lac.value.errors import ImpactMapError
from lac.value.model import ImpactMap
from lac.value.serialise import impact_map_to_dict
from lac.value.validate import impact_map_from_dict
from lac.value.workbook import read_workbook, write_workbook

SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys and reads YAML 1.2 floats."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ImpactMapError.single(
                    f"line {key_node.start_mark.line + 1}: key {key!r} is given twice"
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |\.[0-9_]+(?:[eE][-+]?[0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ImpactMapError.single(f"key {key!r} is given twice")
        result[key] = value
    return result


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImpactMapError.single(
            f"unsupported file type {path.suffix or '(none)'!r}; use one of {', '.join(SUFFIXES)}"
        )
    return suffix


def load_impact_map(path: str | Path) -> ImpactMap:
    """Load and check an impact map from .yaml/.yml, .json or .xlsx.

    Raises ImpactMapError for a missing, unreadable or invalid file.
    """
    path = Path(path)
    suffix = _suffix(path)
    if suffix == ".xlsx":
        return read_workbook(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImpactMapError.single(f"cannot read {path}: {exc}") from exc
    return impact_map_from_dict(_parse(text, suffix))


def _parse(text: str, suffix: str) -> object:
    try:
        if suffix == ".json":
            return json.loads(text, object_pairs_hook=_no_duplicates)
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except json.JSONDecodeError as exc:
        raise ImpactMapError.single(f"not valid JSON: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ImpactMapError.single(f"not valid YAML: {' '.join(str(exc).split())}") from exc


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
