"""Social value: frozen runs of programmes' impact maps (SROI)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router

from lac.accounts.permissions import Capability, Scope
from lac.api import schemas as s
from lac.api.access import allow, one
from lac.api.listing import ONE, READ, Paging, paged, responses
from lac.api.models import Scope as TokenScope
from lac.evaluation.models import Run
from lac.evaluation.selectors import run_disclosed, runs_for

router = Router(tags=["social value"])


class RunFilters(Paging):
    programme: str | None = Field(None, max_length=80, description="Only this programme (slug)")
    date_from: s.IsoDate | None = Field(None, description="Run on or after this date")
    date_to: s.IsoDate | None = Field(None, description="Run on or before this date")


def runs(scope: Scope) -> QuerySet[Run]:
    return runs_for(scope).defer("sensitivity", "simulation").order_by("pk")


@router.get("/runs", response=responses(s.RunsPage, READ))
def list_runs(request: HttpRequest, f: Query[RunFilters]) -> dict[str, Any]:
    """Frozen runs of programmes' impact maps (social value, SROI)."""
    qs = runs(allow(request, TokenScope.REPORTS_READ, Capability.VIEW_REPORTS, RunFilters))
    if f.programme:
        qs = qs.filter(programme__slug=f.programme)
    if f.date_from is not None:
        qs = qs.filter(created__date__gte=f.date_from)
    if f.date_to is not None:
        qs = qs.filter(created__date__lte=f.date_to)
    return paged(qs, f)


@router.get("/runs/{run_id}", response=responses(s.RunDetailOut, ONE))
def get_run(request: HttpRequest, run_id: int = Path(..., ge=1, le=s.MAX_ID)) -> Any:
    # Counted quantities small enough to identify someone are hidden from a user who
    # sees aggregates only. (A docstring here would change the OpenAPI document.)
    scope = allow(request, TokenScope.REPORTS_READ, Capability.VIEW_REPORTS)
    run = one(runs(scope), run_id)
    run.disclosed = run_disclosed(run, suppress=scope.sees_aggregates_only(run.programme_id))
    return run
