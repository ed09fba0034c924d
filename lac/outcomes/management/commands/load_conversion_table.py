"""``lac load_conversion_table MEASURE FILE --source "…"``: load a measure's published table.

SWEMWBS is scored by adding up its seven items and converting the raw total
with the table its authors publish; lac does not ship that table, so a
programme loads it from a CSV file with two columns, ``raw`` and
``converted`` (a header row naming them, then one row per raw total). Lines
starting with ``#`` are notes, skipped: a file should say where its table is
published.

Why the table is not shipped: searched for on 1 December 2026 (Warwick Medical
School's scoring guidance and "how to" pages, CORC, the 2009 paper's
abstract), no source we could read and cite prints the table itself; two
public code repositories that embed one disagree with each other (one maps a
raw 35 to 35.00, the other to 29.41) and neither cites a page that holds it.
A programme registered with Warwick Medical School has the table from them.
"""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.audit.actor import Actor
from lac.outcomes.models import FrameworkVersion
from lac.outcomes.services import conversion_table_load


def read_table(path: Path) -> dict[int, Decimal]:
    """The CSV's rows as raw → converted, or CommandError naming the row and the problem."""
    table: dict[int, Decimal] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        lines = [
            (number, line)
            for number, line in enumerate(handle, start=1)
            if not line.lstrip().startswith("#")
        ]
    reader = csv.DictReader(line for _, line in lines)
    if not {"raw", "converted"} <= set(reader.fieldnames or ()):
        raise CommandError("The file needs a header row with the columns raw and converted")
    for (number, _), row in zip(lines[1:], reader, strict=False):
        try:
            raw, converted = int(row["raw"]), Decimal(row["converted"].strip())
        except (ValueError, InvalidOperation, AttributeError) as exc:
            raise CommandError(
                f"Row {number}: raw must be a whole number and converted a number"
            ) from exc
        if raw in table:
            raise CommandError(f"Row {number}: raw score {raw} is given twice")
        table[raw] = converted
    return table


class Command(BaseCommand):
    help = "Load a measure's published raw-to-reported conversion table (SWEMWBS, say)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("measure", help="The measure's slug, such as swemwbs")
        parser.add_argument("file", help="CSV with the columns raw and converted")
        parser.add_argument("--source", required=True, help="Where the table is published")
        parser.add_argument(
            "--measure-version", type=int, help="Version number (the newest if left out)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        versions = FrameworkVersion.objects.filter(framework__slug=options["measure"])
        if options["measure_version"] is not None:
            versions = versions.filter(number=options["measure_version"])
        version = versions.order_by("-number").first()
        if version is None:
            raise CommandError(f"No measure (or version of it) called {options['measure']!r}")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}")
        try:
            rows = conversion_table_load(
                version=version,
                table=read_table(path),
                source=options["source"],
                actor=Actor.of_command("load_conversion_table"),
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{version} now converts {rows} raw scores."))
