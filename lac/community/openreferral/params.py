"""Reading the feed's query parameters, each refused with a message naming it.

A consumer who sends ``day=Sunday`` or ``minimum_age=ten`` is told which
parameter is wrong and what it should look like (a JSON 400), rather than
being given an unfiltered list that looks like an answer.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time
from decimal import Decimal, InvalidOperation

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from lac.community.models import Weekday

DAYS = tuple(Weekday.values)


class BadParameter(ValueError):
    """A query parameter the feed cannot honour; its message is shown to the consumer."""


def whole_number(query: QueryDict, name: str, default: int) -> int:
    raw = query.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number of 1 or more") from None
    if value < 1:
        raise BadParameter(f"{name} must be a whole number of 1 or more")
    return value


def number(query: QueryDict, name: str) -> Decimal | None:
    """A number of 0 or more (ages, metres), or None when not asked for."""
    raw = query.get(name, "").strip()
    if raw == "":
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise BadParameter(f"{name} must be a number of 0 or more, such as 18") from None
    if not value.is_finite() or value < 0 or value > 10**9:
        raise BadParameter(f"{name} must be a number of 0 or more, such as 18")
    return value


def uuid_param(query: QueryDict, name: str) -> uuid.UUID | None:
    raw = query.get(name, "")
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a UUID") from None


def flag(query: QueryDict, name: str) -> bool:
    return query.get(name, "").lower() in {"true", "1", "yes"}


def day(query: QueryDict) -> str | None:
    """A day as RFC 5545 spells it (``MO`` … ``SU``), the form HSDS schedules use."""
    raw = query.get("day", "").strip().upper()
    if raw == "":
        return None
    if raw not in DAYS:
        raise BadParameter(f"day must be one of {', '.join(DAYS)} (SU is Sunday)")
    return raw


def local_time(raw: str) -> time:
    """An HSDS time of day (``09:30``, ``09:30:00``, ``09:30Z``, ``09:30+01:00``) as the
    programme's wall-clock time, the way opening times are kept; ValueError if it is none."""
    parsed = time.fromisoformat(raw.strip())
    if parsed.tzinfo is not None:
        moment = datetime.combine(timezone.localdate(), parsed)
        parsed = timezone.localtime(moment).time()
    return parsed.replace(microsecond=0)


def clock_time(query: QueryDict, name: str) -> time | None:
    raw = query.get(name, "").strip()
    if raw == "":
        return None
    try:
        return local_time(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a time of day such as 09:30") from None


def moment(query: QueryDict, name: str) -> datetime | None:
    """A date or date-time as an aware UTC moment; a date that cannot exist is refused."""
    raw = query.get(name, "")
    if raw == "":
        return None
    problem = f"{name} must be a real date or date-time (ISO 8601), such as 2025-04-01"
    try:
        parsed = parse_datetime(raw)
        if parsed is None:
            found = parse_date(raw)
            if found is None:
                raise BadParameter(problem)
            parsed = datetime(
                found.year, found.month, found.day, tzinfo=timezone.get_current_timezone()
            )
        if parsed.tzinfo is None:
            parsed = timezone.make_aware(parsed)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # 30 February; a year-9999 offset past the calendar
        raise BadParameter(problem) from None
