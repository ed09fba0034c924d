"""``lac load_proxy_table PROGRAMME FILE --name … --source … --licence … --price-year …``

Loads a programme's table of financial proxies (for example its licensed HACT
Social Value Bank values) from a CSV or XLSX file with the columns code,
outcome and value; see :mod:`lac.evaluation.proxy_files`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.accounts.models import Programme
from lac.audit.actor import Actor
from lac.evaluation.services import proxy_table_load


class Command(BaseCommand):
    help = "Load a programme's table of financial proxies from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme", help="The programme's slug")
        parser.add_argument("file", help="A CSV or XLSX file: code, outcome, value")
        parser.add_argument("--name", required=True, help="What the table is called")
        parser.add_argument("--source", required=True, help="Publisher, edition and year")
        parser.add_argument("--licence", required=True, help="The licence it is used under")
        parser.add_argument("--price-year", required=True, help="Its prices' year, like 2023-24")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            programme = Programme.objects.get(slug=options["programme"])
        except Programme.DoesNotExist as exc:
            raise CommandError(f"No programme with the slug {options['programme']!r}") from exc
        path = Path(options["file"])
        try:
            table = proxy_table_load(
                actor=Actor.working_as(None, job="load_proxy_table"),
                programme=programme,
                name=options["name"],
                source=options["source"],
                licence=options["licence"],
                price_year=options["price_year"],
                file_name=path.name,
                content=path.read_bytes(),
            )
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{programme.name} has the proxy table “{table}” ({table.values.count()} values)."
            )
        )
