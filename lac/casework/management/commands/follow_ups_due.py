"""``lac follow_ups_due [--notify]``: how many follow-ups after closure are due, per programme.

Run daily from cron (or by hand). With ``--notify`` and an email server
configured, each coordinator with a follow-up due that has no link yet gets
one email saying so, with no name or detail in it (:mod:`lac.lib.notify`):
the list itself is behind sign-in. Who is due is the one rule in
:func:`lac.casework.closure_follow_ups.follow_ups_due`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lac.accounts.models import Programme, User
from lac.casework.closure_follow_ups import follow_ups_due, not_started
from lac.lib.notify import notify

SUBJECT = gettext_lazy("Follow-ups due")
SENTENCE = gettext_lazy("Someone you walked alongside is due a follow-up after closure.")


class Command(BaseCommand):
    help = "Count the follow-ups after closure due today; optionally email their coordinators."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--notify",
            action="store_true",
            help="Email each coordinator with a follow-up not yet given a link (no personal data)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        waiting: set[int] = set()
        for programme in Programme.objects.order_by("name"):
            due = follow_ups_due(programme, today=today)
            count = due.count()
            if count:
                self.stdout.write(f"{programme.name}: {count} follow-up{'s' * (count != 1)} due")
            waiting |= set(
                not_started(due)
                .filter(coordinator__isnull=False)
                .values_list("coordinator_id", flat=True)
            )
        if options["notify"]:
            coordinators = User.objects.filter(pk__in=sorted(waiting), is_active=True)
            sent = notify(
                coordinators,
                subject=SUBJECT,
                sentence=SENTENCE,
                path=reverse("casework:follow_ups"),
            )
            self.stdout.write(f"Emails sent: {sent}")
