"""Fuzzing the value engine's loaders: whatever comes in, only ImpactMapError goes out.

A council uploads impact maps as YAML, JSON or a workbook; a mistake in one
must come back as a message naming the problem, never as a crash.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from lac.value import ImpactMapError, impact_map_from_dict, load_impact_map, save_impact_map
from tests.evaluation.factories import derby_document

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["", "0", "1e309", "-1", "50%", "NaN", "2024-25", "yes", "∞"])
)
json_ish = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)


def loads_or_refuses(load: Any, *args: Any) -> None:
    try:
        impact_map = load(*args)
    except ImpactMapError as error:
        assert str(error).strip(), "the error must say what is wrong"
    else:
        assert impact_map.outcomes is not None


@FUZZ
@given(json_ish)
@example({"stakeholders": None})
@example({"outcomes": [{"id": 1}]})
def test_any_json_like_data_loads_or_is_refused_with_an_impact_map_error(data):
    loads_or_refuses(impact_map_from_dict, data)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [prefix] + [p for k, v in value.items() for p in _paths(v, (*prefix, k))]
    if isinstance(value, list):
        return [prefix] + [p for i, v in enumerate(value) for p in _paths(v, (*prefix, i))]
    return [prefix]


DERBY = derby_document()
DERBY_PATHS = [p for p in _paths(DERBY) if p]


@FUZZ
@given(
    st.lists(st.tuples(st.sampled_from(DERBY_PATHS), json_ish), min_size=1, max_size=4),
)
def test_a_real_impact_map_with_any_values_changed_loads_or_is_refused(changes):
    """Mutations deep inside a valid document reach the detailed validation."""
    document = copy.deepcopy(DERBY)
    for path, value in changes:
        target = document
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    loads_or_refuses(impact_map_from_dict, document)


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".xlsx"])
@FUZZ
@given(content=st.binary(max_size=2000))
def test_random_bytes_in_any_format_are_refused_with_an_impact_map_error(
    tmp_path_factory, suffix, content
):
    path = tmp_path_factory.mktemp("fuzz") / f"map{suffix}"
    path.write_bytes(content)
    loads_or_refuses(load_impact_map, path)


@FUZZ
@given(st.text(max_size=300))
def test_random_text_as_yaml_or_json_is_refused_with_an_impact_map_error(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzz")
    for suffix in (".yaml", ".json"):
        path = folder / f"map{suffix}"
        path.write_text(text, encoding="utf-8")
        loads_or_refuses(load_impact_map, path)


@pytest.fixture(scope="module")
def derby_workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("derby") / "derby.xlsx"
    save_impact_map(impact_map_from_dict(DERBY), path)
    return path


cell_values = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**15), max_value=10**15)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30
    )  # openpyxl refuses control characters in cells
    | st.dates()
    | st.datetimes()
)


@FUZZ
@given(data=st.data())
def test_a_real_workbook_with_random_cells_loads_or_is_refused(
    derby_workbook, tmp_path_factory, data
):
    book = load_workbook(derby_workbook)
    for _ in range(data.draw(st.integers(1, 6))):
        sheet = book[data.draw(st.sampled_from(book.sheetnames))]
        row = data.draw(st.integers(1, max(sheet.max_row + 1, 2)))
        column = data.draw(st.integers(1, max(sheet.max_column + 1, 2)))
        sheet.cell(row=row, column=column).value = data.draw(cell_values)
    path = tmp_path_factory.mktemp("fuzz") / "changed.xlsx"
    book.save(path)
    loads_or_refuses(load_impact_map, path)


def test_the_fuzzing_reaches_valid_maps_too():
    """The strategies are not all rejects: the untouched document loads."""
    impact_map = impact_map_from_dict(copy.deepcopy(DERBY))
    assert len(impact_map.outcomes) == len(DERBY["outcomes"])
