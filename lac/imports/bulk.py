"""Many records at once for the import's hot path: multi-row INSERT on SQLite, COPY on
PostgreSQL.

``bulk_create`` spends most of its time preparing each field of each model
instance; an import of 100,000 rows writes over a million records. This
helper writes plain dicts, filling every column the caller does not give from
the field's default, and adapting dates, datetimes and JSON through the
database backend. On SQLite that is one multi-row ``INSERT … RETURNING`` per
chunk. On PostgreSQL it is one ``COPY … FROM STDIN`` per call: a multi-row
INSERT there makes the server parse and plan a statement of thousands of
parameters, and the driver send each one, which took more time than the
import's own Python (:func:`_copy`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from django.db import connection, models
from django.utils import timezone

ROWS_PER_STATEMENT = 500
SAVING_CACHE_KIB = 32 * 1024
"""SQLite's page cache while an import saves, in KiB (its default is 2 MB)."""


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def _column(field: models.Field[Any, Any]) -> str:
    """A concrete field's column (a field without a column is not concrete, and would be
    a mistake here)."""
    if field.column is None:
        raise TypeError(f"{field} has no column to insert into")
    return field.column


def _quoted_column(field: models.Field[Any, Any]) -> str:
    """A concrete field's column, quoted for SQL."""
    return connection.ops.quote_name(_column(field))


def parameter_limit() -> int:
    """How many parameters one statement may carry: SQLite says (32,766 since 3.32),
    Django's figure (999) is for older SQLite; PostgreSQL allows 65,535."""
    connection.ensure_connection()
    getlimit = getattr(connection.connection, "getlimit", None)
    if getlimit is not None:
        import sqlite3

        return int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return connection.features.max_query_params or 65_535


Adapted = tuple[int, Callable[[Any], Any]]


def _layout(
    keys: tuple[str, ...],
    template: list[Any],
    positions: dict[str, int],
    adapters: dict[str, Callable[[Any], Any]],
) -> tuple[Callable[[list[Any]], Any], list[Adapted]]:
    """How to lay out rows given with ``keys`` (in that order) as a statement's parameters:
    a row's values are followed by the template's defaults, and the picker takes each
    column's from that list (the row's value where it gives one, else the default), in
    one call; the adapted are the positions (in the row's values) of the values the
    database backend adapts. Rows built by one constructor share their keys, so an
    insert works this out once or twice, not for every row."""
    given = {name: index for index, name in enumerate(keys)}
    unknown = [name for name in keys if name not in positions]
    if unknown:
        raise KeyError(unknown[0])
    by_column = [len(keys) + position for position in range(len(template))]
    for name, index in given.items():
        by_column[positions[name]] = index
    pick: Callable[[list[Any]], Any] = itemgetter(*by_column)
    if len(by_column) == 1:  # itemgetter of one index gives the value, not a tuple
        one = pick

        def pick(values: list[Any]) -> tuple[Any]:
            return (one(values),)

    return pick, [(given[name], adapters[name]) for name in keys if name in adapters]


def parameter_marker() -> str:
    """The driver's own mark for a parameter. Django's SQLite backend turns each ``%s`` of
    a statement into sqlite3's ``?`` with a regular expression, which over the import's
    multi-row statements (thousands of marks each) took seconds at 100,000 rows; a
    statement written with ``?`` gives it nothing to replace. PostgreSQL's driver takes
    ``%s`` itself."""
    return "?" if connection.vendor == "sqlite" else "%s"


def insert(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, returning: bool = False
) -> list[int]:
    """Insert ``rows`` (attname → value); return the new primary keys, in order, if asked."""
    if not rows:
        return []
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    template: list[Any] = []  # every column's default, already adapted
    positions: dict[str, int] = {}
    adapters: dict[str, Callable[[Any], Any]] = {}
    for position, field in enumerate(fields):
        adapt = _adapter(field)
        auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        default = now if auto else field.get_default()
        template.append(adapt(default) if adapt is not None and default is not None else default)
        positions[field.attname] = position
        if adapt is not None:
            adapters[field.attname] = adapt
    columns = ", ".join(_quoted_column(f) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = _quoted_column(model._meta.pk)
    layouts: dict[tuple[str, ...], tuple[Callable[[list[Any]], Any], list[Adapted]]] = {}

    def laid_out(row: dict[str, Any]) -> Any:
        """The row's value for every column, in the columns' order, adapted."""
        keys = tuple(row)
        layout = layouts.get(keys)
        if layout is None:
            layout = layouts[keys] = _layout(keys, template, positions, adapters)
        pick, adapted = layout
        values = [*row.values(), *template]
        for index, adapt in adapted:
            if values[index] is not None:
                values[index] = adapt(values[index])
        return pick(values)

    if connection.vendor == "postgresql":
        key = (model._meta.db_table, _column(model._meta.pk)) if returning else None
        return _copy(table, columns, map(laid_out, rows), len(rows), key=key)
    per_statement = max(1, min(ROWS_PER_STATEMENT, parameter_limit() // len(fields)))
    one_row = "(" + ", ".join([parameter_marker()] * len(fields)) + ")"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params: list[Any] = []
            for row in chunk:
                params.extend(laid_out(row))
            # Only quoted model metadata and placeholders go into the SQL; values are parameters.
            values_sql = ", ".join([one_row] * len(chunk))
            sql = f"INSERT INTO {table} ({columns}) VALUES {values_sql}"  # noqa: S608
            if returning:
                cursor.execute(f"{sql} RETURNING {pk}", params)
                ids.extend(row[0] for row in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return ids


def _copy(
    table: str, columns: str, rows: Iterator[Any], count: int, *, key: tuple[str, str] | None
) -> list[int]:
    """PostgreSQL: the rows (each a tuple in the columns' order) in one ``COPY``; with
    ``key`` (the table and its primary key's column, unquoted), their primary keys are
    first taken from the key's own sequence in one query and written with them (COPY
    returns nothing), and returned. Keys taken from the sequence are the ones an
    ordinary insert would have had, and later inserts go on from them. psycopg adapts
    each value as it would a query's parameter (dates, JSON through Django's adapter)."""
    ids: list[int] = []
    with connection.cursor() as cursor:
        if key is not None:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(key[0]), key[1], count],
            )
            ids = [row[0] for row in cursor.fetchall()]
            columns = f"{connection.ops.quote_name(key[1])}, {columns}"
            rows = ((new_id, *values) for new_id, values in zip(ids, rows, strict=True))
        # The driver's own cursor, so its errors are wrapped here as Django wraps a query's
        # (a refused value is a DatabaseError, which the import reports in one line).
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for values in rows:
                copy.write_row(values)
    return ids


def update(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Set ``fields`` (attnames) of many records: each of ``rows`` is the values, then the
    primary key. One prepared UPDATE run for every row (``executemany``): ``bulk_update``
    spends seconds of Python building its CASE expressions for tens of thousands."""
    if not rows:
        return
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    chosen = [by_attname[name] for name in fields]
    adapters = [_adapter(field) for field in chosen]
    mark = parameter_marker()
    sets = ", ".join(f"{_quoted_column(field)} = {mark}" for field in chosen)
    table, pk = connection.ops.quote_name(model._meta.db_table), _quoted_column(model._meta.pk)
    params = [
        [
            value if adapt is None or value is None else adapt(value)
            for value, adapt in zip(row[:-1], adapters, strict=True)
        ]
        + [row[-1]]
        for row in rows
    ]
    with connection.cursor() as cursor:
        # Only quoted model metadata and placeholders go into the SQL; values are parameters.
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = {mark}", params)  # noqa: S608


@contextmanager
def saving_cache() -> Iterator[None]:
    """Give SQLite a larger page cache while an import saves, and its own back afterwards.

    An import of 100,000 rows adds about a million records in one transaction, each to a
    table and its indexes (a person's name, postcode and date of birth, a row's import
    key): entries in no particular order, so with SQLite's default 2 MB cache most go to a
    page that has just been pushed out to the write-ahead log and must be read back. A
    32 MB cache took a sixth off SQLite's time at 100,000 rows (14.7 s of CPU to 12.4 s),
    for 30 MB more at the import's peak, within its 500 MB. The cache only holds pages:
    what is committed, and when, is unchanged. PostgreSQL sizes its own buffers: nothing
    to do there.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SAVING_CACHE_KIB:d}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before):d}")
