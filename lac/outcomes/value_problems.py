"""The value engine's problems in the reader's language.

The engine is plain Python without Django and words its problems in English; a
problem made from a template (:mod:`lac.value.messages`) keeps it and its fields,
and is worded again here from the catalogue's translation, as is the place in a
file it names (a workbook's sheet, row and column). The file's own keys
("outcomes[2].attribution") and names ("sheet 'Impact map'") stay as the file
writes them. Here, below every app that shows such a problem (the rate card and
deflator loaders, the price year on a form, the evaluation app's maps and runs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.utils.translation import gettext

from lac.value import Problem, ValueDataError
from lac.value.deflators import DeflatorTable
from lac.value.errors import describe_path


def engine_problem(problem: Problem) -> str:
    """``problem`` in the reader's language ("where: what is wrong")."""
    if not problem.template:
        return str(problem)
    message = gettext(problem.template).format(**dict(problem.params))
    if problem.place:
        where = problem.place.worded(gettext(problem.place.template))
    else:
        where = describe_path(problem.path)
    return f"{where}: {message}" if where else message


def engine_problems(error: ValueDataError) -> list[str]:
    return [engine_problem(problem) for problem in error.problems]


def _series(table: DeflatorTable) -> str:
    return gettext("{series}, {first} to {last}").format(
        series=table.label, first=min(table.index), last=max(table.index)
    )


def price_year_not_covered(year: str, table: DeflatorTable) -> str:
    """A price year given for a cost or a report that the deflator series in use lacks."""
    return gettext(
        "{year} is outside the GDP deflator series in use ({series}): give a year it covers, "
        "or load a deflator release that covers {year} first"
    ).format(year=year, series=_series(table))


def release_leaves_years_uncovered(uncovered: Mapping[str, Sequence[str]]) -> str:
    """A deflator release refused because stored money is priced in years it does not cover
    (each year with where it is used, from lac.outcomes.price_years)."""
    years = "; ".join(f"{year} ({', '.join(uses)})" for year, uses in sorted(uncovered.items()))
    return gettext(
        "this release does not cover price years already in use: {years}. "
        "Load a release that covers them, or change those price years first"
    ).format(years=years)


def money_not_restated(years: Iterable[str], table: DeflatorTable) -> str:
    """What a page says instead of money it cannot restate, and what to do about it."""
    listed = ", ".join(years)
    return gettext(
        "Money cannot be shown at one price year: the GDP deflator series in use ({series}) "
        "has no index for {years}."
    ).format(series=_series(table), years=listed)
