"""Finding a person's details anywhere lac keeps data: every table, every file.

Erasure (:mod:`lac.people.erasure`) takes out every mention of the
:func:`search_terms` it finds; ``lac find-traces`` runs :func:`database_traces`
and :func:`folder_traces` afterwards, so a data protection officer can see for
themselves that a search for the person's name, date of birth and postcode
finds nothing.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

from django.db import connection

# Text column types, as Django's introspection names them.
TEXT_COLUMN_TYPES = frozenset({"CharField", "TextField", "JSONField", "SlugField", "EmailField"})


def date_forms(day: date) -> list[str]:
    """A date as lac and spreadsheets write it: 1950-03-04, 04/03/1950, 4 March 1950."""
    return [day.isoformat(), f"{day:%d/%m/%Y}", f"{day.day} {day:%B %Y}"]


def postcode_forms(postcode: str) -> list[str]:
    """ "DE1 1AA" is also written "DE11AA"."""
    squeezed = "".join(postcode.split())
    return [p for p in {" ".join(postcode.split()), squeezed} if p]


def search_terms(
    *, names: Iterable[str], dates: Iterable[date | None] = (), postcodes: Iterable[str] = ()
) -> list[str]:
    """What a person can be found by, longest first, with the forms a web address uses."""
    terms = {" ".join(n.split()) for n in names if n and len(n.strip()) > 2}
    terms.update(form for day in dates if day is not None for form in date_forms(day))
    terms.update(form for postcode in postcodes for form in postcode_forms(postcode))
    encoded = {form for t in terms for form in (quote_plus(t), quote(t)) if form != t}
    return sorted(terms | encoded, key=lambda t: (-len(t), t))


def mentions(terms: Iterable[str]) -> re.Pattern[str]:
    """Any of the terms as a whole word (so "Ann" does not match "Annual"), any case."""
    alternatives = "|".join(re.escape(t) for t in terms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def replace_mentions(value: Any, pattern: re.Pattern[str], by: str) -> Any:
    """The value (text, or JSON of lists and dicts) with every mention replaced."""
    if isinstance(value, str):
        return pattern.sub(by, value)
    if isinstance(value, list):
        return [replace_mentions(v, pattern, by) for v in value]
    if isinstance(value, dict):
        return {
            replace_mentions(k, pattern, by): replace_mentions(v, pattern, by)
            for k, v in value.items()
        }
    return value


@dataclass(frozen=True)
class Trace:
    where: str
    term: str
    count: int


def _text_columns(cursor: Any, table: str) -> list[str]:
    introspection = connection.introspection
    columns = []
    for column in introspection.get_table_description(cursor, table):
        try:
            kind = introspection.get_field_type(column.type_code, column)
        except KeyError:
            continue
        if kind in TEXT_COLUMN_TYPES:
            columns.append(column.name)
    return columns


def database_traces(terms: Iterable[str]) -> list[Trace]:
    """Every text column of every table that contains a term (any case)."""
    terms = list(terms)
    quote_name = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in _text_columns(cursor, table):
                for term in terms:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quote_name(table)} "  # noqa: S608  names from introspection
                        f"WHERE LOWER(CAST({quote_name(column)} AS TEXT)) LIKE %s",
                        [f"%{term.lower()}%"],
                    )
                    count = cursor.fetchone()[0]
                    if count:
                        found.append(Trace(f"{table}.{column}", term, count))
    return found


def _contents(path: Path) -> Iterator[tuple[str, bytes]]:
    """A file's bytes, or each member's for a zip (xlsx workbooks are zips)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                yield f"{path}:{member}", archive.read(member)
    else:
        yield str(path), path.read_bytes()


def file_traces(paths: Iterable[Path], terms: Iterable[str]) -> list[Trace]:
    """Every file (or member of a zipped file) that contains a term (any case)."""
    terms = list(terms)
    found = []
    for path in paths:
        for where, content in _contents(path):
            lowered = content.lower()
            for term in terms:
                count = lowered.count(term.lower().encode())
                if count:
                    found.append(Trace(where, term, count))
    return found


def folder_traces(folder: Path, terms: Iterable[str], *, skip: Iterable[Path] = ()) -> list[Trace]:
    """:func:`file_traces` for every file under ``folder`` except those under ``skip``."""
    skipped = [p.resolve() for p in skip]
    paths = [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(p.resolve().is_relative_to(s) for s in skipped)
    ]
    return file_traces(paths, terms)
