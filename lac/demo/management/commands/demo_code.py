"""``lac demo-code``: the security code for the demo users right now (development only)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lac.demo.two_factor import DEMO_TOTP_SECRET, DEMO_TWO_FACTOR_USERNAMES, demo_code


class Command(BaseCommand):
    help = "Print the current two-factor security code of the demo users (demo secret only)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(demo_code())
        self.stderr.write(
            f"For {', '.join(DEMO_TWO_FACTOR_USERNAMES)} (demo secret {DEMO_TOTP_SECRET}); "
            "a code works once and changes every 30 seconds."
        )
