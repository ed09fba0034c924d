"""``lac retention [--apply] [--programme SLUG]``: records past their retention period.

Lists the closed records whose retention period (``RETENTION_YEARS``, six by
default; see :mod:`lac.people.retention`) has run out. With ``--apply`` — or
when the council's policy is to erase automatically
(``RETENTION_AUTO_ERASE=true``) — anonymises each of them. Meant to run from a
scheduler (cron, a systemd timer) daily or weekly.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lac.accounts.models import Programme
from lac.people.retention import apply_retention, cutoff, retention_years


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = "List (and with --apply, anonymise) records past their retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="Anonymise the records listed")
        parser.add_argument("--programme", metavar="SLUG", help="Only this programme")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["programme"]
        if slug and not Programme.objects.filter(slug=slug).exists():
            raise CommandError(f"No programme with the slug {slug!r}")
        erase = options["apply"] or getattr(settings, "LAC_RETENTION_AUTO_ERASE", False)
        today = timezone.localdate()
        result = apply_retention(today, programme_slug=slug, erase=erase)
        last = cutoff(today)
        self.stdout.write(
            f"Retention period: {plural(retention_years(), 'year')} after closure "
            f"(closed on or before {last:%-d %B %Y})."
        )
        if not result.due:
            self.stdout.write("No records are due.")
            return
        due = len(result.due)
        self.stdout.write(f"{plural(due, 'record')} {'is' if due == 1 else 'are'} due:")
        for person in result.due:
            closed = person.status_since.strftime("%-d %B %Y") if person.status_since else "unknown"
            self.stdout.write(
                f"  record {person.pk}  {person.neighbourhood.programme.slug}"
                f"  {person.neighbourhood.name}  closed {closed}"
            )
        if erase:
            erased = plural(len(result.erased), "record")
            self.stdout.write(self.style.SUCCESS(f"Anonymised {erased}."))
        else:
            self.stdout.write("Nothing was changed. Run again with --apply to anonymise them.")
