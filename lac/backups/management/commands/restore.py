"""``lac restore PATH [--force]``: put a backup back, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.backups.databases import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the database from a file made by `lac backup`. Either the whole backup "
        "is restored or nothing changes. Stop the site first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The backup file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds data (everything in it is lost)",
        )
        parser.add_argument("--database", default="default", help="Which database to restore")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = restore(options["path"], force=options["force"], using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {outcome.tables} tables ({outcome.rows:,} rows) from {outcome.path}."
            )
        )
        if outcome.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup is from an older version of lac: run `lac migrate` to apply "
                    f"{outcome.pending_migrations} newer migration(s) before starting the site."
                )
            )
