"""``lac load-rate-card PROGRAMME [FILE]``: give a programme its own rate card.

FILE is a rate card in the value engine's YAML layout; without it the shipped
New Economy card is copied, for a programme that wants to edit its own. An item
may give its name and unit in Welsh beside the English (``item_cy``, ``unit_cy``),
which Welsh pages show; one without shows the English there.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.accounts.models import Programme
from lac.audit.actor import Actor
from lac.outcomes.services import rate_card_load


class Command(BaseCommand):
    help = "Load a rate card of unit costs for a programme (the shipped card if no file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme", help="The programme's slug")
        parser.add_argument("file", nargs="?", help="A rate card YAML file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            programme = Programme.objects.get(slug=options["programme"])
        except Programme.DoesNotExist as exc:
            raise CommandError(f"No programme with the slug {options['programme']!r}") from exc
        try:
            card = rate_card_load(
                programme=programme, path=options["file"], actor=Actor.of_command("load_rate_card")
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{programme.name} now uses “{card.name}” ({card.items.count()} unit costs)."
            )
        )
