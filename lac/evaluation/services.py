"""Writes for evaluation: impact maps and their versions, file import and export, runs.

Every document is checked by the value engine before anything is saved, and
each write happens in one transaction, so a rejected map leaves nothing behind.
"""

from __future__ import annotations

import copy
import json
import subprocess
import tempfile
from collections.abc import Mapping
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from lac.accounts.models import Programme, User
from lac.evaluation.bindings import Period, check_binding, resolve
from lac.evaluation.models import ImpactMap, ImpactMapVersion, Mode, Run
from lac.value import (
    ImpactMapError,
    break_even,
    calculate,
    impact_map_from_dict,
    impact_map_to_dict,
    load_impact_map,
    one_at_a_time,
    save_impact_map,
    simulate,
)
from lac.value.render import report_json, sensitivity_json, simulation_json

FORMATS = {
    "yaml": ("application/yaml", ".yaml"),
    "json": ("application/json", ".json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}
DEFAULT_DRAWS = 10_000
MAX_DRAWS = 200_000


def checked_document(document: object) -> dict[str, Any]:
    """The document in the engine's canonical form, or ValidationError listing every problem."""
    try:
        return impact_map_to_dict(impact_map_from_dict(document))
    except ImpactMapError as exc:
        raise ValidationError([str(p) for p in exc.problems]) from exc


def checked_bindings(document: Mapping[str, Any], bindings: Mapping[str, Any]) -> dict[str, Any]:
    outcome_ids = {o["id"] for o in document["outcomes"]}
    problems = []
    clean: dict[str, Any] = {}
    for outcome_id, binding in bindings.items():
        if outcome_id not in outcome_ids:
            problems.append(f"{outcome_id}: a binding names an outcome the map does not have")
            continue
        problem = check_binding(outcome_id, binding)
        if problem:
            problems.append(problem)
        else:
            clean[outcome_id] = {
                "kind": binding["kind"],
                "parameter": str(binding.get("parameter", "")).strip(),
            }
    if problems:
        raise ValidationError(problems)
    return clean


def document_from_file(name: str, content: bytes) -> dict[str, Any]:
    """Read an uploaded YAML, JSON or XLSX impact map through the value engine."""
    suffix = Path(name).suffix.lower()
    if suffix not in {".yaml", ".yml", ".json", ".xlsx"}:
        raise ValidationError(
            f"The file must be YAML, JSON or XLSX, not {suffix or 'no extension'}"
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            return impact_map_to_dict(load_impact_map(path))
        except ImpactMapError as exc:
            raise ValidationError([str(p) for p in exc.problems]) from exc


def document_to_file(document: Mapping[str, Any], fmt: str) -> bytes:
    """The document as YAML, JSON or XLSX bytes, written by the value engine."""
    suffix = FORMATS[fmt][1]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"map{suffix}"
        save_impact_map(impact_map_from_dict(document), path)
        return path.read_bytes()


@transaction.atomic
def impact_map_create(
    *,
    programme: Programme,
    mode: str,
    document: Mapping[str, Any],
    bindings: Mapping[str, Any] | None = None,
    user: User | None = None,
    note: str = "",
) -> ImpactMap:
    clean = checked_document(document)
    impact_map = ImpactMap(programme=programme, name=clean["name"], mode=mode, created_by=user)
    impact_map.full_clean()
    impact_map.save()
    impact_map_save_version(
        impact_map=impact_map,
        document=clean,
        bindings=bindings or {},
        user=user,
        note=note or "First version",
    )
    return impact_map


@transaction.atomic
def impact_map_save_version(
    *,
    impact_map: ImpactMap,
    document: Mapping[str, Any],
    bindings: Mapping[str, Any] | None = None,
    user: User | None = None,
    note: str = "",
) -> ImpactMapVersion:
    """Save the map's next version (the earlier ones stay as they were)."""
    clean = checked_document(document)
    clean_bindings = checked_bindings(clean, bindings or {})
    if clean_bindings and impact_map.mode != Mode.EVALUATIVE:
        raise ValidationError("Only an evaluative map can take its quantities from the records")
    impact_map = ImpactMap.objects.select_for_update().get(pk=impact_map.pk)
    latest = impact_map.versions.aggregate(n=Max("number"))["n"] or 0
    version = ImpactMapVersion(
        impact_map=impact_map,
        number=latest + 1,
        document=clean,
        bindings=clean_bindings,
        note=note,
        created_by=user,
    )
    version.full_clean()
    version.save()
    if impact_map.name != clean["name"]:
        impact_map.name = clean["name"]
        impact_map.save(update_fields=["name"])
    return version


def code_version() -> tuple[str, str]:
    """This installation's lac version and, when run from a git checkout, its commit."""
    try:
        version = metadata.version("lac")
    except metadata.PackageNotFoundError:
        version = "unknown"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return version, commit[:40]


def resolved_document(
    document: Mapping[str, Any], quantities: Mapping[str, float]
) -> dict[str, Any]:
    """The document with bound quantities replaced by their counts.

    A counted quantity is a fact of the period, not an assumption, so any
    quantity range from the forecast is dropped for that outcome.
    """
    resolved = copy.deepcopy(dict(document))
    for outcome in resolved["outcomes"]:
        if outcome["id"] in quantities:
            outcome["quantity"] = quantities[outcome["id"]]
            ranges = outcome.get("ranges") or {}
            ranges.pop("quantity", None)
            if "ranges" in outcome and not ranges:
                del outcome["ranges"]
    return checked_document(resolved)


def compute(document: Mapping[str, Any], *, draws: int, seed: int) -> dict[str, Any]:
    """The value engine's result, sensitivity and Monte Carlo for a document, as JSON data."""
    impact_map = impact_map_from_dict(document)
    result = calculate(impact_map)
    simulation = simulate(impact_map, draws=draws, seed=seed)
    data = {
        "result": report_json(result),
        "sensitivity": sensitivity_json(one_at_a_time(impact_map), break_even(impact_map)),
        "simulation": simulation_json(simulation),
    }
    # Round-trip through JSON so what is compared later is exactly what is stored.
    return json.loads(json.dumps(data))


@transaction.atomic
def run_create(
    *,
    version: ImpactMapVersion,
    start: date | None,
    end: date | None,
    draws: int = DEFAULT_DRAWS,
    seed: int = 1,
    user: User | None = None,
) -> Run:
    """Resolve the bindings for the period, calculate, and freeze it all in a run."""
    impact_map = version.impact_map
    if not 1 <= draws <= MAX_DRAWS:
        raise ValidationError({"draws": f"Draws must be from 1 to {MAX_DRAWS:,}"})
    if version.bindings and (start is None or end is None):
        raise ValidationError({"start": "An evaluative run needs the period's start and end"})
    if start and end and end < start:
        raise ValidationError({"end": "The end of the period must be on or after its start"})
    planned = {o["id"]: o["quantity"] for o in version.document["outcomes"]}
    resolved = {}
    if version.bindings:
        period = Period(impact_map.programme, start, end)  # type: ignore[arg-type]
        for r in resolve(period, version.bindings):
            resolved[r.outcome_id] = {
                "kind": r.kind,
                "parameter": r.parameter,
                "label": r.label,
                "quantity": r.quantity,
                "planned": planned[r.outcome_id],
            }
    document = resolved_document(version.document, {k: v["quantity"] for k, v in resolved.items()})
    try:
        computed = compute(document, draws=draws, seed=seed)
    except ImpactMapError as exc:
        raise ValidationError([str(p) for p in exc.problems]) from exc
    lac_version, commit = code_version()
    run = Run(
        version=version,
        programme=impact_map.programme,
        mode=impact_map.mode,
        period_start=start,
        period_end=end,
        document=document,
        resolved=resolved,
        draws=draws,
        seed=seed,
        lac_version=lac_version,
        git_commit=commit,
        created_by=user,
        **computed,
    )
    run.full_clean()
    run.save()
    return run


def run_reproduce(run: Run) -> dict[str, Any]:
    """Recalculate a run from its frozen document, draws and seed, to check a published ratio."""
    return compute(run.document, draws=run.draws, seed=run.seed)
