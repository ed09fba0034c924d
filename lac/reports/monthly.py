"""Monthly figures kept equal to the records, so the figures pages add up small totals.

The dashboard and the network comparison used to group every conversation of a
programme (a million at network scale) whenever a record had changed. Here each
programme keeps, per neighbourhood and month, the totals those pages add up
(:class:`~lac.reports.models.MonthlyFigure`): introductions by who made them,
conversations and minutes by how they happened, services avoided by unit cost,
and two counts of distinct people (those spoken with, by how; those supported,
by level and status now). A distinct person is counted once per financial
year, in the month of their first record in it, so the months from a financial
year's start add up without counting anyone twice; other periods are not
additive and the pages group the records for them as before.

How they stay equal: every change to a person's records is audited with the
person (lac.audit, in the same transaction as the change), so the audit trail
is the list of what changed. Before the figures are read, the writes audited
since they were last brought up to date are applied (:func:`bring_up_to_date`):
for each person written about, what their records add now is worked out and
the difference from what they added before (kept in
:class:`~lac.reports.models.PersonContribution`) is added to the totals. A
write about no one person (an import, or its undoing) recounts everyone of its
programme. So the first view after a change costs that change's people, not
the programme's records; the services that write need no extra call (and the
apps below reports cannot call up into it). ``lac rebuild_monthly_figures``
counts everything afresh, after a restore or a migration; with nothing counted
yet, the first read does it.

Source groups, unit-cost amounts and names are read at display time, never
kept, so a setting changed never leaves a kept total wrong.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from lac.audit.models import AuditEvent
from lac.casework.models import Conversation, Introduction
from lac.lib.periods import financial_year, financial_year_of
from lac.lib.replica import primary_reads
from lac.outcomes.models import AvoidedService
from lac.people.models import Person
from lac.reports.figures_cache import WRITES
from lac.reports.models import FiguresMark, MonthlyFigure, PersonContribution

INTRODUCTIONS = "introductions"
"""Introductions, keyed by source id ("" for none), where the introduction says the person lived."""
CONVERSATIONS = "conversations"
"""Conversations, keyed by mode, where the person lives now."""
MINUTES = "conversation_minutes"
"""Minutes recorded, keyed by mode (a conversation without a duration adds none)."""
CONVERSATION_PEOPLE = "conversation_people"
"""People spoken with, keyed by mode: once a financial year, in their first month of it."""
SUPPORTED = "supported"
"""People introduced to their programme or spoken with, keyed ``level:status`` (as they are
now): once a financial year, in their first month of it."""
AVOIDED_QUANTITY = "avoided_quantity"
"""Quantity of services avoided, keyed by unit cost id (valued when read)."""
AVOIDED_RECORDS = "avoided_records"
"""Records of services avoided, keyed by unit cost id."""

WHOLE_PROGRAMME = ("imports.",)
"""Object types of writes about many people at once, audited without a person."""

CHUNK = 500
"""People counted per query: short IN lists on every database."""

Place = tuple[int, int, date, str, str]
"""(programme, neighbourhood, month, measure, key): one kept total."""

Part = defaultdict[Place, Decimal]
"""Amounts by place: one person's part, a difference, or the totals."""


def _part() -> Part:
    return defaultdict(Decimal)


def _add_to(part: Part, other: Part, sign: int = 1) -> None:
    for place, value in other.items():
        part[place] += sign * value


# ---------------------------------------------------------------- periods


def month_start(day: date) -> date:
    return day.replace(day=1)


def whole_months(start: date, end: date) -> bool:
    """The period starts on a month's first day and ends on a month's last."""
    following = date(end.year + (end.month == 12), end.month % 12 + 1, 1)
    return start.day == 1 and (following - end).days == 1


def adds_up(start: date, end: date, *, distinct: bool) -> bool:
    """Whether the kept totals give this period's figures exactly.

    Sums (introductions, conversations) need whole months; distinct people
    also need the period to start a financial year and stay within it.
    """
    if not whole_months(start, end):
        return False
    if not distinct:
        return True
    first, last = financial_year(financial_year_of(start))
    return start == first and end <= last


# ---------------------------------------------------------------- one person's part


@dataclass(frozen=True)
class _Person:
    programme: int
    neighbourhood: int
    level: int
    status: str


def _month(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    it = iter(sorted(ids))
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def contributions(person_ids: Sequence[int]) -> dict[int, Part]:
    """What each person's records add to the kept totals now. Four queries.

    Merged-away people add nothing: their records count with the person kept.
    """
    people = {
        row["pk"]: _Person(
            row["neighbourhood__programme_id"], row["neighbourhood_id"], row["level"], row["status"]
        )
        for row in Person.objects.filter(pk__in=person_ids, merged_into__isnull=True).values(
            "pk", "neighbourhood_id", "neighbourhood__programme_id", "level", "status"
        )
    }
    parts: dict[int, Part] = {pk: _part() for pk in person_ids}
    active: dict[int, set[date]] = defaultdict(set)
    spoken: dict[tuple[int, str], set[date]] = defaultdict(set)
    ids = list(people)
    for row in (
        Conversation.objects.filter(person_id__in=ids)
        .annotate(month=TruncMonth("date"))
        .values("person_id", "mode", "month")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by()
    ):
        pk, month, mode = row["person_id"], _month(row["month"]), row["mode"]
        p = people[pk]
        parts[pk][(p.programme, p.neighbourhood, month, CONVERSATIONS, mode)] += Decimal(row["n"])
        parts[pk][(p.programme, p.neighbourhood, month, MINUTES, mode)] += Decimal(
            row["minutes"] or 0
        )
        spoken[(pk, mode)].add(month)
        active[pk].add(month)
    for intro in (
        Introduction.objects.filter(person_id__in=ids)
        .annotate(month=TruncMonth("date"))
        .values("person_id", "programme_id", "neighbourhood_id", "source_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        pk, month = intro["person_id"], _month(intro["month"])
        source = "" if intro["source_id"] is None else str(intro["source_id"])
        place = (intro["programme_id"], intro["neighbourhood_id"], month, INTRODUCTIONS, source)
        parts[pk][place] += Decimal(intro["n"])
        if intro["programme_id"] == people[pk].programme:
            active[pk].add(month)
    for pk, unit_cost, day, quantity in AvoidedService.objects.filter(
        person_id__in=ids
    ).values_list("person_id", "unit_cost_id", "date", "quantity"):
        p = people[pk]
        month = month_start(day)
        parts[pk][(p.programme, p.neighbourhood, month, AVOIDED_QUANTITY, str(unit_cost))] += (
            quantity
        )
        parts[pk][(p.programme, p.neighbourhood, month, AVOIDED_RECORDS, str(unit_cost))] += (
            Decimal(1)
        )
    for (pk, mode), months in spoken.items():
        p = people[pk]
        for first in _first_in_each_year(months):
            parts[pk][(p.programme, p.neighbourhood, first, CONVERSATION_PEOPLE, mode)] += Decimal(
                1
            )
    for pk, months in active.items():
        p = people[pk]
        for first in _first_in_each_year(months):
            place = (p.programme, p.neighbourhood, first, SUPPORTED, f"{p.level}:{p.status}")
            parts[pk][place] += Decimal(1)
    return parts


def _first_in_each_year(months: Iterable[date]) -> list[date]:
    firsts: dict[int, date] = {}
    for month in months:
        year = financial_year_of(month)
        if year not in firsts or month < firsts[year]:
            firsts[year] = month
    return list(firsts.values())


def _home(part: Part) -> int:
    """The programme a person's part is filed under (where most of it is counted)."""
    return Counter(place[0] for place in part).most_common(1)[0][0]


def _stored(part: Part) -> list[list[str | int]]:
    return [
        [programme, neighbourhood, month.isoformat(), measure, key, str(value)]
        for (programme, neighbourhood, month, measure, key), value in sorted(part.items())
        if value
    ]


def _loaded(rows: list[list[Any]]) -> Part:
    return defaultdict(
        Decimal, {(r[0], r[1], date.fromisoformat(r[2]), r[3], r[4]): Decimal(r[5]) for r in rows}
    )


# ---------------------------------------------------------------- keeping them equal


def recount_people(person_ids: Iterable[int]) -> int:
    """Apply the difference each person's records now make to the totals. Returns how many
    totals changed. Call inside a transaction holding the figures' lock (:func:`_claim`)."""
    changed = 0
    for chunk in _chunks(set(person_ids)):
        before = {
            c.person_id: _loaded(c.rows)
            for c in PersonContribution.objects.filter(person_id__in=chunk)
        }
        now = contributions(chunk)
        delta = _part()
        for pk in chunk:
            _add_to(delta, now[pk])
            _add_to(delta, before.get(pk, _part()), -1)
        changed += _add(delta)
        PersonContribution.objects.filter(person_id__in=chunk).delete()
        PersonContribution.objects.bulk_create(
            PersonContribution(person_id=pk, programme_id=_home(part), rows=_stored(part))
            for pk, part in now.items()
            if part
        )
    return changed


def _add(delta: Part) -> int:
    """Add ``delta`` to the kept totals: totals that reach nought are removed."""
    changes = {place: value for place, value in delta.items() if value}
    if not changes:
        return 0
    existing = {
        (f.programme_id, f.neighbourhood_id, f.month, f.measure, f.key): f
        for f in MonthlyFigure.objects.filter(
            programme__in={p[0] for p in changes},
            month__in={p[2] for p in changes},
            measure__in={p[3] for p in changes},
        )
    }
    created: list[MonthlyFigure] = []
    updated: list[MonthlyFigure] = []
    emptied: list[MonthlyFigure] = []
    for place, value in changes.items():
        figure = existing.get(place)
        if figure is None:
            programme, neighbourhood, month, measure, key = place
            created.append(
                MonthlyFigure(
                    programme_id=programme,
                    neighbourhood_id=neighbourhood,
                    month=month,
                    measure=measure,
                    key=key,
                    value=value,
                )
            )
        else:
            figure.value = Decimal(figure.value) + value
            (updated if figure.value else emptied).append(figure)
    MonthlyFigure.objects.bulk_create(created)
    MonthlyFigure.objects.bulk_update(updated, ["value"])
    MonthlyFigure.objects.filter(pk__in=[f.pk for f in emptied]).delete()
    return len(changes)


def _latest_write() -> int:
    return (
        AuditEvent.objects.filter(action__in=WRITES)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
        or 0
    )


def _claim() -> FiguresMark:
    """Lock the figures for this transaction (a write first, so SQLite takes its lock too)."""
    if not FiguresMark.objects.filter(pk=1).update(mark=F("mark")):
        # -1: nothing counted yet. Of two first readers at once, the second finds the row.
        FiguresMark.objects.get_or_create(pk=1, defaults={"mark": -1})
    return FiguresMark.objects.get(pk=1)


def bring_up_to_date() -> None:
    """Apply every write audited since the totals were last brought up to date.

    Two queries when nothing changed. Reads the primary, whatever the page reads.
    """
    with primary_reads():
        latest = _latest_write()
        done = FiguresMark.objects.filter(pk=1).values_list("mark", flat=True).first()
        if done is not None and done >= latest:
            return
        with transaction.atomic():
            mark = _claim()
            if mark.mark < 0:
                _rebuild(latest)
                return
            if mark.mark >= latest:
                return
            events = AuditEvent.objects.filter(
                pk__gt=mark.mark, pk__lte=latest, action__in=WRITES
            ).values_list("person_id", "object_type", "programme_id")
            people: set[int] = set()
            programmes: set[int] = set()
            for person, object_type, programme in events:
                if person is not None:
                    people.add(person)
                elif programme is not None and object_type.startswith(WHOLE_PROGRAMME):
                    programmes.add(programme)
            if programmes:
                people |= _everyone_in(programmes)
            recount_people(people)
            FiguresMark.objects.filter(pk=1).update(mark=latest)


def _everyone_in(programmes: set[int]) -> set[int]:
    """The programmes' people now, and those counted there before (deleted since, say)."""
    now = Person.objects.filter(neighbourhood__programme__in=programmes).values_list(
        "pk", flat=True
    )
    before = PersonContribution.objects.filter(programme_id__in=programmes).values_list(
        "person_id", flat=True
    )
    return set(now) | set(before)


def rebuild() -> int:
    """Count every person's records afresh into empty totals. Returns how many totals."""
    with primary_reads(), transaction.atomic():
        latest = _latest_write()
        _claim()
        return _rebuild(latest)


def _rebuild(latest: int) -> int:
    MonthlyFigure.objects.all().delete()
    PersonContribution.objects.all().delete()
    totals = _part()
    ids = Person.objects.order_by("pk").values_list("pk", flat=True)
    for chunk in _chunks(ids):
        parts = contributions(chunk)
        for part in parts.values():
            _add_to(totals, part)
        PersonContribution.objects.bulk_create(
            (
                PersonContribution(person_id=pk, programme_id=_home(part), rows=_stored(part))
                for pk, part in parts.items()
                if part
            ),
            batch_size=CHUNK,
        )
    MonthlyFigure.objects.bulk_create(
        (
            MonthlyFigure(
                programme_id=programme,
                neighbourhood_id=neighbourhood,
                month=month,
                measure=measure,
                key=key,
                value=value,
            )
            for (programme, neighbourhood, month, measure, key), value in totals.items()
            if value
        ),
        batch_size=2000,
    )
    FiguresMark.objects.filter(pk=1).update(mark=latest)
    return sum(1 for value in totals.values() if value)


# ---------------------------------------------------------------- reading


Totals = dict[tuple[int, date | None, str, str], Decimal]
"""(programme, month or None, measure, key) → total."""


def totals(
    programme_ids: Iterable[int],
    start: date,
    end: date,
    measures: Sequence[str],
    *,
    neighbourhood_ids: Sequence[int] | None = None,
    by_month: bool = False,
) -> Totals:
    """The kept totals of the period's months, brought up to date first. One query (plus
    the two of :func:`bring_up_to_date`), however many records."""
    bring_up_to_date()
    figures = MonthlyFigure.objects.filter(
        programme__in=list(programme_ids),
        month__gte=month_start(start),
        month__lte=end,
        measure__in=list(measures),
    )
    if neighbourhood_ids is not None:
        figures = figures.filter(neighbourhood__in=list(neighbourhood_ids))
    fields = (
        ["programme", "month", "measure", "key"] if by_month else ["programme", "measure", "key"]
    )
    return {
        (
            row["programme"],
            row["month"] if by_month else None,
            row["measure"],
            row["key"],
        ): Decimal(row["total"])
        for row in figures.values(*fields).annotate(total=Sum("value")).order_by()
    }


def recounted(programme_ids: Iterable[int]) -> dict[Place, Decimal]:
    """Every kept total of these programmes worked out from the records, for checking."""
    programmes = set(programme_ids)
    totals_now = _part()
    everyone = Person.objects.filter(
        Q(neighbourhood__programme__in=programmes) | Q(introductions__programme__in=programmes)
    ).values_list("pk", flat=True)
    for chunk in _chunks(set(everyone)):
        for part in contributions(chunk).values():
            _add_to(totals_now, part)
    return {place: value for place, value in totals_now.items() if value and place[0] in programmes}


def kept(programme_ids: Iterable[int]) -> dict[Place, Decimal]:
    """Every kept total of these programmes as stored."""
    return {
        (f.programme_id, f.neighbourhood_id, f.month, f.measure, f.key): Decimal(f.value)
        for f in MonthlyFigure.objects.filter(programme__in=list(programme_ids))
    }
