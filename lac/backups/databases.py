"""Back up and restore the whole database, on SQLite or PostgreSQL.

SQLite uses its online backup API (a consistent copy while the site runs);
PostgreSQL uses ``pg_dump --format=custom`` and ``pg_restore
--single-transaction``. A restore either completes or leaves the database as
it was, and refuses to overwrite a database that holds data unless forced.
Backups hold personal data: files are created readable by their owner only.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"

# Tables that a freshly migrated, never-used database already fills (or that
# only log sign-in attempts): rows here do not make a database "hold data".
BOOKKEEPING_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "django_session",
        "axes_accessattempt",
        "axes_accesslog",
        "axes_accessfailurelog",
    }
)


class BackupError(Exception):
    """Why a backup or restore could not be done, in words for the person running it."""


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    sha256: str


@dataclass(frozen=True)
class Outcome:
    path: Path
    tables: int
    rows: int
    pending_migrations: int = 0


def vendor(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def default_backup_path(connection: BaseDatabaseWrapper, folder: Path | None = None) -> Path:
    folder = folder or Path(settings.DATA_DIR) / "backups"
    suffix = "sqlite3" if vendor(connection) == "sqlite" else "pgdump"
    return folder / f"lac-{timezone.localtime():%Y%m%d-%H%M%S}.{suffix}"


def backup(path: Path | None = None, *, using: str = "default") -> Outcome:
    """Write a complete, consistent copy of the database to ``path`` (never overwriting)."""
    connection = connections[using]
    if path is None or path.is_dir():
        path = default_backup_path(connection, path)
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file name")
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    partial = path.with_name(path.name + ".partial")
    _create_private_file(partial)
    try:
        if vendor(connection) == "sqlite":
            counts = _sqlite_backup(connection, partial)
        else:
            counts = _pg_dump(connection, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Outcome(path=path, tables=len(counts), rows=sum(counts.values()))


def restore(path: Path, *, force: bool = False, using: str = "default") -> Outcome:
    """Replace the database with a backup, all or nothing.

    Refuses, changing nothing, when the file is not a backup of this kind of
    database or is damaged, and when the database already holds data and
    ``force`` is not given.
    """
    connection = connections[using]
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    kind = vendor(connection)
    if kind == "sqlite":
        _check_sqlite_backup(path)
    else:
        _check_pg_dump(path)
    if not force and database_holds_data(connection):
        raise BackupError(
            "The database already holds data. Restoring would replace all of it: "
            "run again with --force if that is what you want."
        )
    if kind == "sqlite":
        _sqlite_restore(connection, path)
    else:
        _pg_restore(connection, path)
    counts = table_row_counts(connection)
    return Outcome(
        path=path,
        tables=len(counts),
        rows=sum(counts.values()),
        pending_migrations=pending_migrations(connection),
    )


# SQLite ---------------------------------------------------------------------


def _sqlite_backup(connection: BaseDatabaseWrapper, path: Path) -> dict[str, int]:
    """Copy the database; the rows are counted in the copy, so they are what it holds."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        # A single self-contained file, whatever the live database's journal mode.
        target.execute("PRAGMA journal_mode=DELETE")
        result = target.execute("PRAGMA integrity_check").fetchone()[0]
        names = [
            row[0]
            for row in target.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if not row[0].startswith("sqlite_")
        ]
        counts = {
            name: target.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in sorted(names)
        }
    finally:
        target.close()
    if result != "ok":
        raise BackupError(f"The copy failed its integrity check: {result}")
    return counts


def _check_sqlite_backup(path: Path) -> None:
    _check_magic(path, SQLITE_MAGIC, "an SQLite backup")
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = source.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {
                row[0]
                for row in source.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is damaged: {exc}") from exc
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is an SQLite database but not a lac backup")


def _sqlite_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("Cannot restore inside a transaction")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        # pages=-1: the whole copy in one step, one transaction on the database.
        source.backup(connection.connection, pages=-1)
    except sqlite3.Error as exc:
        raise BackupError(f"Restore failed, nothing was changed: {exc}") from exc
    finally:
        source.close()


# PostgreSQL -----------------------------------------------------------------


def _pg_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's environment variables for this connection, so no password is on a command line."""
    params: dict[str, Any] = connection.settings_dict
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", params.get("HOST")),
        ("PGPORT", params.get("PORT")),
        ("PGUSER", params.get("USER")),
        ("PGPASSWORD", params.get("PASSWORD")),
        ("PGDATABASE", params.get("NAME")),
    ):
        if value:
            env[variable] = str(value)
    options = params.get("OPTIONS") or {}
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(option):
            env[variable] = str(options[option])
    return env


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} was not found: install the PostgreSQL client tools"
        ) from exc


def _pg_dump(connection: BaseDatabaseWrapper, path: Path) -> dict[str, int]:
    """Dump the database from a snapshot exported by our own transaction, and count the
    rows in that same snapshot: the counts are what the dump holds, however busy the
    database is meanwhile."""
    if connection.in_atomic_block:
        raise BackupError("Cannot back up inside a transaction")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
        result = _run(
            [*command, f"--snapshot={snapshot}", f"--file={path}"], _pg_environment(connection)
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return table_row_counts(connection)


def _check_pg_dump(path: Path) -> None:
    _check_magic(path, PG_DUMP_MAGIC, "a PostgreSQL backup (pg_dump --format=custom)")
    result = _run(["pg_restore", "--list", str(path)], dict(os.environ))
    if result.returncode != 0:
        raise BackupError(f"{path} is damaged: {result.stderr.strip()}")
    if " django_migrations " not in result.stdout:
        raise BackupError(f"{path} is a PostgreSQL backup but not of a lac database")


def _pg_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError("Cannot restore inside a transaction")
    connection.close()  # our own connection must not hold locks on the tables
    result = _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        _pg_environment(connection),
    )
    if result.returncode != 0:
        raise BackupError(f"Restore failed, nothing was changed: {result.stderr.strip()}")


# Both -------------------------------------------------------------------------


def _create_private_file(path: Path) -> None:
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)


def _check_magic(path: Path, magic: bytes, what: str) -> None:
    """Refuse a file that does not start as a backup of this kind, saying what it is instead."""
    with path.open("rb") as handle:
        start = handle.read(max(len(SQLITE_MAGIC), len(PG_DUMP_MAGIC)))
    if start.startswith(magic):
        return
    hint = ""
    if not start:
        hint = ": the file is empty"
    elif start.startswith(PG_DUMP_MAGIC):
        hint = ": it is a PostgreSQL backup, for a PostgreSQL database"
    elif start.startswith(SQLITE_MAGIC):
        hint = ": it is an SQLite backup, for an SQLite database"
    raise BackupError(f"{path} is not {what}{hint}")


def _quote(connection: BaseDatabaseWrapper, name: str) -> str:
    return connection.ops.quote_name(name)


def table_names(connection: BaseDatabaseWrapper) -> list[str]:
    """lac's tables, without SQLite's own (``sqlite_stat1``, the planner's
    statistics that ANALYZE keeps, is not data and no flush empties it)."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(name for name in names if not name.startswith("sqlite_"))


def table_row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in table_names(connection):
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(connection, table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def database_holds_data(connection: BaseDatabaseWrapper) -> bool:
    """True if any table other than Django's bookkeeping has a row."""
    with connection.cursor() as cursor:
        for table in table_names(connection):
            if table in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {_quote(connection, table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                return True
    return False


def table_fingerprints(connection: BaseDatabaseWrapper) -> dict[str, TableFingerprint]:
    """Each table's row count and a hash of its contents, independent of row order."""
    fingerprints = {}
    with connection.cursor() as cursor:
        for table in table_names(connection):
            cursor.execute(f"SELECT * FROM {_quote(connection, table)}")  # noqa: S608
            digests: list[bytes] = []
            while rows := cursor.fetchmany(1000):
                digests.extend(hashlib.sha256(_row_bytes(row)).digest() for row in rows)
            digests.sort()
            fingerprints[table] = TableFingerprint(
                rows=len(digests), sha256=hashlib.sha256(b"".join(digests)).hexdigest()
            )
    return fingerprints


def _row_bytes(row: tuple[Any, ...]) -> bytes:
    return repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)).encode()


def pending_migrations(connection: BaseDatabaseWrapper) -> int:
    """How many of this code's migrations the database has not had (e.g. an older backup)."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return len(executor.migration_plan(targets))
