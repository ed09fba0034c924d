"""``lac rebuild_monthly_figures``: count the figures pages' monthly totals afresh."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.accounts.models import Programme
from lac.reports import monthly
from lac.reports.models import FiguresMark


class Command(BaseCommand):
    help = (
        "Count the monthly totals the dashboard and network comparison add up afresh from "
        "every record: after restoring a backup, a migration that moved records, or loading "
        "records outside lac's services. --check only compares them with the records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-missing", action="store_true", help="Only if they have never been counted"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare the kept totals with the records; change nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            self.check_totals()
            return
        if options["if_missing"] and FiguresMark.objects.exists():
            self.stdout.write("The monthly totals are already counted: left as they are.")
            return
        started = time.perf_counter()
        count = monthly.rebuild()
        self.stdout.write(
            f"Counted {count:,} monthly totals afresh in {time.perf_counter() - started:.1f} s."
        )

    def check_totals(self) -> None:
        monthly.bring_up_to_date()
        ids = list(Programme.objects.values_list("pk", flat=True))
        kept, recounted = monthly.kept(ids), monthly.recounted(ids)
        differ = sorted(
            place
            for place in kept.keys() | recounted.keys()
            if kept.get(place) != recounted.get(place)
        )
        if differ:
            for place in differ[:20]:
                self.stderr.write(
                    f"{place}: kept {kept.get(place)}, records {recounted.get(place)}"
                )
            raise CommandError(f"{len(differ):,} monthly totals differ from the records.")
        self.stdout.write(f"All {len(kept):,} monthly totals equal the records.")
