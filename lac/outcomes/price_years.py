"""Every stored price year that a page or a new run restates with the deflator series in use.

A GDP deflator release replaces the series whole (``lac deflators load``,
:func:`lac.outcomes.services.deflator_series_load`), so it is refused when it
lacks a year that stored money is priced in: no page, and no new run, could
restate that money any more. Such years are kept by outcomes (unit costs, the
price year of a programme's reports) and by apps above it (evaluation's proxy
tables and impact maps), which outcomes may not import (the layers in
pyproject.toml). So each keeping app registers a counter here when Django loads
it (``AppConfig.ready``), as reports registers its job starters in
:mod:`lac.jobs.starters`; the release check asks every counter, in one place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import ngettext

from lac.accounts.models import Programme
from lac.outcomes.models import DEFAULT_PRICE_YEAR, OutcomeSettings, UnitCost
from lac.value.deflators import DeflatorTable

UsesOutside = Callable[[Collection[str]], Iterable[tuple[str, str]]]
"""Given the years a release covers: (year, where it is used) for each stored use of a year
outside them, "where" worded for the reader ("3 unit costs")."""

_COUNTERS: list[UsesOutside] = []


def price_years_register(counter: UsesOutside) -> None:
    """Called by an app that keeps price years, when Django loads it (once per counter)."""
    if counter not in _COUNTERS:
        _COUNTERS.append(counter)


def price_years_uncovered(table: DeflatorTable) -> dict[str, list[str]]:
    """Each stored price year ``table`` lacks, earliest first, with where it is used."""
    covered = frozenset(table.index)
    uses: dict[str, list[str]] = defaultdict(list)
    for counter in _COUNTERS:
        for year, where in counter(covered):
            uses[year].append(where)
    return dict(sorted(uses.items()))


def counted_outside(
    records: QuerySet[Any], covered: Collection[str], words: Callable[[int], str]
) -> Iterator[tuple[str, str]]:
    """Each price year of ``records`` outside ``covered``, with how many use it in ``words``
    (e.g. "2 unit costs"): the counting every kind of priced record shares."""
    rows = (
        records.exclude(price_year__in=list(covered))
        .values("price_year")
        .annotate(n=Count("pk"))
        .order_by("price_year")
    )
    for row in rows:
        yield row["price_year"], words(row["n"])


def unit_costs_outside(covered: Collection[str]) -> Iterator[tuple[str, str]]:
    """Unit costs are restated on every page that values services avoided."""
    return counted_outside(
        UnitCost.objects.all(),
        covered,
        lambda n: ngettext("%(n)s unit cost", "%(n)s unit costs", n) % {"n": n},
    )


def report_years_outside(covered: Collection[str]) -> Iterator[tuple[str, str]]:
    """A programme's reports show money at its chosen price year, or at the default one
    when it has not chosen (outcomes.selectors.price_year_for)."""
    names: dict[str, list[str]] = defaultdict(list)
    chosen = OutcomeSettings.objects.exclude(price_year__in=list(covered))
    for year, name in chosen.values_list("price_year", "programme__name"):
        names[year].append(name)
    if DEFAULT_PRICE_YEAR not in covered:
        unchosen = Programme.objects.filter(outcome_settings__isnull=True)
        names[DEFAULT_PRICE_YEAR].extend(unchosen.values_list("name", flat=True))
    for year, programmes in sorted(names.items()):
        if programmes:
            yield year, _programmes_reports(programmes)


def _programmes_reports(names: list[str]) -> str:
    return ngettext(
        "the price year of programme %(names)s’s reports",
        "the price year of programmes %(names)s’ reports",
        len(names),
    ) % {"names": ", ".join(sorted(names))}
