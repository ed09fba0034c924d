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
    suppress_nested,
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


# --- Two breakdowns of the same people, protected together ---------------------------

#: Ethnic groups under the census's five headings: one small count under "Black" (3) and
#: one under "White" (2); every heading's own count is 5 or more.
UNDER_HEADINGS = [[6, 7, 8, 9, 10], [20, 3, 12], [5, 6, 7, 8], [45, 2, 0, 0, 9], [5, 6]]


def differenced(headings, cells):
    """What subtracting the shown answers from their shown heading gives away: the one
    hidden answer under a heading, whenever only one is hidden there."""
    found = []
    for heading, group in zip(headings, cells, strict=True):
        hidden = [c for c in group if isinstance(c, str)]
        if len(hidden) == 1 and not isinstance(heading, str):
            found.append(heading - sum(c for c in group if not isinstance(c, str)))
    return found


def test_each_table_protected_alone_can_be_differenced_to_reveal_a_small_count():
    flat = [v for g in UNDER_HEADINGS for v in g]
    detail, _ = suppress_column(flat)
    headings, _ = suppress_column([sum(g) for g in UNDER_HEADINGS])
    cells, start = [], 0
    for group in UNDER_HEADINGS:
        cells.append(detail[start : start + len(group)])
        start += len(group)
    assert 3 in differenced(headings, cells)  # Black: 35 - 20 - 12


def test_the_two_breakdowns_protected_together_give_nothing_away():
    nested = suppress_nested(UNDER_HEADINGS)
    assert nested.cells[1][1] == "<5" and nested.cells[3][1] == "<5"
    assert differenced(nested.headings, nested.cells) == []
    hidden_headings = [h for h in nested.headings if isinstance(h, str)]
    assert len(hidden_headings) != 1 or isinstance(nested.total, str)
    assert nested.total == sum(map(sum, UNDER_HEADINGS))  # the number of people stays shown
