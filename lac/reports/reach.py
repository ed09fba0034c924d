"""Who the programme reaches, and whether outcomes differ: the dashboard's tables by each
equality answer and by the deprivation of people's areas.

For each characteristic, one table of reach (introductions and people supported, their
share, beside the share of the neighbourhoods' residents where the programme loaded the
census counts, ``lac population``) and one of outcomes (distance travelled, outcome
events and services avoided). Ethnic group is shown twice, by the census's five headings
and in detail; the pair is suppressed together (``Table.nested_in``), so one cannot be
subtracted from the other. Three queries for every reach table together, four for each
outcomes table, however many people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from lac.casework.models import Conversation
from lac.lib.disclosure import Cell
from lac.outcomes.selectors import EVERY_LEVEL, confidence_text, outcomes_by_group, prices_in
from lac.people.equality import (
    ETHNIC_HEADINGS,
    PREFER_NOT_TO_SAY,
    PREFER_NOT_TO_SAY_LABEL,
    QUESTIONS,
    ethnic_heading,
    question,
)
from lac.people.models import Person, deprivation_choices
from lac.reports import figures_cache
from lac.reports.population import population_shares
from lac.reports.tables import NOT_RECORDED, Column, Table

if TYPE_CHECKING:
    from lac.reports.dashboard import Filter


def _heading(answer: str) -> str:
    return ethnic_heading(answer) or answer or ""


@dataclass(frozen=True)
class Characteristic:
    field: str
    """The person field counted."""
    name: str
    """The tables' key part: reach_<name>, outcomes_by_<name>."""
    words: StrOrPromise
    header: StrOrPromise
    answers: tuple[tuple[str, StrOrPromise], ...]
    fold: Callable[[str], str] | None = None
    """Puts answers together under a heading (ethnic groups under the census's five)."""

    def key(self, answer: str) -> str:
        return self.fold(answer) if self.fold else answer or ""


def _asked(field: str, words: StrOrPromise) -> Characteristic:
    q = question(field)
    return Characteristic(field, field, words, q.short, tuple(q.choices.choices))


ETHNIC_HEADING = Characteristic(
    "ethnic_group",
    "ethnic_heading",
    _("ethnic group (the census's five headings)"),
    _("Ethnic group"),
    (*ETHNIC_HEADINGS, (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)),
    fold=_heading,
)
ETHNIC_GROUP = _asked("ethnic_group", _("ethnic group"))
DEPRIVATION = Characteristic(
    "deprivation",
    "deprivation",
    _("deprivation of their area (index of multiple deprivation decile)"),
    _("Area's decile"),
    tuple(deprivation_choices()),
)
CHARACTERISTICS = (
    _asked("sex", _("sex")),
    _asked("gender_identity", _("gender identity (the same as sex registered at birth)")),
    ETHNIC_HEADING,
    ETHNIC_GROUP,
    _asked("disability", _("disability (Equality Act)")),
    _asked("religion", _("religion")),
    _asked("sexual_orientation", _("sexual orientation")),
    DEPRIVATION,
)
#: The characteristics outcomes are broken down by (ethnic group by its headings only).
OUTCOME_CHARACTERISTICS = tuple(c for c in CHARACTERISTICS if c is not ETHNIC_GROUP)
FIELDS = (*(q.field for q in QUESTIONS), "deprivation")


def _counts(f: Filter) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Introductions, and people supported, grouped by every characteristic at once."""
    intros = list(
        f.introductions()
        .values(*(f"person__{field}" for field in FIELDS))
        .annotate(n=Count("pk"))
        .order_by()
    )
    spoke = Exists(
        Conversation.objects.filter(person=OuterRef("pk"), date__gte=f.start, date__lte=f.end)
    )
    people = list(
        Person.objects.filter(f.people_q())
        .filter(spoke | Q(pk__in=f.introductions().values("person_id")))
        .values(*FIELDS)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return (
        [{**{k.removeprefix("person__"): v for k, v in r.items()}} for r in intros],
        people,
    )


def reach(f: Filter) -> list[Table]:
    """A reach table per characteristic, from three queries."""
    intros, people = f.kept("reach", lambda: _counts(f))
    shares = population_shares(f.programme, f.neighbourhood_ids)
    tables = [_reach_table(c, intros, people, shares) for c in CHARACTERISTICS]
    detail = next(t for t in tables if t.key == f"reach_{ETHNIC_GROUP.name}")
    headings = next(t for t in tables if t.key == f"reach_{ETHNIC_HEADING.name}")
    place = {name: i for i, (name, _) in enumerate(headings.rows)}
    words = dict(ETHNIC_HEADING.answers)
    codes = {label: code for code, label in ETHNIC_GROUP.answers}
    detail.nested_in = headings.key
    detail.heading_rows = [
        place[words.get(_heading(codes.get(name, "")), NOT_RECORDED)] for name, _ in detail.rows
    ]
    return tables


def _reach_table(
    c: Characteristic,
    intros: list[dict[str, Any]],
    people: list[dict[str, Any]],
    shares: dict[str, dict[str, float]],
) -> Table:
    counted: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for column, grouped in enumerate((intros, people)):
        for r in grouped:
            counted[c.key(r[c.field])][column] += r["n"]
    residents: dict[str, float] = defaultdict(float)
    for answer, share in shares.get(c.field, {}).items():
        residents[c.key(answer)] += share
    # Shares of those whose answer is recorded ("Prefer not to say" is an answer), as the
    # residents' shares are of those the census counted: a base that took in people never
    # asked would set the two columns side by side on different footings.
    total_people = sum(n for code, (_, n) in counted.items() if code != "") or 1
    order = [*c.answers, ("", NOT_RECORDED)]
    rows: list[tuple[StrOrPromise, list[Cell]]] = []
    for code, label in order:
        n_intros, n_people = counted.get(code, [0, 0])
        if not (n_intros or n_people or residents.get(code)):
            continue
        supported: Cell = round(n_people / total_people * 100, 1) if code else ""
        values: list[Cell] = [n_intros, n_people, supported]
        if residents:
            values.append(round(residents[code], 1) if code in residents else "")
        rows.append((label, values))
    columns = [
        Column(gettext("Introductions")),
        Column(gettext("People supported")),
        Column(gettext("People supported (%)"), kind="percent", depends_on=1),
    ]
    if residents:
        columns.append(Column(gettext("Residents (%)"), kind="percent", additive=False))
    return Table(
        f"reach_{c.name}",
        gettext("Who the programme reaches: {characteristic}").format(characteristic=c.words),
        c.header,
        columns,
        rows,
        note=" ".join(
            (
                gettext(
                    "Introductions made, and people introduced or spoken with, in the period. "
                    "People supported (%): of those whose answer is recorded."
                ),
                gettext(
                    "Residents: the chosen neighbourhoods' census counts as the programme "
                    "loaded them."
                )
                if residents
                else gettext(
                    "Load the neighbourhoods' census counts (lac population) to compare "
                    "with residents."
                ),
            )
        ),
    )


def outcomes_by_characteristic(f: Filter, c: Characteristic) -> Table:
    """Distance travelled, outcome events and services avoided for each answer. Four queries."""
    prices = f.prices or prices_in()
    groups = f.kept(
        f"outcomes_by_{c.name}:{prices.year}:{prices.deflators.label}",
        lambda: outcomes_by_group(f.outcomes, group=c.field, prices=prices, fold=c.fold),
        outlives=figures_cache.EVERYDAY_RECORD,
    )
    by_key = {g.value: g for g in groups}
    rows: list[tuple[StrOrPromise, list[Cell]]] = []
    for code, label in [*c.answers, ("", NOT_RECORDED)]:
        g = by_key.get(code)
        if g is None or not (g.distance.n or g.events or g.avoided_records):
            continue
        rows.append(
            (
                label,
                [
                    g.distance.n,
                    round(g.distance.average_change or 0, 2),
                    round(g.distance.improved_percent or 0, 1),
                    g.events,
                    g.avoided_records,
                    float(g.avoided_value),
                ],
            )
        )
    return Table(
        f"outcomes_by_{c.name}",
        gettext("Outcomes by {characteristic} ({year} prices)").format(
            characteristic=c.words, year=prices.year
        ),
        c.header,
        [
            Column(gettext("People scored twice")),
            Column(gettext("Average change"), kind="number", depends_on=0, additive=False),
            Column(gettext("Improved (%)"), kind="percent", depends_on=0),
            Column(gettext("Outcome events")),
            Column(gettext("Services avoided")),
            Column(gettext("Value avoided"), kind="money", depends_on=4),
        ],
        rows,
        note=gettext(
            "People scored twice: each person's average over the life areas scored at first "
            "and latest. Services avoided count {confidence}, restated to {year} prices with "
            "{series}."
        ).format(
            confidence=confidence_text(EVERY_LEVEL), year=prices.year, series=prices.deflators.label
        ),
    )
