from datetime import date, time

from lac.community.models import Frequency, OpeningTime
from lac.community.schedule import next_weekday, occurs_on


def rule(**kwargs) -> OpeningTime:
    defaults = {"weekday": "TU", "opens_at": time(10), "closes_at": time(12)}
    return OpeningTime(**(defaults | kwargs))


def test_a_weekly_session_meets_on_its_weekday_only():
    tuesday = date(2026, 3, 3)
    assert occurs_on(rule(), tuesday)
    assert not occurs_on(rule(), date(2026, 3, 4))


def test_a_fortnightly_session_skips_the_week_between():
    fortnightly = rule(interval=2, dtstart=date(2026, 3, 3))
    assert occurs_on(fortnightly, date(2026, 3, 17))
    assert not occurs_on(fortnightly, date(2026, 3, 10))


def test_a_monthly_session_meets_on_the_nth_weekday():
    second_tuesday = rule(freq=Frequency.MONTHLY, week_of_month=2)
    assert occurs_on(second_tuesday, date(2026, 3, 10))
    assert not occurs_on(second_tuesday, date(2026, 3, 3))


def test_a_last_friday_session_meets_on_the_last_friday_even_in_a_five_friday_month():
    last_friday = rule(weekday="FR", freq=Frequency.MONTHLY, week_of_month=-1)
    assert occurs_on(last_friday, date(2026, 1, 30))  # January 2026 has five Fridays
    assert not occurs_on(last_friday, date(2026, 1, 23))


def test_a_session_outside_its_dates_does_not_meet():
    summer = rule(valid_from=date(2026, 6, 1), valid_to=date(2026, 8, 31))
    assert not occurs_on(summer, date(2026, 3, 3))
    assert occurs_on(summer, date(2026, 6, 2))


def test_byday_is_written_as_rfc_5545_spells_it():
    assert rule().byday == "TU"
    assert rule(freq=Frequency.MONTHLY, week_of_month=-1, weekday="FR").byday == "-1FR"


def test_next_weekday_counts_today():
    wednesday = date(2026, 3, 4)
    assert next_weekday("WE", wednesday) == wednesday
    assert next_weekday("MO", wednesday) == date(2026, 3, 9)
