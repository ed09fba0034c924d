"""``lac demo-data``: a realistic synthetic programme (or a whole network) to try lac with."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from lac.accounts.models import Programme
from lac.demo.builders import BUILDERS
from lac.demo.context import DemoContext
from lac.demo.organisation import demo_logins
from lac.demo.plan import DEMO_PASSWORD, PLANS
from lac.demo.two_factor import DEMO_TOTP_SECRET, DEMO_TWO_FACTOR_USERNAMES
from lac.reports import monthly


class Command(BaseCommand):
    help = "Load synthetic demo data: programmes, staff for every role, people and their records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(PLANS), default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Date the demo is built around (YYYY-MM-DD); default today",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has a programme",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Programme.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already has data: demo data not loaded.")
                self.print_logins()
                return
            raise CommandError(
                "The database already has programmes; demo data needs an "
                "empty database (delete data/lac.sqlite3 and migrate)."
            )
        plan = PLANS[options["scale"]](options["seed"])
        ctx = DemoContext(
            plan=plan, today=options["today"] or timezone.localdate(), rng=random.Random(plan.seed)
        )
        with transaction.atomic():
            for build in BUILDERS:
                build(ctx)
            # Built in bulk, not through the audited services: count the figures afresh.
            monthly.rebuild()
        analyse()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded ({plan.scale} scale, seed {plan.seed}).")
        )
        self.print_logins()

    def print_logins(self) -> None:
        logins = demo_logins()
        if not logins:
            return
        self.stdout.write(f"\nDemo sign-ins (development only), password: {DEMO_PASSWORD}")
        width = max(len(username) for username, _, _ in logins)
        for username, role, where in logins:
            self.stdout.write(f"  {username.ljust(width)}  {role} — {where}")
        self.stdout.write(
            f"\nTwo-factor sign-in for {', '.join(DEMO_TWO_FACTOR_USERNAMES)}: add the demo "
            f"secret {DEMO_TOTP_SECRET} to an authenticator app, or get a code with "
            f"`lac demo-code` or `oathtool --totp -b {DEMO_TOTP_SECRET}`."
        )


def analyse() -> None:
    """Refresh the query planner's statistics after the bulk load.

    A freshly loaded database has none until autovacuum (PostgreSQL) gets
    round to it, or ever (SQLite), and the planner then guesses table sizes
    from nothing: at network scale that picks nested loops over a million
    conversations. Production databases keep statistics current; so does this.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
