"""``lac api-token USERNAME --scope people:read [--scope …] [--name NAME]``.

Makes an API token for a user (for an administrator setting up an
integration) and prints it once; only its hash is kept.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.accounts.models import User
from lac.api.models import Scope
from lac.api.tokens import api_token_create, scopes_allowed


class Command(BaseCommand):
    help = "Make an API token for a user and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--scope",
            action="append",
            required=True,
            choices=Scope.values,
            help="What the token may do; repeat for more than one",
        )
        parser.add_argument("--name", default="Made with lac api-token")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {options['username']!r}")
        allowed = set(scopes_allowed(user))
        refused = [s for s in options["scope"] if s not in allowed]
        if refused:
            raise CommandError(
                f"{user.username}'s roles do not allow {', '.join(refused)}; "
                f"they may have: {', '.join(sorted(allowed)) or 'nothing'}"
            )
        try:
            token, raw = api_token_create(user=user, name=options["name"], scopes=options["scope"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Token for {user.username} ({', '.join(token.scopes)}):")
        self.stdout.write(raw)
        self.stdout.write("Copy it now: it is not stored and will not be shown again.")
