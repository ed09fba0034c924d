"""``lac forget_introductions [--in-background]``: erase introductions never welcomed.

The personal details of introductions declined or never decided are erased once
``UNWELCOMED_INTRODUCTION_DAYS`` (365 by default) have passed since they arrived
(see :mod:`lac.welcome.retention`). Meant to run from a scheduler (cron, a systemd
timer) daily; ``--in-background`` queues the same work for ``lac db_worker``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lac.audit.actor import Actor
from lac.welcome import jobs
from lac.welcome.retention import unwelcomed_erase


class Command(BaseCommand):
    help = "Erase the personal details of introductions never welcomed, past their period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--in-background", action="store_true", help="Queue it for the background worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["in_background"]:
            result = jobs.forget_introductions.enqueue()
            self.stdout.write(f"Queued for the background worker (task {result.id}).")
            return
        done = unwelcomed_erase(Actor.working_as(None, job="command: forget_introductions"))
        noun = "introduction" if done.erased == 1 else "introductions"
        self.stdout.write(
            f"Erased the personal details of {done.erased} {noun} never welcomed, "
            f"{done.days} days or more after they arrived."
        )
