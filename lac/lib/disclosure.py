"""Statistical disclosure control for aggregates that leave the personal-data boundary.

The one rule for small numbers, applied in selectors (never templates) to
whatever leaves for a role that sees aggregates only: pages, files and the API.

Counts from 1 to ``threshold - 1`` are *primary* suppressed (shown as "<5");
counts hidden only to protect them are shown as "[c]" (confidential).
A total beside a suppressed cell could give it away (total minus the other
cells), so *secondary* suppression hides more: the table is taken with its
row totals, column totals and grand total, and cells are hidden until no
hidden value can be worked out from the shown ones — checked exactly, as
linear algebra over every "cells add up to their total" equation. Zeros are
shown: "none" reveals nothing about any one person.

Two tables of the same people can give away what each protects on its own: an
answer hidden in a table of detailed groups is the difference between its
heading's count in a table of headings and the answers shown beside it.
:func:`suppress_nested` protects such a pair together, over both tables'
equations at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings

Cell = int | float | str


SECONDARY = "[c]"
"""Shown for a count hidden only so that a small one cannot be worked out from a total."""


def threshold() -> int:
    """The smallest count shown as it is (``LAC_SUPPRESSION_THRESHOLD``, 5 by default)."""
    threshold: int = settings.LAC_SUPPRESSION_THRESHOLD
    return threshold


def label(limit: int | None = None) -> str:
    return f"<{limit or threshold()}"


def is_small(value: float, limit: int | None = None) -> bool:
    return 0 < value < (limit or threshold())


def suppress_value(value: float, limit: int | None = None) -> Cell:
    """One count on its own, with no total beside it."""
    return label(limit) if is_small(value, limit) else value


@dataclass(frozen=True)
class Grid:
    """A table of counts with its row and column totals, safe to show."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell


def _augmented(counts: Sequence[Sequence[float]]) -> np.ndarray:
    table = np.array(counts, dtype=float).reshape(len(counts), -1)
    with_rows = np.hstack([table, table.sum(axis=1, keepdims=True)])
    return np.vstack([with_rows, with_rows.sum(axis=0, keepdims=True)])


def _equations(shape: tuple[int, int]) -> np.ndarray:
    """One row per "cells add up to the total" equation over the augmented table."""
    n, m = shape[0] - 1, shape[1] - 1
    equations = []
    for i in range(n + 1):
        e = np.zeros(shape)
        e[i, :m], e[i, m] = 1, -1
        equations.append(e.ravel())
    for j in range(m + 1):
        e = np.zeros(shape)
        e[:n, j], e[n, j] = 1, -1
        equations.append(e.ravel())
    return np.array(equations)


def recoverable(values: np.ndarray, hidden: np.ndarray) -> list[int]:
    """Flat indexes of hidden entries that the shown entries and the equations pin down."""
    return _pinned(_equations(values.shape), hidden.ravel())


def _pinned(equations: np.ndarray, hidden: np.ndarray) -> list[int]:
    """Indexes of hidden variables that ``equations`` (each row: coefficients summing to
    zero) and the shown variables determine exactly."""
    columns = np.flatnonzero(hidden)
    if columns.size == 0:
        return []
    system = equations[:, columns]
    rank = np.linalg.matrix_rank(system)
    found = []
    for k, index in enumerate(columns):
        unit = np.zeros((1, columns.size))
        unit[0, k] = 1
        if np.linalg.matrix_rank(np.vstack([system, unit])) == rank:
            found.append(int(index))
    return found


def _hide(values: np.ndarray, equations: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Which of ``values`` (flat) are small, and which must be hidden so that no hidden
    value can be worked out from the shown ones through ``equations``.

    While some hidden value is pinned down, the smallest shown non-zero value sharing
    an equation with it is hidden too (in a grid: the same row or column), else the
    smallest anywhere.
    """
    primary = (values > 0) & (values < limit)
    hidden = primary.copy()
    while True:
        exposed = _pinned(equations, hidden)
        if not exposed:
            break
        linked = np.flatnonzero(np.abs(equations[equations[:, exposed[0]] != 0]).sum(axis=0))
        options = [(values[k], int(k)) for k in linked if not hidden[k] and values[k] > 0]
        if not options:  # pinned through several equations: widen to every value
            options = [
                (values[k], k) for k in range(values.size) if not hidden[k] and values[k] > 0
            ]
        if not options:
            break  # every non-zero value is hidden: nothing left to give away
        hidden[min(options)[1]] = True
    return primary, hidden


def _shown(value: float, small: bool, hidden: bool, limit: int) -> Cell:
    if small:
        return label(limit)
    if hidden:
        return SECONDARY
    return int(value) if float(value).is_integer() else float(value)


def suppress_grid(counts: Sequence[Sequence[float]], limit: int | None = None) -> Grid:
    """Hide small counts, and enough others that no hidden count can be worked out."""
    limit = limit or threshold()
    values = _augmented(counts)
    n, m = values.shape[0] - 1, values.shape[1] - 1
    primary, hidden = _hide(values.ravel(), _equations(values.shape), limit)

    def shown(a: int, b: int) -> Cell:
        k = a * (m + 1) + b
        return _shown(values[a, b], primary[k], hidden[k], limit)

    return Grid(
        cells=[[shown(a, b) for b in range(m)] for a in range(n)],
        row_totals=[shown(a, m) for a in range(n)],
        column_totals=[shown(n, b) for b in range(m)],
        total=shown(n, m),
    )


def suppress_column(values: Sequence[float], limit: int | None = None) -> tuple[list[Cell], Cell]:
    """A single column of counts and its total (an empty column totals 0)."""
    if not values:
        return [], 0
    grid = suppress_grid([[v] for v in values], limit)
    return [row[0] for row in grid.cells], grid.column_totals[0] if grid.column_totals else 0


@dataclass(frozen=True)
class Nested:
    """Counts under headings, safe to show twice: each count, and each heading's total."""

    cells: list[list[Cell]]
    headings: list[Cell]
    total: Cell


def suppress_nested(groups: Sequence[Sequence[float]], limit: int | None = None) -> Nested:
    """Detailed counts under their headings (ethnic groups under the census's five), for a
    table of the detail and a table of the headings shown side by side: protected
    together, so neither can be subtracted from the other to find a small count."""
    limit = limit or threshold()
    sizes = [len(g) for g in groups]
    detail = [float(v) for g in groups for v in g]
    headings = [float(sum(g)) for g in groups]
    values = np.array([*detail, *headings, sum(headings)])
    d, h = len(detail), len(headings)
    equations = []
    start = 0
    for i, size in enumerate(sizes):  # the answers under a heading add up to it
        e = np.zeros(values.size)
        e[start : start + size], e[d + i] = 1, -1
        equations.append(e)
        start += size
    for span in (slice(0, d), slice(d, d + h)):  # the answers, and the headings, make the total
        e = np.zeros(values.size)
        e[span], e[-1] = 1, -1
        equations.append(e)
    primary, hidden = _hide(values, np.array(equations), limit)
    shown = [_shown(values[k], primary[k], hidden[k], limit) for k in range(values.size)]
    cells, start = [], 0
    for size in sizes:
        cells.append(shown[start : start + size])
        start += size
    return Nested(cells=cells, headings=shown[d : d + h], total=shown[-1])
