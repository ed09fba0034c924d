"""The one exception the value engine raises for a map it cannot use.

Every problem found is collected before raising, so a person fixing a file
sees the whole list at once instead of one error per attempt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Self

Path = tuple[str | int, ...]
Params = tuple[tuple[str, str], ...]


def _shown(params: dict[str, object]) -> Params:
    return tuple(sorted((name, str(value)) for name, value in params.items()))


def describe_path(path: Path) -> str:
    """Render ("outcomes", 3, "attribution") as "outcomes[3].attribution"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class Place:
    """Where in a file a problem is when its keys cannot say ("sheet 'Inputs', row 3").

    Worded from a template of :mod:`lac.value.messages` like a problem is, so an
    application can word it again; ``detail`` is the file's own keys below that place
    ("proxy.low"), kept as the file writes them.
    """

    template: str
    params: Params = ()
    detail: str = ""

    @classmethod
    def of(cls, template: str, **params: object) -> Place:
        return cls(template, _shown(params))

    def worded(self, template: str) -> str:
        """The place in ``template``'s words: the English one or its translation."""
        text = template.format(**dict(self.params))
        return f"{text} ({self.detail})" if self.detail else text

    def __str__(self) -> str:
        return self.worded(self.template)


@dataclass(frozen=True)
class Problem:
    """One broken rule: where it is and what is wrong.

    A problem made by :meth:`of` or :meth:`at` also keeps the template it was worded
    from (one of :mod:`lac.value.messages`) and the fields filled into it, so that an
    application can word it again in its reader's language; where the file's keys
    cannot say where it is (a workbook's cell, a CSV's row), its :class:`Place` does.
    """

    path: Path
    message: str
    place: Place | None = None
    template: str = ""
    params: Params = ()

    @classmethod
    def of(cls, path: Path, template: str, **params: object) -> Problem:
        """The problem worded by ``template`` with ``params`` filled in (as text)."""
        shown = _shown(params)
        return cls(path, template.format(**dict(shown)), None, template, shown)

    @classmethod
    def at(cls, place: Place, template: str, **params: object) -> Problem:
        """The problem worded by ``template``, found at ``place`` in a file (not a key)."""
        return replace(cls.of((), template, **params), place=place)

    @property
    def where(self) -> str:
        """The place in English, else the file's keys ("outcomes[2].attribution")."""
        return str(self.place) if self.place else describe_path(self.path)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ValueDataError(ValueError):
    """Data the value engine was given is unusable; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def single_of(cls, path: Path, template: str, **params: object) -> Self:
        return cls([Problem.of(path, template, **params)])

    def relocated(self, locate: Callable[[Path], Place | None]) -> Self:
        """The same problems, described by a file-specific location (a sheet cell, say)."""
        return type(self)([replace(p, place=locate(p.path)) for p in self.problems])


class ImpactMapError(ValueDataError):
    """An impact map was rejected, or a calculation on it is undefined (inputs of 0)."""


class RateCardError(ValueDataError):
    """A rate card or deflator table was rejected, or asked for a year it lacks."""


class PriceYearNotCovered(RateCardError):
    """Money was to be restated from or to a year the deflator series lacks.

    Its own class so that pages can name the years and what to do, rather than fail.
    """

    def __init__(self, problems: Sequence[Problem], years: Sequence[str] = ()) -> None:
        super().__init__(problems)
        self.years = tuple(years)
