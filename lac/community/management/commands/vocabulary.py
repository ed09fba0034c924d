"""``lac vocabulary load FILE``: load or refresh a shared UK vocabulary (the LGA's service list)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.audit.actor import Actor
from lac.community.vocabularies import VocabularyFileError, read_vocabulary, vocabulary_load


class Command(BaseCommand):
    help = (
        "Load or refresh a vocabulary shared by UK directories, such as the LGA's service "
        "list: the JSON its web service gives for a list, or a CSV with identifier and label "
        "columns (uri, parent and description optional). Managers then match their "
        "directory categories to its terms, and the Open Referral feed carries both."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="Load or refresh a vocabulary from a file")
        load.add_argument("file", type=Path)
        load.add_argument("--name", default="", help="The list's name (needed for a CSV)")
        load.add_argument("--uri", default="", help="The list's URI (for a CSV)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        try:
            vocabulary = read_vocabulary(raw, name=options["name"], uri=options["uri"])
        except VocabularyFileError as exc:
            raise CommandError(f"{path.name}: {exc}. Nothing was loaded.") from None
        taxonomy, added, updated = vocabulary_load(
            vocabulary, actor=Actor.of_command("vocabulary load")
        )
        self.stdout.write(
            f"{taxonomy.name}: {len(vocabulary.items)} terms in the file, "
            f"{added} added, {updated} updated."
        )
