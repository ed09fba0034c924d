"""``lac visits check``: record an alert for every lone-working visit now overdue, and
email the programme's managers that one is (when the council set up email)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lac.safety.services import visits_alert_overdue


class Command(BaseCommand):
    help = (
        "Record an alert, once, for each visit whose coordinator is past the time they "
        "expected to be back, and email the programme's managers (no personal details) "
        "when email is set up. Run it every minute (a systemd timer); managers' pages show "
        "overdue visits straight from the times, so nothing waits for it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("check", help="Alert on overdue visits")

    def handle(self, *args: Any, **options: Any) -> None:
        alerted = visits_alert_overdue()
        self.stdout.write(f"{len(alerted)} overdue visits alerted.")
