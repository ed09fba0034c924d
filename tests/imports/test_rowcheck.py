"""A checked row as the engine stages it: pickled between reading and saving."""

from __future__ import annotations

import pickle
from dataclasses import fields, replace
from datetime import date

from lac.imports.rowcheck import Row


def a_row() -> Row:
    return Row(
        sheet="2024",
        number=7,
        name="Ann Example",
        date_of_birth=date(1950, 3, 14),
        age_band="70_79",
        postcode="DE1 1AA",
        neighbourhood_id=3,
        coordinator_id=None,
        introduction_date=date(2021, 5, 4),
        source="gp",
        level=2,
        status="closed",
        closed_date=date(2022, 9, 1),
        closure_reason="goals-met",
        notes="Met at the library",
        key="r1:abc",
        challenges=("isolation", "money"),
        first_scores={1: 2, 2: 1},
        latest_scores={1: 4},
        first_date=date(2021, 5, 10),
        avoided=((5, 2.0),),
        equality={"sex": "F"},
    )


def test_a_row_comes_back_from_staging_with_every_field():
    row = a_row()
    again = pickle.loads(pickle.dumps([row, replace(row, number=8)]))
    assert again == [row, replace(row, number=8)]
    assert [getattr(again[0], f.name) for f in fields(Row)] == [
        getattr(row, f.name) for f in fields(Row)
    ]
    assert again[0].values() == row.values()
