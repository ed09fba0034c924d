"""``lac deprivation postcodes FILE`` and ``lac deprivation index FILE --nation england``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.audit.actor import Actor
from lac.people.deprivation_files import DeprivationFileError, load_index, load_postcode_areas
from lac.people.models import DeprivationIndex


class Command(BaseCommand):
    help = (
        "Load the files a person's deprivation decile is looked up in: a postcode lookup "
        "(such as the ONS National Statistics Postcode Lookup) and each nation's index of "
        "multiple deprivation by small area (LSOA). See the README, Deprivation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        postcodes = actions.add_parser("postcodes", help="Load a postcode → small area lookup")
        postcodes.add_argument("file", type=Path)
        postcodes.add_argument("--area-column", help="The small-area column, e.g. lsoa11")
        index = actions.add_parser("index", help="Load a nation's index by small area")
        index.add_argument("file", type=Path)
        index.add_argument("--nation", required=True, choices=DeprivationIndex.values)
        index.add_argument("--area-column", help="The small-area code column")
        index.add_argument("--decile-column", help="The decile column (1 = most deprived)")
        index.add_argument("--rank-column", help="Or a rank column (1 = most deprived)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        actor = Actor.of_command(f"deprivation {options['action']}")
        try:
            with path.open(newline="", encoding="utf-8-sig") as lines:
                if options["action"] == "postcodes":
                    count = load_postcode_areas(
                        lines, area_column=options["area_column"], actor=actor
                    )
                    what = "postcodes"
                else:
                    count = load_index(
                        lines,
                        nation=options["nation"],
                        area_column=options["area_column"],
                        decile_column=options["decile_column"],
                        rank_column=options["rank_column"],
                        actor=actor,
                    )
                    what = "small areas"
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not a UTF-8 text file") from None
        except DeprivationFileError as exc:
            raise CommandError(f"{exc}. Nothing was loaded.") from None
        self.stdout.write(f"Loaded {count} {what} from {path.name}; deciles worked out again.")
