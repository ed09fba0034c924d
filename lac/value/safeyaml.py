"""Reading YAML and JSON that people upload, without letting a file take the service down.

Three guards, before and during parsing: a size bound on the file, a loader
that refuses YAML anchors and aliases (a few hundred bytes of nested aliases
expand to gigabytes: the "billion laughs"), and nesting too deep for the
parser reported as a problem rather than a crash. Duplicate keys are an error
rather than last-one-wins, and YAML numbers follow YAML 1.2 (so `1e-05`
written by a JSON tool is a number, not text).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from lac.value import messages as m
from lac.value.errors import Problem, ValueDataError

#: The largest map, rate card or deflator file read (a real one is a few kilobytes).
MAX_FILE_BYTES = 2 * 1024 * 1024


def too_large(size: int) -> Problem | None:
    """The problem with a file of `size` bytes over the limit, or None when it is within it."""
    if size <= MAX_FILE_BYTES:
        return None
    return Problem.of(
        (), m.TOO_LARGE, size=f"{size / 1024 / 1024:.1f}", limit=MAX_FILE_BYTES // 1024 // 1024
    )


def read_bounded(path: Path, error: type[ValueDataError]) -> str:
    """The text of `path` if it is within MAX_FILE_BYTES, else `error` saying so."""
    try:
        size = path.stat().st_size
        problem = too_large(size)
        if problem:
            raise error([problem])
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error.single_of((), m.CANNOT_READ, file=path, reason=exc) from exc


def _quoted(key: object) -> str:
    text = repr(key)
    return text if len(text) <= 60 else f"{text[:60]}…"


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases and rejects duplicate keys."""

    error: type[ValueDataError] = ValueDataError

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise self.error.single_of((), m.NO_ANCHORS, line=event.start_mark.line + 1)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise self.error.single_of(
                    (), m.KEY_TWICE_AT_LINE, line=key_node.start_mark.line + 1, key=_quoted(key)
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


def _loader_for(error: type[ValueDataError]) -> type[_StrictLoader]:
    return type("Loader", (_StrictLoader,), {"error": error})


def load_yaml(text: str, error: type[ValueDataError]) -> object:
    """Parse YAML text safely; any problem is raised as `error` with one clear message."""
    try:
        return yaml.load(text, Loader=_loader_for(error))  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())
        raise error.single_of((), m.NOT_YAML, detail=detail[:300]) from exc
    except RecursionError:
        raise error.single_of((), m.YAML_TOO_DEEP) from None


def _no_duplicates(error: type[ValueDataError]) -> Any:
    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise error.single_of((), m.KEY_TWICE, key=_quoted(key))
            result[key] = value
        return result

    return pairs_hook


def load_json(text: str, error: type[ValueDataError]) -> object:
    """Parse JSON text strictly (no duplicate keys); problems raised as `error`."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates(error))
    except json.JSONDecodeError as exc:
        raise error.single_of((), m.NOT_JSON, detail=exc) from exc
    except RecursionError:
        raise error.single_of((), m.JSON_TOO_DEEP) from None
