"""``lac population FILE.csv --programme SLUG``: the neighbourhoods' census counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.accounts.models import Programme
from lac.audit.actor import Actor
from lac.reports.population import PopulationFileError, load_population


class Command(BaseCommand):
    help = (
        "Load each neighbourhood's census counts by answer (columns neighbourhood, question, "
        "answer, people), replacing the programme's earlier ones; the dashboard shows the "
        "shares beside who the programme reaches."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--programme", required=True, help="The programme's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"There is no programme {options['programme']!r}")
        try:
            with path.open(newline="", encoding="utf-8-sig") as lines:
                count = load_population(
                    lines, programme=programme, actor=Actor.of_command("population")
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not a UTF-8 text file") from None
        except PopulationFileError as exc:
            raise CommandError(f"{exc}. Nothing was loaded.") from None
        self.stdout.write(f"Loaded {count} population counts for {programme.name}.")
