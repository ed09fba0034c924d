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

from django.utils.translation import gettext

from lac.value import Problem, ValueDataError
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
