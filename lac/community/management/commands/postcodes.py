"""``lac postcodes load FILE.csv``: load a postcode-centroid file for the directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.community.openreferral.postcodes import PostcodeFileError, load_centroids


class Command(BaseCommand):
    help = (
        "Load postcode centroids (a CSV with postcode, latitude and longitude columns, "
        "such as the ONS Postcode Directory) so the Open Referral feed can answer "
        "postcode and proximity searches without the internet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="Load or refresh centroids from a CSV file")
        load.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open(newline="", encoding="utf-8-sig") as lines:
                count = load_centroids(lines)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not a UTF-8 text file") from None
        except PostcodeFileError as exc:
            raise CommandError(f"{exc}. Nothing was loaded.") from None
        self.stdout.write(f"Loaded {count} postcode centroids from {path.name}.")
