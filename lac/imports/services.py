"""Writes for imports: run an import (dry or for real), save mappings, keep jobs."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from lac.accounts.models import Programme, User
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.imports.engine import run_import
from lac.imports.mapping import Mapping
from lac.imports.models import ImportJob, ImportMapping
from lac.imports.report import Report
from lac.imports.store import CaseworkStore, build_context


def import_file(
    *,
    path: Path | str,
    programme: Programme,
    user: User | None,
    coordinator: User | None = None,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    display_name: str | None = None,
    request: HttpRequest | None = None,
    job: ImportJob | None = None,
) -> Report:
    """Check (and unless ``dry_run``, store) one spreadsheet, all or nothing.

    Raises :class:`lac.imports.engine.ImportFailed` when nothing can be imported.
    """
    today = timezone.localdate()
    name = display_name or Path(path).name
    context = build_context(programme, coordinator=coordinator, today=today)
    store = CaseworkStore(programme=programme, file_name=name, user=user, today=today)
    with transaction.atomic():
        report = run_import(
            path,
            store=store,
            context=context,
            mapping=mapping,
            dry_run=dry_run,
            display_name=name,
        )
        if not dry_run:
            audit_write(
                obj=job or programme,
                action=Action.CREATE,
                what=(
                    f"Imported {name} into {programme.name}: {report.created_people} people, "
                    f"{report.created_introductions} introductions, "
                    f"{report.updated_people} updated"
                ),
                user=user,
                request=request,
                changes={"file": ["", name], "rows": ["", str(report.rows)]},
            )
    return report


def mapping_save(
    *,
    programme: Programme,
    name: str,
    mapping: Mapping,
    user: User | None,
    coordinator: User | None = None,
) -> ImportMapping:
    """Keep a layout's mapping under a name, replacing an older one of the same name."""
    saved, _ = ImportMapping.objects.update_or_create(
        programme=programme,
        name=name.strip(),
        defaults={
            "coordinator": coordinator,
            "columns": mapping.columns,
            "values": mapping.values,
            "created_by": user,
        },
    )
    saved.full_clean()
    return saved
