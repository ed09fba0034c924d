"""``lac find-traces --name NAME [--date-of-birth YYYY-MM-DD] [--postcode PC]``.

Searches every text column of every table, and every file in the data folder
(spreadsheets and other zipped files opened up, the SQLite database read byte
by byte), for a person's name, date of birth and postcode in the forms lac and
spreadsheets write them. After an erasure it should find nothing: a data
protection officer can run it to see so. Backups are left out: those taken
before the erasure age out under the council's backup retention.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.people.traces import database_traces, folder_traces, search_terms


def birth_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        message = f"--date-of-birth: expected a date like 1984-03-02, got {text!r}"
        raise CommandError(message) from exc


class Command(BaseCommand):
    help = "Search every table and the data folder for a person's name, birthday and postcode."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, action="append", help="Repeat for each name")
        parser.add_argument("--date-of-birth", metavar="YYYY-MM-DD")
        parser.add_argument("--postcode", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        born = options["date_of_birth"]
        terms = search_terms(
            names=options["name"],
            dates=[birth_date(born)] if born else [],
            postcodes=[options["postcode"]],
        )
        folder = Path(settings.DATA_DIR)
        traces = database_traces(terms) + folder_traces(folder, terms, skip=[folder / "backups"])
        for trace in traces:
            self.stdout.write(f"{trace.where}: {trace.term!r} {trace.count} time(s)")
        self.stdout.write(
            f"Searched every table and {folder} for {len(terms)} forms of the person's details: "
            f"{len(traces)} place(s) found."
        )
