"""Reads for evaluation: impact maps, versions and runs a user may see."""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.translation import ngettext

from lac.accounts.permissions import Capability, Scope
from lac.evaluation.models import ImpactMap, ImpactMapVersion, Mode, ProxyTable, Run, Status
from lac.lib.disclosure import suppress_value
from lac.outcomes.price_years import counted_outside


def impact_maps_for(
    scope: Scope, capability: Capability = Capability.VIEW_REPORTS
) -> QuerySet[ImpactMap]:
    maps = ImpactMap.objects.select_related("programme").annotate(
        version_count=Count("versions", distinct=True)
    )
    return scope.filter(maps, capability, neighbourhood_field=None, programme_field="programme")


def latest_version(impact_map: ImpactMap) -> ImpactMapVersion:
    return impact_map.versions.order_by("-number").select_related("created_by").first()  # type: ignore[return-value]


def versions_of(impact_map: ImpactMap) -> QuerySet[ImpactMapVersion]:
    return impact_map.versions.select_related("created_by").order_by("-number")


def runs_of(impact_map: ImpactMap) -> QuerySet[Run]:
    return (
        Run.objects.filter(version__impact_map=impact_map)
        .select_related("version", "created_by")
        .order_by("-created", "-pk")
    )


def runs_for(scope: Scope, capability: Capability = Capability.VIEW_REPORTS) -> QuerySet[Run]:
    runs = Run.objects.select_related("version__impact_map", "programme", "created_by")
    return scope.filter(runs, capability, neighbourhood_field=None, programme_field="programme")


def newest_published(impact_map: ImpactMap) -> Run | None:
    """The map's most recently published run that has not been withdrawn."""
    return (
        Run.objects.filter(version__impact_map=impact_map, status=Status.PUBLISHED)
        .select_related("version__impact_map")
        .order_by("-published_at", "-pk")
        .first()
    )


def forecast_counterpart(run: Run) -> Run | None:
    """The published forecast run an evaluative run is set beside.

    Once the run is published this is the one fixed at publication (even if
    since withdrawn); for a draft it is what publishing now would fix.
    """
    if run.mode != Mode.EVALUATIVE:
        return None
    if run.status != Status.DRAFT:
        return run.compared_with
    forecast_map = run.version.impact_map.forecast
    return newest_published(forecast_map) if forecast_map is not None else None


def published_evaluations_of(run: Run) -> QuerySet[Run]:
    """Published evaluative runs set beside this forecast run (links only: never its figures)."""
    return (
        run.evaluations.filter(status=Status.PUBLISHED)
        .select_related("version__impact_map")
        .order_by("published_at", "pk")
    )


def published_runs_by_programme(
    programme_ids: list[int], mode: str = Mode.EVALUATIVE
) -> dict[int, Run]:
    """Each programme's most recently published run of a mode, with its forecast, in one query."""
    newest: dict[int, Run] = {}
    runs = (
        Run.objects.filter(programme_id__in=programme_ids, mode=mode, status=Status.PUBLISHED)
        .select_related("version__impact_map", "compared_with__version__impact_map")
        .defer("sensitivity", "compared_with__sensitivity", "compared_with__document")
    )
    for run in runs.order_by("published_at", "pk"):
        newest[run.programme_id] = run
    return newest


@dataclass(frozen=True)
class DisclosedRun:
    """A run's map as calculated and its counted quantities, as one role may see them."""

    document: dict[str, Any]
    resolved: dict[str, Any]


def run_disclosed(run: Run, *, suppress: bool) -> DisclosedRun:
    """The run's counted quantities, small ones hidden (``lac.lib.disclosure``) if asked.

    A counted quantity is a count of people or events drawn from casework, so
    a role that sees aggregates only (``Scope.sees_aggregates_only``) gets it
    suppressed wherever the run is shown: its page and PDF, the map as
    calculated (YAML) and the API. Typed-in quantities are assumptions, not
    counts, and are shown as they are.
    """
    if not suppress:
        return DisclosedRun(run.document, run.resolved)
    resolved = {
        outcome_id: {**bound, "quantity": suppress_value(bound["quantity"])}
        for outcome_id, bound in run.resolved.items()
    }
    document = copy.deepcopy(run.document)
    for outcome in document["outcomes"]:
        if outcome["id"] in resolved:
            outcome["quantity"] = resolved[outcome["id"]]["quantity"]
    return DisclosedRun(document, resolved)


def proxy_tables_for(scope: Scope) -> QuerySet[ProxyTable]:
    """The proxy tables of the programmes where the user manages social value, with counts."""
    return (
        ProxyTable.objects.filter(
            programme_id__in=sorted(scope.programme_ids(Capability.MANAGE_VALUE))
        )
        .select_related("programme")
        .annotate(value_count=Count("values"))
        .prefetch_related("values")
    )


# --- Price years a deflator release must cover (lac.outcomes.price_years) --------------------


def proxy_tables_outside(covered: Collection[str]) -> Iterator[tuple[str, str]]:
    """A new run restates a bound proxy from its table's price year to the map's."""
    return counted_outside(
        ProxyTable.objects.all(),
        covered,
        lambda n: ngettext("%(n)s proxy table", "%(n)s proxy tables", n) % {"n": n},
    )


def impact_maps_outside(covered: Collection[str]) -> Iterator[tuple[str, str]]:
    """Each impact map's working document (its latest version) whose price years, the map's
    own or an input's or a proxy's, the series must restate when a new run is made.

    Only the latest version counts: a run is made from it, older versions are history.
    A map carrying its own ``deflators`` never uses the series. Runs do not count at
    all, draft or published: each has the deflators it used written into its frozen
    document when it is made (:func:`lac.evaluation.services.with_deflators`), and is
    shown and reproduced from that alone, so a later release cannot change or break it.
    """
    latest = ImpactMapVersion.objects.filter(
        number=Subquery(
            ImpactMapVersion.objects.filter(impact_map=OuterRef("impact_map"))
            .order_by("-number")
            .values("number")[:1]
        )
    ).values_list("impact_map__name", "document")
    names: dict[str, set[str]] = defaultdict(set)
    for name, document in latest:
        if document.get("deflators") is None:
            for year in set(price_years_of(document)) - set(covered):
                names[year].add(name)
    for year, maps in sorted(names.items()):
        listed = ", ".join(f"“{n}”" for n in sorted(maps))
        yield (
            year,
            ngettext("the impact map %(names)s", "the impact maps %(names)s", len(maps))
            % {"names": listed},
        )


def price_years_of(document: Mapping[str, Any]) -> Iterator[str]:
    """Every price year a map's document states: the map's, its inputs' and its proxies'."""
    items = [document, *document.get("inputs", ())]
    items += [o.get("proxy") or {} for o in document.get("outcomes", ())]
    for item in items:
        if isinstance(item, Mapping) and item.get("price_year"):
            yield str(item["price_year"])
