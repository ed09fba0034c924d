"""The one exception the value engine raises for a map it cannot use.

Every problem found is collected before raising, so a person fixing a file
sees the whole list at once instead of one error per attempt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Self

Path = tuple[str | int, ...]


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
class Problem:
    """One broken rule: where it is and what is wrong.

    A problem made by :meth:`of` also keeps the template it was worded from (one of
    :mod:`lac.value.messages`) and the fields filled into it, so that an application
    can word it again in its reader's language.
    """

    path: Path
    message: str
    where: str = ""
    template: str = ""
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, path: Path, template: str, **params: object) -> Problem:
        """The problem worded by ``template`` with ``params`` filled in (as text)."""
        shown = {name: str(value) for name, value in params.items()}
        return cls(path, template.format(**shown), "", template, tuple(sorted(shown.items())))

    def __str__(self) -> str:
        where = self.where or (describe_path(self.path) if self.path else "")
        return f"{where}: {self.message}" if where else self.message


class ValueDataError(ValueError):
    """Data the value engine was given is unusable; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, message: str, path: Path = ()) -> Self:
        return cls([Problem(path, message)])

    @classmethod
    def single_of(cls, path: Path, template: str, **params: object) -> Self:
        return cls([Problem.of(path, template, **params)])

    def relocated(self, locate: Callable[[Path], str]) -> Self:
        """The same problems, described by a file-specific location (a sheet cell, say)."""
        return type(self)([replace(p, where=locate(p.path)) for p in self.problems])


class ImpactMapError(ValueDataError):
    """An impact map was rejected, or a calculation on it is undefined (inputs of 0)."""


class RateCardError(ValueDataError):
    """A rate card or deflator table was rejected, or asked for a year it lacks."""
