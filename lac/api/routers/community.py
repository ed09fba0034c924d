"""The community directory: groups, services and places people are connected to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router

from lac.accounts.permissions import Capability
from lac.api import schemas as s
from lac.api.access import allow
from lac.api.listing import READ, Filters, filtered, paged, responses
from lac.api.models import Scope as TokenScope
from lac.community.selectors import assets_for

router = Router(tags=["community"])


class AssetFilters(Filters):
    programme: str | None = Field(None, max_length=80, description="Only this programme (slug)")


@router.get("/assets", response=responses(s.AssetsPage, READ))
def list_assets(request: HttpRequest, f: Query[AssetFilters]) -> dict[str, Any]:
    """The community directory, by when an entry was last changed (``modified``)."""
    scope = allow(request, TokenScope.COMMUNITY_READ, Capability.VIEW_DIRECTORY, AssetFilters)
    qs = assets_for(scope).prefetch_related("neighbourhoods").order_by("pk")
    if f.programme:
        qs = qs.filter(programme__slug=f.programme)
    if f.neighbourhood is not None:
        qs = qs.filter(neighbourhoods=f.neighbourhood).distinct()
    qs = filtered(qs, f, date_field="modified__date", neighbourhood_field=None)
    return paged(qs, f)
