from datetime import date

import pytest

from lac.lib.periods import default_period, financial_year_of, last_complete_financial_year


@pytest.mark.parametrize(
    ("today", "year"),
    [(date(2026, 3, 31), 2025), (date(2026, 4, 1), 2026), (date(2026, 11, 30), 2026)],
)
def test_a_financial_year_runs_april_to_march(today, year):
    assert financial_year_of(today) == year
    assert default_period(today) == (date(year, 4, 1), date(year + 1, 3, 31))
    assert last_complete_financial_year(today) == (date(year - 1, 4, 1), date(year, 3, 31))
