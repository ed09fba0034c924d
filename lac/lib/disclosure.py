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
    columns = np.flatnonzero(hidden.ravel())
    if columns.size == 0:
        return []
    system = _equations(values.shape)[:, columns]
    rank = np.linalg.matrix_rank(system)
    found = []
    for k, index in enumerate(columns):
        unit = np.zeros((1, columns.size))
        unit[0, k] = 1
        if np.linalg.matrix_rank(np.vstack([system, unit])) == rank:
            found.append(int(index))
    return found


def suppress_grid(counts: Sequence[Sequence[float]], limit: int | None = None) -> Grid:
    """Hide small counts, and enough others that no hidden count can be worked out."""
    limit = limit or threshold()
    values = _augmented(counts)
    n, m = values.shape[0] - 1, values.shape[1] - 1
    primary = (values > 0) & (values < limit)
    hidden = primary.copy()
    while True:
        exposed = recoverable(values, hidden)
        if not exposed:
            break
        i, j = divmod(exposed[0], m + 1)
        # Hide the smallest shown non-zero entry in the same row or column.
        options = [
            (values[i, b], i, b) for b in range(m + 1) if not hidden[i, b] and values[i, b] > 0
        ]
        options += [
            (values[a, j], a, j) for a in range(n + 1) if not hidden[a, j] and values[a, j] > 0
        ]
        if not options:  # pinned through several equations: widen to the whole table
            options = [
                (values[a, b], a, b)
                for a in range(n + 1)
                for b in range(m + 1)
                if not hidden[a, b] and values[a, b] > 0
            ]
        if not options:
            break  # every non-zero entry is hidden: nothing left to give away
        _, a, b = min(options)
        hidden[a, b] = True

    def shown(a: int, b: int) -> Cell:
        value = values[a, b]
        number: Cell = int(value) if float(value).is_integer() else float(value)
        if primary[a, b]:
            return label(limit)
        return SECONDARY if hidden[a, b] else number

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
