"""The public, read-only Open Referral UK (HSDS 3.0) feed of the directory.

No sign-in: anyone may read what the programmes choose to publish. Only
public, active groups, places, services and organisations appear; people
with a gift and private entries never do.
"""

from __future__ import annotations

import functools
import math
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_GET

from lac.community.models import Asset, Taxonomy, TaxonomyTerm
from lac.community.openreferral import serialise

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
HSDS_OPENAPI = (
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
)
HSDS_PROFILE = "https://docs.openreferral.org/en/latest/hsds/"

View = Callable[..., HttpResponse]


class BadParameter(ValueError):
    pass


def feed(view: View) -> View:
    """GET only, open to every origin, and bad parameters answered in JSON."""

    @require_GET
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except BadParameter as exc:
            response = JsonResponse({"error": str(exc)}, status=400)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _not_found(what: str) -> JsonResponse:
    return JsonResponse({"error": f"No such {what}"}, status=404)


def _whole_number(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number of 1 or more") from None
    if value < 1:
        raise BadParameter(f"{name} must be a whole number of 1 or more")
    return value


def _uuid_param(request: HttpRequest, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name, "")
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a UUID") from None


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name, "").lower() in {"true", "1", "yes"}


def paged(
    request: HttpRequest, queryset: QuerySet[Any], to_json: Callable[[Any], dict[str, Any]]
) -> JsonResponse:
    """An HSDS page: total_items, total_pages, page_number, size, first/last_page, empty."""
    page = _whole_number(request, "page", 1)
    per_page = min(_whole_number(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    total = queryset.count()
    total_pages = math.ceil(total / per_page)
    # A page past the last is empty: asked of the database, page=10**30's
    # offset would overflow its integers.
    start = (page - 1) * per_page
    rows = queryset[start : start + per_page] if start < total else []
    contents = [to_json(item) for item in rows]
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": total == 0,
            "contents": contents,
        }
    )


def _one(queryset: QuerySet[Any], field: str, raw_id: str) -> Model | None:
    try:
        wanted = uuid.UUID(raw_id)
    except ValueError:
        return None
    return queryset.filter(**{field: wanted}).first()


@feed
def root(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "version": serialise.HSDS_VERSION,
            "profile": HSDS_PROFILE,
            "openapi_url": HSDS_OPENAPI,
            "services_url": request.build_absolute_uri(reverse("openreferral:services")),
        }
    )


def _filtered_services(request: HttpRequest) -> QuerySet[Asset]:
    services = serialise.published_services()
    for word in request.GET.get("search", "").split()[:6]:
        services = services.filter(Q(name__icontains=word) | Q(description__icontains=word))
    term_id = _uuid_param(request, "taxonomy_term_id")
    if term_id:
        services = services.filter(tags__uuid=term_id)
    taxonomy_id = _uuid_param(request, "taxonomy_id")
    if taxonomy_id:
        services = services.filter(tags__taxonomy__uuid=taxonomy_id)
    organization_id = _uuid_param(request, "organization_id")
    if organization_id:
        services = services.filter(run_by__uuid=organization_id)
    modified_after = request.GET.get("modified_after", "")
    if modified_after:
        services = services.filter(modified__gte=_moment(modified_after))
    return services.distinct()


def _moment(raw: str) -> datetime:
    """``modified_after`` as an aware UTC moment; a date that cannot exist is a bad parameter."""
    problem = "modified_after must be a real date or date-time (ISO 8601), such as 2025-04-01"
    try:
        parsed = parse_datetime(raw)
        if parsed is None:
            day = parse_date(raw)
            if day is None:
                raise BadParameter(problem)
            parsed = datetime(day.year, day.month, day.day)
        if parsed.tzinfo is None:
            parsed = timezone.make_aware(parsed)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # 30 February; a year-9999 offset past the calendar
        raise BadParameter(problem) from None


@feed
def services(request: HttpRequest) -> HttpResponse:
    full = _flag(request, "full")
    return paged(
        request, _filtered_services(request), lambda a: serialise.service_json(a, full=full)
    )


@feed
def service(request: HttpRequest, service_id: str) -> HttpResponse:
    asset = _one(serialise.published_services(), "uuid", service_id)
    if asset is None:
        return _not_found("service")
    return JsonResponse(serialise.service_json(asset, full=True))


@feed
def organizations(request: HttpRequest) -> HttpResponse:
    orgs = serialise.published_organizations()
    for word in request.GET.get("search", "").split()[:6]:
        orgs = orgs.filter(Q(name__icontains=word) | Q(description__icontains=word))
    return paged(request, orgs, lambda org: serialise.organization_json(org, full=False))


@feed
def organization(request: HttpRequest, organization_id: str) -> HttpResponse:
    org = _one(serialise.published_organizations(), "uuid", organization_id)
    if org is None:
        return _not_found("organization")
    services_run = list(serialise.published_services().filter(run_by=org))
    return JsonResponse(serialise.organization_json(org, full=True, services=services_run))


@feed
def taxonomies(request: HttpRequest) -> HttpResponse:
    found = Taxonomy.objects.order_by("name", "pk")
    for word in request.GET.get("search", "").split()[:6]:
        found = found.filter(name__icontains=word)
    return paged(request, found, serialise.taxonomy_json)


@feed
def taxonomy(request: HttpRequest, taxonomy_id: str) -> HttpResponse:
    found = _one(Taxonomy.objects.all(), "uuid", taxonomy_id)
    if found is None:
        return _not_found("taxonomy")
    return JsonResponse(serialise.taxonomy_json(found))


def _terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by(
        "taxonomy__name", "taxonomy", "position", "name"
    )


@feed
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    terms = _terms()
    for word in request.GET.get("search", "").split()[:6]:
        terms = terms.filter(name__icontains=word)
    taxonomy_id = _uuid_param(request, "taxonomy_id")
    if taxonomy_id:
        terms = terms.filter(taxonomy__uuid=taxonomy_id)
    parent_id = _uuid_param(request, "parent_id")
    if parent_id:
        terms = terms.filter(parent__uuid=parent_id)
    if _flag(request, "top_only"):
        terms = terms.filter(parent__isnull=True)
    return paged(request, terms, serialise.taxonomy_term_json)


@feed
def taxonomy_term(request: HttpRequest, term_id: str) -> HttpResponse:
    term = _one(_terms(), "uuid", term_id)
    if term is None:
        return _not_found("taxonomy term")
    return JsonResponse(serialise.taxonomy_term_json(term))


@feed
def service_at_locations(request: HttpRequest) -> HttpResponse:
    located = _filtered_services(request).filter(serialise.with_location())
    full = _flag(request, "full")
    return paged(request, located, lambda a: serialise.service_at_location_json(a, full=full))


@feed
def service_at_location(request: HttpRequest, sal_id: str) -> HttpResponse:
    located = serialise.published_services().filter(serialise.with_location())
    asset = _one(located, "service_at_location_uuid", sal_id)
    if asset is None:
        return _not_found("service at location")
    return JsonResponse(serialise.service_at_location_json(asset, full=True))
