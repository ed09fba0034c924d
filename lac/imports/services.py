"""Writes for imports: run an import (dry or for real), save mappings, keep jobs.

A job's trial run and import run in the background: see :mod:`lac.imports.jobs`.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext

from lac.accounts.models import Programme, User
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.imports.engine import Progress, run_import
from lac.imports.fields import normalise
from lac.imports.mapping import Mapping
from lac.imports.models import ImportJob, ImportMapping
from lac.imports.report import Report
from lac.imports.store import CaseworkStore, build_context
from lac.lib.private_files import open_private, private_folder
from lac.lib.rules import records


def import_file(
    *,
    path: Path | str,
    programme: Programme,
    actor: Actor,
    coordinator: User | None = None,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    display_name: str | None = None,
    job: ImportJob | None = None,
    progress: Progress | None = None,
    before_commit: Callable[[Report], None] | None = None,
) -> Report:
    """Check (and unless ``dry_run``, store) one spreadsheet, all or nothing.

    Raises :class:`lac.imports.engine.ImportFailed` when nothing can be imported and
    :class:`lac.imports.engine.Cancelled` when ``progress`` stops it. The audit entry
    (and whatever ``before_commit`` writes) is saved in the import's own transaction.
    """
    today = timezone.localdate()
    name = display_name or Path(path).name
    context = build_context(programme, coordinator=coordinator, today=today)
    store = CaseworkStore(programme=programme, file_name=name, user=actor.user, today=today)

    def record(report: Report) -> None:
        kept = job or command_job(programme, name, report, actor=actor, coordinator=coordinator)
        store.ledger.save(kept)
        audit_write(
            obj=kept,
            action=Action.CREATE,
            what=(
                f"Imported {name} into {programme.name}: {report.created_people} people, "
                f"{report.created_introductions} introductions, "
                f"{report.updated_people} updated"
            ),
            actor=actor,
            changes={
                "file": ["", name],
                "rows": ["", str(report.rows)],
                "people with equality answers": ["", str(store.equality_answered)],
            },
        )
        if before_commit is not None:
            before_commit(report)

    return run_import(
        path,
        store=store,
        context=context,
        mapping=mapping,
        dry_run=dry_run,
        display_name=name,
        progress=progress,
        before_commit=record,
    )


def command_job(
    programme: Programme,
    name: str,
    report: Report,
    *,
    actor: Actor,
    coordinator: User | None,
) -> ImportJob:
    """The job an import from the command line is kept as, so it is listed with the
    others and can be undone like them; it keeps no file."""
    return ImportJob.objects.create(
        programme=programme,
        coordinator=coordinator,
        file_name=name[:255],
        stored_path="",
        state=ImportJob.State.IMPORTED,
        task=ImportJob.Task.COMMIT,
        task_state=ImportJob.TaskState.DONE,
        committed=timezone.now(),
        report=report.for_page(),
        message=ngettext(
            "Imported %(count)s row from the command line",
            "Imported %(count)s rows from the command line",
            report.rows,
        )
        % {"count": f"{report.rows:,}"},
        created_by=actor.user,
    )


def mapping_save(
    *,
    programme: Programme,
    name: str,
    mapping: Mapping,
    actor: Actor,
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
            "created_by": actor.user,
        },
    )
    records.check(saved)
    return saved


def job_create(
    *,
    programme: Programme,
    upload: Any,
    actor: Actor,
    coordinator: User | None = None,
    saved: ImportMapping | None = None,
) -> ImportJob:
    """Keep an uploaded spreadsheet under the data directory and start a job for it."""
    folder = private_folder(Path(settings.MEDIA_ROOT) / "imports" / uuid.uuid4().hex)
    original = Path(upload.name).name[:200] or "upload"
    stored = folder / ("upload" + Path(original).suffix.lower())
    try:
        with open_private(stored) as out:
            for chunk in upload.chunks():
                out.write(chunk)
    except OSError:
        # A disk that filled part-way must not stay full of the part written.
        shutil.rmtree(folder, ignore_errors=True)
        raise
    job = ImportJob(
        programme=programme,
        coordinator=coordinator,
        file_name=original,
        stored_path=str(stored),
        columns=dict(saved.columns) if saved else {},
        values=dict(saved.values) if saved else {},
        created_by=actor.user,
    )
    records.check(job)
    job.save()
    return job


def job_set_mapping(
    *,
    job: ImportJob,
    columns: dict[str, str] | None = None,
    values: dict[str, dict[str, str]] | None = None,
) -> ImportJob:
    """Record a person's choices; values are merged with earlier decisions."""
    if columns is not None:
        job.columns = columns
    if values is not None:
        merged = {field: dict(table) for field, table in job.values.items()}
        for field_name, table in values.items():
            merged.setdefault(field_name, {}).update(
                {normalise(raw): code for raw, code in table.items()}
            )
        job.values = merged
    job.state = ImportJob.State.UPLOADED
    job.save(update_fields=["columns", "values", "state"])
    return job


def job_mapping(job: ImportJob) -> Mapping:
    return Mapping.from_data({"columns": job.columns, "values": job.values})
