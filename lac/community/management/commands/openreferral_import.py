"""``lac openreferral-import FILE --programme SLUG [--dry-run]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lac.accounts.models import Programme
from lac.audit.actor import Actor
from lac.community.openreferral.importer import import_hsds, parse_upload


class Command(BaseCommand):
    help = "Import another publisher's Open Referral (HSDS 3.0) services into a directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="HSDS JSON: a list or a page of services")
        parser.add_argument("--programme", required=True, help="Slug of the programme")
        parser.add_argument("--dry-run", action="store_true", help="Check only; save nothing")
        parser.add_argument("--source", default="", help="Name of the publisher")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            programme = Programme.objects.get(slug=options["programme"])
        except Programme.DoesNotExist:
            raise CommandError(f"No programme with slug {options['programme']!r}") from None
        path: Path = options["file"]
        try:
            payload = parse_upload(path.read_bytes())
            report = import_hsds(
                payload,
                programme=programme,
                actor=Actor.working_as(None, job="openreferral_import command"),
                dry_run=options["dry_run"],
                source=options["source"] or path.name,
            )
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        for label in report.created:
            self.stdout.write(f"created   {label}")
        for label in report.updated:
            self.stdout.write(f"updated   {label}")
        for label, reasons in report.rejected:
            self.stdout.write(f"rejected  {label}: {'; '.join(reasons)}")
        for label, warning in report.warnings:
            self.stdout.write(f"warning   {label}: {warning}")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
        self.stdout.write(self.style.SUCCESS(report.summary))
