"""``lac backup [PATH]``: a complete copy of the database, safe to take while the site runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.backups.databases import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole database (SQLite: online backup API; PostgreSQL: pg_dump). "
        "PATH may be a file or a folder; default: a dated file in the data folder's backups/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, help="Where to write the backup")
        parser.add_argument("--database", default="default", help="Which database to back up")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = backup(options["path"], using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = outcome.path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {outcome.tables} tables ({outcome.rows:,} rows) to {outcome.path} "
                f"({size / 1_000_000:.1f} MB)."
            )
        )
        self.stdout.write(
            "It holds personal data: keep it encrypted, off this server, and only as long "
            "as your retention policy says."
        )
