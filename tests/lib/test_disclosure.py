import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lac.lib.disclosure import (
    SECONDARY,
    _augmented,
    recoverable,
    suppress_column,
    suppress_grid,
    suppress_value,
)


def hidden_mask(grid):
    rows = [[*r, t] for r, t in zip(grid.cells, grid.row_totals, strict=True)]
    rows.append([*grid.column_totals, grid.total])
    return np.array([[isinstance(v, str) for v in r] for r in rows])


def test_counts_from_one_to_four_are_shown_as_fewer_than_five():
    assert [suppress_value(v) for v in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 12]


def test_the_threshold_can_be_configured(settings):
    settings.LAC_SUPPRESSION_THRESHOLD = 10
    assert suppress_value(7) == "<10"
    assert suppress_value(10) == 10


def test_a_suppressed_cell_cannot_be_recovered_from_its_row_and_column_totals():
    counts = [[3, 20, 15], [12, 9, 30], [40, 25, 18]]
    grid = suppress_grid(counts)
    assert grid.cells[0][0] == "<5"
    # Row 0 total (38) minus 20 and 15 would give 3 back: so something else is hidden.
    hidden = hidden_mask(grid)
    assert hidden.sum() >= 4
    assert recoverable(_augmented(counts), hidden) == []
    # And every shown number is the true one.
    values = _augmented(counts)
    for (i, j), is_hidden in np.ndenumerate(hidden):
        if not is_hidden:
            row = (
                [*grid.cells[i], grid.row_totals[i]] if i < 3 else [*grid.column_totals, grid.total]
            )
            assert row[j] == values[i, j]


def test_cells_hidden_only_to_protect_others_are_marked_differently():
    cells, total = suppress_column([3, 10, 12])
    assert cells[0] == "<5"
    assert SECONDARY in cells  # the 10, or else the total would give the 3 away
    assert total == 25 or total == SECONDARY


def test_a_table_with_nothing_small_is_shown_in_full():
    grid = suppress_grid([[5, 6], [7, 8]])
    assert grid.cells == [[5, 6], [7, 8]]
    assert grid.row_totals == [11, 15] and grid.column_totals == [12, 14] and grid.total == 26


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=5),
        min_size=1,
        max_size=5,
    ).filter(lambda rows: len({len(r) for r in rows}) == 1)
)
def test_no_hidden_count_can_ever_be_worked_out(counts):
    grid = suppress_grid(counts)
    assert recoverable(_augmented(counts), hidden_mask(grid)) == []
    for row, shown in zip(counts, grid.cells, strict=True):
        for value, cell in zip(row, shown, strict=True):
            if 0 < value < 5:
                assert cell == "<5"


@pytest.mark.parametrize("values", [[0, 0, 7], [1], [4, 4]])
def test_small_columns_hide_their_totals_too(values):
    cells, total = suppress_column(values)
    if sum(values) < 5 and sum(values) > 0:
        assert total == "<5"


def test_an_empty_column_totals_nothing():
    assert suppress_column([]) == ([], 0)
