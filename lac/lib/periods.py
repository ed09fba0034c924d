"""Financial years (April to March), and the one period every figures page opens on.

The dashboard, the outcomes summary, the network comparison and the extract
all open on :func:`default_period` when the viewer has chosen nothing, so
two pages never show different years for the same "nothing chosen".
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date


def financial_year_of(day: date) -> int:
    """The year a financial year (April to March) starts in."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year(first: int) -> tuple[date, date]:
    """The first and last day of the financial year starting in April of ``first``."""
    return date(first, 4, 1), date(first + 1, 3, 31)


def default_period(today: date) -> tuple[date, date]:
    """The period a figures page shows until the viewer chooses: this financial year."""
    return financial_year(financial_year_of(today))


def last_complete_financial_year(today: date) -> tuple[date, date]:
    """The latest financial year that has ended by ``today``."""
    return financial_year(financial_year_of(today) - 1)


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier, when negative), kept within the month.

    31 August and six months is 28 February (29 in a leap year): a date that
    a month lacks becomes that month's last day, as people count months.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))
