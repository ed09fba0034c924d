"""How names, places and postcodes match: the way a person reading them would.

One matcher for every path that asks "is this the same person?" or "which
records does this search mean?": the casework duplicate check, caseload
search, the community directory and the import's duplicate rules. Case,
accents and Welsh diacritics (Ŵ/W, â/a), apostrophe variants (’ ' ‘), hyphens
and spaces do not make two spellings different, and a one-letter slip in a
name ("Margret", "Margaret") is close enough when something else (the date of
birth) says it is the same person.

Searching in SQL uses keys folded here and stored beside the record
(``Person.name_key`` and ``search_key``, ``Asset.search_key``), so a query is
a plain ``contains``/equality on both SQLite and PostgreSQL; the services that
save those records call :func:`person_keys` and :func:`asset_search_key`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

APOSTROPHES = "'’‘ʼ`´"
# Letters NFKD does not split into a base letter and a mark.
LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
NOT_WORD = re.compile(r"[^0-9a-z]+")
SLIP = 1
"""Edits between two names that still count as a slip of the pen."""


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no accents or apostrophes, punctuation and hyphens as single spaces.

    "Siân O’Brien" and "SIAN O'BRIEN" both fold to "sian obrien"; "Ŵyn" to "wyn".
    Plain ASCII, most names, has no accents to take off (NFKD leaves it as it is), so it
    skips the character-by-character pass: an import folds each of 100,000 names several
    times, more than the cache holds.
    """
    text = str(text)
    if text.isascii():
        bare = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
        bare = bare.translate(LETTERS)
    for mark in APOSTROPHES:
        bare = bare.replace(mark, "")
    return " ".join(NOT_WORD.sub(" ", bare).split())


def compact(text: str) -> str:
    """:func:`fold` without spaces: "DM2 1WJ" and "dm21wj" are both "dm21wj"."""
    return fold(text).replace(" ", "")


def search_words(query: str, limit: int = 6) -> list[str]:
    """The folded words of a search box, each to be found in a record's search key."""
    return fold(query).split()[:limit]


def person_keys(*, full_name: str, preferred_name: str = "", postcode: str = "") -> dict[str, str]:
    """The stored keys of a person record: ``name_key`` (for equal names) and ``search_key``.

    The search key holds the folded names word by word and run together, and the
    postcode run together, so "O Brien", "obrien", "dm2" and "dm21wj" all find it.
    """
    parts = [fold(full_name), fold(preferred_name), compact(full_name), compact(postcode)]
    return {
        "name_key": compact(full_name)[:200],
        "search_key": " ".join(p for p in parts if p),
    }


def asset_search_key(
    *, name: str, who_for: str = "", description: str = "", postcode: str = ""
) -> str:
    """What the directory search looks in: name, who it is for, description and postcode."""
    parts = [fold(name), compact(name), fold(who_for), fold(description), compact(postcode)]
    return " ".join(p for p in parts if p)


def name_parts(name: str) -> list[str]:
    """The folded words of a name, initials left out."""
    return [part for part in fold(name).split() if len(part) > 1]


def is_slip(a: str, b: str) -> bool:
    """Two names a letter apart (one letter added, dropped or changed): "Margret" ~ "Margaret"."""
    return _slip(compact(a), compact(b))


def _slip(first: str, second: str) -> bool:
    """:func:`is_slip` of two names already compacted."""
    if not first or not second or first == second:
        return first == second != ""
    if Levenshtein.distance(first, second, score_cutoff=SLIP) > SLIP:
        return False
    # A slip of the pen is in a letter: "Example1" and "Example2" are two records.
    (edit,) = Levenshtein.editops(first, second)
    changed = first[edit.src_pos : edit.src_pos + 1] + second[edit.dest_pos : edit.dest_pos + 1]
    return changed.isalpha()


def similar_names(name: str, full_name: str, preferred_name: str = "") -> bool:
    """Whether ``name`` could be the person recorded as ``full_name`` (``preferred_name``).

    The same surname and first initial ("M. Jones" ~ "Mary Jones", "Mary Smith-Jones"),
    or the whole name a letter apart; all after folding.
    """
    new = Who(name)
    return _similar(new.name_parts, new, Who(full_name, preferred_name=preferred_name))


def _similar(parts: list[str], new: Who, known: Who) -> bool:
    """:func:`similar_names` of two people, from the folded names each keeps (``parts``:
    the new name's, worked out once by the caller)."""
    if not parts:
        return False
    surname, initial = parts[-1], parts[0][0]
    if surname in known.name_key and (
        known.folded_name.startswith(initial) or fold(known.preferred_name).startswith(initial)
    ):
        return True
    return _slip(new.name_key, known.name_key)


@dataclass(frozen=True, slots=True)
class Who:
    """What the duplicate rules compare about a person, new or recorded.

    Its name and postcode are folded once, when it is made: an import compares each
    new row with several people, and each recorded person with many rows. (Slots, not a
    dictionary each: an import holds one for each of 100,000 people.)
    """

    full_name: str
    date_of_birth: date | None = None
    postcode: str = ""
    preferred_name: str = ""
    address_line_1: str = ""
    name_key: str = field(init=False, repr=False, compare=False)
    folded_name: str = field(init=False, repr=False, compare=False)
    postcode_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        folded = fold(self.full_name)
        object.__setattr__(self, "folded_name", folded)
        object.__setattr__(self, "name_key", folded.replace(" ", ""))
        object.__setattr__(self, "postcode_key", compact(self.postcode) if self.postcode else "")

    @property
    def name_parts(self) -> list[str]:
        """:func:`name_parts` of the full name."""
        return [part for part in self.folded_name.split() if len(part) > 1]


def may_be_same_person(new: Who, known: Who) -> bool:
    """The casework duplicate rule, for the web, the API and imports alike.

    A similar name with the same date of birth; the same postcode and first address
    line; the same postcode and a similar name; or, when the new record has neither
    date of birth nor postcode, the same name. (Whether the names are similar is asked
    only when the date of birth or the postcode is the same.)
    """
    parts = new.name_parts
    named = bool(parts)
    same_birthday = bool(new.date_of_birth) and new.date_of_birth == known.date_of_birth
    if same_birthday and named and _similar(parts, new, known):
        return True
    if new.postcode_key and new.postcode_key == known.postcode_key:
        if named and _similar(parts, new, known):
            return True
        if new.address_line_1.strip() and fold(new.address_line_1) == fold(known.address_line_1):
            return True
    if named and not new.date_of_birth and not new.postcode_key:
        return bool(new.name_key) and new.name_key == known.name_key
    return False
