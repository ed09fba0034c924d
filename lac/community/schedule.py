"""When does a recurring session happen? Plain date arithmetic, no database."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Recurrence(Protocol):
    freq: str
    interval: int
    weekday: str
    week_of_month: int | None
    dtstart: date | None
    valid_from: date | None
    valid_to: date | None


def week_of_month(day: date) -> int:
    """1 for the first seven days of the month, 2 for the next seven, and so on."""
    return (day.day - 1) // 7 + 1


def is_last_of_month(day: date) -> bool:
    return (day + timedelta(days=7)).month != day.month


def occurs_on(rule: Recurrence, day: date) -> bool:
    """True if the session meets on ``day``."""
    if WEEKDAY_CODES[day.weekday()] != rule.weekday:
        return False
    if rule.valid_from and day < rule.valid_from:
        return False
    if rule.valid_to and day > rule.valid_to:
        return False
    if rule.freq == "MONTHLY":
        if rule.week_of_month == -1:
            return is_last_of_month(day)
        return week_of_month(day) == rule.week_of_month
    if rule.interval > 1 and rule.dtstart:
        weeks = (day - rule.dtstart).days // 7
        return weeks % rule.interval == 0
    return True


def next_weekday(code: str, today: date) -> date:
    """The next date (today included) falling on the weekday ``code``."""
    target = WEEKDAY_CODES.index(code)
    return today + timedelta(days=(target - today.weekday()) % 7)
