"""``lac deflators load FILE.csv --release "…"``: refresh the GDP deflator series.

FILE is HM Treasury's "GDP deflators at market prices, and money GDP" CSV as
downloaded from GOV.UK. The newest series loaded restates money on every
page; ``lac deflators show`` says which series and release is in use.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.audit.actor import Actor
from lac.outcomes.selectors import deflators_in_use
from lac.outcomes.services import deflator_series_load


def _published(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise CommandError(f"--published must be a date like 2026-03-31, got {text!r}") from None


class Command(BaseCommand):
    help = "Load HM Treasury's GDP deflator CSV, or show the series in use."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="load HM Treasury's CSV as the series in use")
        load.add_argument("file", help="the CSV as published on GOV.UK")
        load.add_argument(
            "--release",
            required=True,
            help="the release's name, e.g. 'March 2026 (Quarterly National Accounts)'",
        )
        load.add_argument("--published", default="", help="its publication date, e.g. 2026-03-31")
        actions.add_parser("show", help="say which series and release restates money")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            published = _published(options["published"]) if options["published"] else ""
            try:
                series = deflator_series_load(
                    path=options["file"],
                    release=options["release"],
                    published=published,
                    actor=Actor.of_command("deflators load"),
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            years = sorted(series.index)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {series} ({len(years)} financial years, {years[0]} to {years[-1]}, "
                    f"{series.reference_year} = 100). Money is now restated with it."
                )
            )
        table = deflators_in_use()
        years = sorted(table.index)
        published = f", published {table.published}" if table.published else ""
        self.stdout.write(
            f"In use: {table.label}{published}; {years[0]} to {years[-1]}; "
            f"latest outturn {table.latest_outturn}"
            + (f", forecasts from {table.forecast_from}" if table.forecast_from else "")
        )
