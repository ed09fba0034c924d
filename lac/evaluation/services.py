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
from django.utils import timezone
from django.utils.translation import gettext

from lac.accounts.models import Programme
from lac.accounts.permissions import Capability, scope_for_user
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.evaluation.bindings import (
    FIELD_CONFIDENCE,
    FIELD_PROXY,
    Period,
    check_binding,
    clean_binding,
    confidence_of,
    parameter_choices,
    problem,
    proxy_choices,
    resolve,
)
from lac.evaluation.charts import run_charts
from lac.evaluation.models import (
    ImpactMap,
    ImpactMapVersion,
    Mode,
    ProxyTable,
    ProxyValue,
    Run,
    Status,
)
from lac.evaluation.proxy_files import read_proxy_rows
from lac.evaluation.selectors import newest_published
from lac.lib.rules import records
from lac.outcomes.models import Confidence
from lac.outcomes.selectors import deflators_in_use
from lac.outcomes.value_problems import engine_problems
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
ANNOTATIONS = ("excluded_reason", "deadweight_source", "attribution_source", "drop_off_source")
"""What an outcome says beyond the engine's document: why not material, where figures came from."""
DEFAULT_DRAWS = 10_000
MAX_DRAWS = 200_000


def checked_document(document: object) -> dict[str, Any]:
    """The document in the engine's canonical form, or ValidationError listing every problem.

    Price years are checked against the deflator series in use (a council's
    loaded release, else the engine's shipped one) unless the map has its own.
    """
    try:
        return impact_map_to_dict(impact_map_from_dict(document, deflators_in_use()))
    except ImpactMapError as exc:
        raise ValidationError(engine_problems(exc)) from exc


def checked_bindings(
    programme: Programme, document: Mapping[str, Any], bindings: Mapping[str, Any]
) -> dict[str, Any]:
    """Bindings whose parameters the programme has, or ValidationError naming outcome and field."""
    outcome_ids = {o["id"] for o in document["outcomes"]}
    choices = parameter_choices(programme) if bindings else {}
    proxies = dict(proxy_choices(programme)) if bindings else {}
    problems = []
    clean: dict[str, Any] = {}
    for outcome_id, binding in bindings.items():
        if outcome_id not in outcome_ids:
            problems.append(
                gettext("%(outcome)s: a binding names an outcome the map does not have")
                % {"outcome": outcome_id}
            )
            continue
        found = check_binding(outcome_id, binding, choices, proxies)
        if binding.get("proxy") and document.get("price_year") is None:
            found.append(
                problem(
                    outcome_id,
                    FIELD_PROXY,
                    gettext(
                        "give the map a price year, so the table’s values are restated from "
                        "the table’s own"
                    ),
                )
            )
        problems.extend(found)
        if not found:
            clean[outcome_id] = clean_binding(binding)
    if problems:
        raise ValidationError(problems)
    return clean


def _check_widened_confidence(
    previous: Mapping[str, Any], bindings: Mapping[str, Any], actor: Actor, programme_id: int
) -> None:
    """Only a programme lead may start counting services the person reported (a job or
    command acting for nobody is the installation's own, so it may)."""
    user = actor.user
    if user is None or scope_for_user(user).can(Capability.PUBLISH_VALUE, programme_id):
        return
    for outcome_id, binding in bindings.items():
        before = confidence_of(previous.get(outcome_id) or {})
        if Confidence.REPORTED in confidence_of(binding) and Confidence.REPORTED not in before:
            raise ValidationError(
                problem(
                    outcome_id,
                    FIELD_CONFIDENCE,
                    gettext("only a programme lead may count services the person reported"),
                )
            )


def clean_annotations(
    document: Mapping[str, Any], annotations: Mapping[str, Any]
) -> dict[str, dict[str, str]]:
    """Annotations for the document's outcomes only, each a known key with words in it."""
    ids = {o["id"] for o in document["outcomes"]}
    clean = {}
    for outcome_id, notes in annotations.items():
        kept = {k: str(notes.get(k, "")).strip() for k in ANNOTATIONS if notes.get(k)}
        if outcome_id in ids and kept:
            clean[outcome_id] = kept
    return clean


def unexplained_exclusions(version: ImpactMapVersion) -> list[str]:
    """Outcomes left out of the ratio without a reason why they are not material."""
    return [
        o["id"]
        for o in version.document["outcomes"]
        if not o["include"] and not version.annotations.get(o["id"], {}).get("excluded_reason")
    ]


def document_from_file(name: str, content: bytes) -> dict[str, Any]:
    """Read an uploaded YAML, JSON or XLSX impact map through the value engine."""
    suffix = Path(name).suffix.lower()
    if suffix not in {".yaml", ".yml", ".json", ".xlsx"}:
        raise ValidationError(
            gettext("The file must be YAML, JSON or XLSX, not %(suffix)s")
            % {"suffix": suffix or gettext("no extension")}
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            return impact_map_to_dict(load_impact_map(path))
        except ImpactMapError as exc:
            raise ValidationError(engine_problems(exc)) from exc


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
    actor: Actor,
    note: str = "",
    annotations: Mapping[str, Any] | None = None,
    engagement: str = "",
) -> ImpactMap:
    clean = checked_document(document)
    impact_map = ImpactMap(
        programme=programme, name=clean["name"], mode=mode, created_by=actor.user
    )
    records.check(impact_map)
    impact_map.save()
    impact_map_save_version(
        impact_map=impact_map,
        document=clean,
        bindings=bindings or {},
        actor=actor,
        note=note or gettext("First version"),
        annotations=annotations or {},
        engagement=engagement,
    )
    return impact_map


@transaction.atomic
def impact_map_save_version(
    *,
    impact_map: ImpactMap,
    document: Mapping[str, Any],
    bindings: Mapping[str, Any] | None = None,
    actor: Actor,
    note: str = "",
    annotations: Mapping[str, Any] | None = None,
    engagement: str | None = None,
) -> ImpactMapVersion:
    """Save the map's next version (the earlier ones stay as they were).

    Annotations and the engagement note carry over from the previous version
    when not given (an uploaded file has no place for them).
    """
    clean = checked_document(document)
    clean_bindings = checked_bindings(impact_map.programme, clean, bindings or {})
    if clean_bindings and impact_map.mode != Mode.EVALUATIVE:
        raise ValidationError(
            gettext("Only an evaluative map can take its quantities from the records")
        )
    impact_map = ImpactMap.objects.select_for_update().get(pk=impact_map.pk)
    previous = impact_map.versions.order_by("-number").first()
    _check_widened_confidence(
        previous.bindings if previous else {}, clean_bindings, actor, impact_map.programme_id
    )
    latest = previous.number if previous else 0
    version = ImpactMapVersion(
        impact_map=impact_map,
        number=latest + 1,
        document=clean,
        bindings=clean_bindings,
        note=note,
        created_by=actor.user,
        annotations=clean_annotations(
            clean, previous.annotations if annotations is None and previous else annotations or {}
        ),
        engagement=(
            previous.engagement if engagement is None and previous else engagement or ""
        ).strip(),
    )
    records.check(version)
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
    document: Mapping[str, Any],
    quantities: Mapping[str, float],
    proxies: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The document with bound quantities replaced by their counts, and bound proxies by
    their tables' values.

    A counted quantity is a fact of the period, not an assumption, so any
    quantity range from the forecast is dropped for that outcome; a proxy
    taken from a table likewise drops any typed-in proxy range.
    """
    resolved = copy.deepcopy(dict(document))
    for outcome in resolved["outcomes"]:
        ranges = outcome.get("ranges") or {}
        if outcome["id"] in quantities:
            outcome["quantity"] = quantities[outcome["id"]]
            ranges.pop("quantity", None)
        if outcome["id"] in (proxies or {}):
            outcome["proxy"] = dict((proxies or {})[outcome["id"]])
            ranges.pop("proxy", None)
        if "ranges" in outcome and not ranges:
            del outcome["ranges"]
    return checked_document(resolved)


def with_deflators(document: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """The document with the deflators that restate its price years written in, and their name.

    A run freezes the series it used, so that a later release never changes
    its figures and the map as calculated reproduces them. A map without a
    price year needs none.
    """
    frozen = dict(document)
    if frozen.get("price_year") is None:
        return frozen, ""
    if frozen.get("deflators"):
        return frozen, "the map’s own deflators"
    series = deflators_in_use()
    frozen["deflators"] = dict(series.index)
    return frozen, series.label


def compute(document: Mapping[str, Any], *, draws: int, seed: int) -> dict[str, Any]:
    """The value engine's result, sensitivity and Monte Carlo for a document, as JSON data,
    and the report's charts drawn from them (so no page or PDF draws them again)."""
    impact_map = impact_map_from_dict(document)
    result = calculate(impact_map)
    simulation = simulate(impact_map, draws=draws, seed=seed)
    swings = one_at_a_time(impact_map)
    data = {
        "result": report_json(result),
        "sensitivity": sensitivity_json(swings, break_even(impact_map)),
        "simulation": simulation_json(simulation),
    }
    # Round-trip through JSON so what is compared later is exactly what is stored.
    return {
        **json.loads(json.dumps(data)),
        "charts": run_charts(document, result, swings, simulation),
    }


@transaction.atomic
def run_create(
    *,
    version: ImpactMapVersion,
    start: date | None,
    end: date | None,
    draws: int = DEFAULT_DRAWS,
    seed: int = 1,
    actor: Actor,
) -> Run:
    """Resolve the bindings for the period, calculate, and freeze it all in a run."""
    impact_map = version.impact_map
    if not 1 <= draws <= MAX_DRAWS:
        raise ValidationError(
            {"draws": gettext("Draws must be from 1 to %(most)s") % {"most": f"{MAX_DRAWS:,}"}}
        )
    if version.bindings and (start is None or end is None):
        raise ValidationError(
            {"start": gettext("An evaluative run needs the period's start and end")}
        )
    if start and end and end < start:
        raise ValidationError(
            {"end": gettext("The end of the period must be on or after its start")}
        )
    planned = {o["id"]: o["quantity"] for o in version.document["outcomes"]}
    resolved = {}
    if version.bindings:
        # The programme's event types, life areas or rate card may have changed since.
        checked_bindings(impact_map.programme, version.document, version.bindings)
        period = Period(impact_map.programme, start, end)  # type: ignore[arg-type]
        for r in resolve(period, version.bindings):
            resolved[r.outcome_id] = {
                "kind": r.kind,
                "parameter": r.parameter,
                "label": r.label,
                "quantity": r.quantity,
                "planned": planned[r.outcome_id],
                "output_reason": r.output_reason,
                "confidence": list(r.confidence),
                "confidence_reason": r.confidence_reason,
                **({"proxy": r.proxy} if r.proxy else {}),
            }
    document, deflators_label = with_deflators(
        resolved_document(
            version.document,
            {k: v["quantity"] for k, v in resolved.items()},
            {k: v["proxy"] for k, v in resolved.items() if "proxy" in v},
        )
    )
    try:
        computed = compute(document, draws=draws, seed=seed)
    except ImpactMapError as exc:
        raise ValidationError(engine_problems(exc)) from exc
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
        deflators_label=deflators_label,
        lac_version=lac_version,
        git_commit=commit,
        created_by=actor.user,
        **computed,
    )
    records.check(run)
    run.save()
    return run


def run_reproduce(run: Run) -> dict[str, Any]:
    """Recalculate a run from its frozen document, draws and seed, to check a published ratio."""
    return compute(run.document, draws=run.draws, seed=run.seed)


@transaction.atomic
def impact_map_set_forecast(
    *, impact_map: ImpactMap, forecast: ImpactMap | None, actor: Actor
) -> ImpactMap:
    """Name the forecast an evaluative map realises (a forecast map of the same programme)."""
    if forecast is not None:
        if impact_map.mode != Mode.EVALUATIVE:
            raise ValidationError(
                {"forecast": gettext("Only an evaluative map realises a forecast")}
            )
        if forecast.mode != Mode.FORECAST or forecast.programme_id != impact_map.programme_id:
            raise ValidationError(
                {"forecast": gettext("Choose a forecast map of the same programme")}
            )
    before = impact_map.forecast.name if impact_map.forecast else ""
    impact_map.forecast = forecast
    impact_map.save(update_fields=["forecast"])
    audit_write(
        obj=impact_map,
        actor=actor,
        what=f"Impact map “{impact_map.name}”: the forecast it realises",
        changes={"forecast": [before, forecast.name if forecast else ""]},
    )
    return impact_map


@transaction.atomic
def run_publish(*, run: Run, actor: Actor, note: str) -> Run:
    """Publish a draft run for boards; an evaluative run is fixed beside its forecast's.

    The forecast run is the newest published run of the forecast map the
    evaluative map names, as it stands now; it is stored on the run so that
    the report never changes when other runs are made, published or withdrawn.
    """
    run = Run.objects.select_for_update().select_related("version__impact_map").get(pk=run.pk)
    if run.status != Status.DRAFT:
        raise ValidationError(
            gettext("Run %(number)s is %(status)s, not a draft")
            % {"number": run.pk, "status": run.get_status_display().lower()}
        )
    note = note.strip()
    if not note:
        raise ValidationError(
            {"note": gettext("Enter a note for the board: why this run is published")}
        )
    missing = unexplained_exclusions(run.version)
    if missing:
        raise ValidationError(
            [
                gettext(
                    "%(outcome)s: why it is not material: say why before publishing, since the "
                    "outcome is not counted"
                )
                % {"outcome": outcome_id}
                for outcome_id in missing
            ]
        )
    forecast_map = run.version.impact_map.forecast
    if run.mode == Mode.EVALUATIVE and forecast_map is not None:
        run.compared_with = newest_published(forecast_map)
    run.status = Status.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = actor.user
    run.publication_note = note
    records.check(run)
    run.save()
    audit_write(
        obj=run,
        actor=actor,
        what=f"Published SROI run {run.pk} of “{run.version}”",
        changes={"status": [Status.DRAFT, Status.PUBLISHED], "note": ["", note]},
    )
    return run


@transaction.atomic
def run_withdraw(*, run: Run, actor: Actor, reason: str) -> Run:
    """Withdraw a published run: it is kept, with its figures, and marked with the reason."""
    run = Run.objects.select_for_update().get(pk=run.pk)
    if run.status != Status.PUBLISHED:
        raise ValidationError(
            gettext("Only a published run can be withdrawn; run %(number)s is not")
            % {"number": run.pk}
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": gettext("Enter why the run is withdrawn")})
    run.status = Status.WITHDRAWN
    run.withdrawn_at = timezone.now()
    run.withdrawn_by = actor.user
    run.withdrawal_reason = reason
    records.check(run)
    run.save()
    audit_write(
        obj=run,
        action=Action.UPDATE,
        actor=actor,
        what=f"Withdrew SROI run {run.pk}",
        changes={"status": [Status.PUBLISHED, Status.WITHDRAWN], "reason": ["", reason]},
    )
    return run


@transaction.atomic
def proxy_table_load(
    *,
    actor: Actor,
    programme: Programme,
    name: str,
    source: str,
    licence: str,
    price_year: str,
    file_name: str,
    content: bytes,
) -> ProxyTable:
    """Load a programme's proxy table from its file, whole or not at all."""
    rows = read_proxy_rows(file_name, content)
    table = ProxyTable(
        programme=programme,
        name=name.strip(),
        source=source.strip(),
        licence=licence.strip(),
        price_year=price_year.strip(),
        loaded_from=Path(file_name).name[:255],
        loaded_by=actor.user,
    )
    records.check(table)
    table.save()
    ProxyValue.objects.bulk_create(
        ProxyValue(table=table, code=r.code, outcome=r.outcome, value=r.value, order=n)
        for n, r in enumerate(rows)
    )
    audit_write(
        obj=table,
        action=Action.CREATE,
        actor=actor,
        what=f"Loaded the proxy table “{table.name}” ({len(rows)} values)",
    )
    return table
