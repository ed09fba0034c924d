"""``lac import FILE --programme SLUG …``: import a monitoring spreadsheet (IMPORT-SPEC.md).

Exit status 0 when the file was imported (or would be, with ``--dry-run``),
even if some rows were rejected; 2 with a one-line message when nothing
could be imported. It runs in the foreground; with ``-v 2`` it tells its
progress on standard error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from lac.accounts.models import Programme, User
from lac.audit.actor import Actor
from lac.imports.engine import ImportFailed, Progress
from lac.imports.mapping import Mapping


class Failed(Exception):
    pass


class Told(Progress):
    """Progress as lines on standard error, for a person watching a long import."""

    def reading(self, done: int, total: int) -> None:
        sys.stderr.write(f"read and checked {done:,} of {total:,} rows\n")

    def saving(self, done: int, total: int) -> None:
        sys.stderr.write(f"stored {done:,} of {total:,} checked rows\n")


class Command(BaseCommand):
    help = "Import a coordinator's monitoring spreadsheet (xlsx, xls, ods or csv)."
    # The web site's checks (URLs, templates) have no bearing on an import, and a
    # failing one must not turn the one-line contract into a page of output.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--programme", required=True, help="The programme's slug")
        parser.add_argument(
            "--coordinator", help="Username of the coordinator when the file has no such column"
        )
        parser.add_argument("--mapping", help="A YAML column and value mapping")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only")
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = self.run(options)
        except (Failed, ImportFailed) as exc:
            self.fail(str(exc))
        except Exception as exc:  # a one-line message, never a traceback
            self.fail(
                f"{Path(options['file']).name}: could not be imported ({type(exc).__name__}: {exc})"
            )
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report.as_text())

    def fail(self, message: str) -> None:
        sys.stderr.write(" ".join(message.split()) + "\n")
        sys.exit(2)

    def run(self, options: dict[str, Any]):
        from lac.imports.services import import_file

        path = Path(options["file"])
        if not path.is_file():
            raise Failed(_("%(path)s: no such file") % {"path": path})
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise Failed(_("unknown programme %(slug)r") % {"slug": options["programme"]})
        coordinator = None
        if options["coordinator"]:
            coordinator = User.objects.filter(username=options["coordinator"]).first()
            if coordinator is None:
                raise Failed(
                    _("unknown coordinator %(username)r") % {"username": options["coordinator"]}
                )
        mapping = None
        if options["mapping"]:
            try:
                mapping = Mapping.from_yaml(Path(options["mapping"]).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                raise Failed(
                    _("%(path)s: cannot read the mapping (%(why)s)")
                    % {"path": options["mapping"], "why": exc}
                ) from exc
            except ValueError as exc:
                raise Failed(f"{options['mapping']}: {exc}") from exc
        return import_file(
            path=path,
            programme=programme,
            actor=Actor.working_as(None, job="import command"),
            coordinator=coordinator,
            mapping=mapping,
            dry_run=options["dry_run"],
            progress=Told() if options["verbosity"] >= 2 else None,
        )
