from datetime import date

import pytest

from lac.lib.periods import (
    default_period,
    financial_year_of,
    last_complete_financial_year,
    months_after,
)


@pytest.mark.parametrize(
    ("today", "year"),
    [(date(2026, 3, 31), 2025), (date(2026, 4, 1), 2026), (date(2026, 11, 30), 2026)],
)
def test_a_financial_year_runs_april_to_march(today, year):
    assert financial_year_of(today) == year
    assert default_period(today) == (date(year, 4, 1), date(year + 1, 3, 31))
    assert last_complete_financial_year(today) == (date(year - 1, 4, 1), date(year, 3, 31))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 7, 31), -6, date(2026, 1, 31)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_months_after_keeps_the_day_within_the_month(day, months, expected):
    assert months_after(day, months) == expected
