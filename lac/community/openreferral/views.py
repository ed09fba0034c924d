"""The public, read-only Open Referral UK (HSDS 3.0 UK profile) feed of the directory.

No sign-in: anyone may read what the programmes choose to publish. Only
public, active groups, places, services and organisations appear; people
with a gift and private entries never do.

Each programme has its own feed (``/openreferral/<programme>/``), which is
what a council registers; ``/openreferral/`` is the whole installation's,
the one feed of a single-programme installation.
"""

from __future__ import annotations

import functools
import math
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from lac.accounts.models import Programme
from lac.community.models import Taxonomy, TaxonomyTerm
from lac.community.openreferral import params, serialise
from lac.community.openreferral.filters import SEARCH_WORDS, filter_services
from lac.community.openreferral.params import BadParameter

M = TypeVar("M", bound=Model)

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
UK_OPENAPI = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"
UK_PROFILE = "https://github.com/openreferral/uk-profile"
METHODS = "GET, HEAD, OPTIONS"

View = Callable[..., HttpResponse]


class NoSuchProgramme(LookupError):
    pass


def _scope(slug: str | None) -> Programme | None:
    if slug is None:
        return None
    programme = Programme.objects.filter(slug=slug).first()
    if programme is None:
        raise NoSuchProgramme(slug)
    return programme


def feed(view: View) -> View:
    """Every answer open to every origin (the UK profile's CORS rule), errors included.

    GET and HEAD are answered, OPTIONS is a CORS preflight, anything else is a
    JSON 405; bad parameters are a JSON 400 naming the parameter. The view is
    called with the programme whose feed was asked for, or None for the whole
    installation's.

    The feed is in English whatever the reader's browser asks for: the UK
    profile has no field saying which language a record's words are in, the
    directory's entries are written in English, and every consumer (and
    cache) should get the same document. So the few words lac writes itself
    (a schedule's "Every Tuesday") are English too.
    """

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(
        request: HttpRequest, *args: Any, programme: str | None = None, **kwargs: Any
    ) -> HttpResponse:
        with translation.override(settings.LANGUAGE_CODE):
            response = _answer(request, programme, *args, **kwargs)
        response["Content-Language"] = settings.LANGUAGE_CODE
        response["Allow"] = METHODS
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def _answer(
        request: HttpRequest, programme: str | None, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = METHODS
            response["Access-Control-Allow-Headers"] = "*"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = JsonResponse(
                {"error": f"The feed is read-only: use GET, not {request.method}"}, status=405
            )
        else:
            try:
                response = view(request, _scope(programme), *args, **kwargs)
            except BadParameter as exc:
                response = JsonResponse({"error": str(exc)}, status=400)
            except NoSuchProgramme:
                response = _not_found("programme feed")
            if request.method == "HEAD":
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
        return response

    return wrapped


def _not_found(what: str) -> JsonResponse:
    return JsonResponse({"error": f"No such {what}"}, status=404)


def paged(
    request: HttpRequest, queryset: QuerySet[Any], to_json: Callable[[Any], dict[str, Any]]
) -> JsonResponse:
    """An HSDS page: total_items, total_pages, page_number, size, first/last_page, empty."""
    page = params.whole_number(request.GET, "page", 1)
    per_page = min(params.whole_number(request.GET, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
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


def _one(queryset: QuerySet[M], field: str, raw_id: str) -> M | None:
    try:
        wanted = uuid.UUID(raw_id)
    except ValueError:
        return None
    return queryset.filter(**{field: wanted}).first()


@feed
def root(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    stub = request.path.rstrip("/")
    return JsonResponse(
        {
            "version": serialise.HSDS_VERSION,
            "profile": UK_PROFILE,
            "openapi_url": UK_OPENAPI,
            "services_url": request.build_absolute_uri(f"{stub}/services"),
        }
    )


@feed
def services(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    full = params.flag(request.GET, "full")
    found = filter_services(serialise.published_services(programme), request.GET)
    return paged(request, found, lambda a: serialise.service_json(a, full=full))


@feed
def service(request: HttpRequest, programme: Programme | None, service_id: str) -> HttpResponse:
    asset = _one(serialise.published_services(programme), "uuid", service_id)
    if asset is None:
        return _not_found("service")
    return JsonResponse(serialise.service_json(asset, full=True))


@feed
def organizations(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    orgs = serialise.published_organizations(programme)
    for word in request.GET.get("search", "").split()[:SEARCH_WORDS]:
        orgs = orgs.filter(name__icontains=word)
    return paged(request, orgs, lambda org: serialise.organization_json(org, full=False))


@feed
def organization(
    request: HttpRequest, programme: Programme | None, organization_id: str
) -> HttpResponse:
    org = _one(serialise.published_organizations(programme), "uuid", organization_id)
    if org is None:
        return _not_found("organization")
    services_run = list(serialise.published_services(programme).filter(run_by=org))
    return JsonResponse(serialise.organization_json(org, full=True, services=services_run))


def _taxonomies(programme: Programme | None) -> QuerySet[Taxonomy]:
    """A feed's own category lists, and the shared vocabularies its categories are matched to."""
    found = Taxonomy.objects.select_related("programme").order_by("name", "programme__name", "pk")
    own = Q(programme__isnull=False) if programme is None else Q(programme=programme)
    return found.filter(own | Q(pk__in=_terms(programme).values("taxonomy_id")))


@feed
def taxonomies(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    found = _taxonomies(programme)
    for word in request.GET.get("search", "").split()[:SEARCH_WORDS]:
        found = found.filter(name__icontains=word)
    return paged(request, found, serialise.taxonomy_json)


@feed
def taxonomy(request: HttpRequest, programme: Programme | None, taxonomy_id: str) -> HttpResponse:
    found = _one(_taxonomies(programme), "uuid", taxonomy_id)
    if found is None:
        return _not_found("taxonomy")
    return JsonResponse(serialise.taxonomy_json(found))


def _terms(programme: Programme | None) -> QuerySet[TaxonomyTerm]:
    """A feed's categories, and the shared terms they are matched to (not a whole shared list)."""
    terms = TaxonomyTerm.objects.select_related("taxonomy__programme", "parent").order_by(
        "taxonomy__name", "taxonomy", "position", "name"
    )
    if programme is None:
        own = Q(taxonomy__programme__isnull=False)
        matched = Q(matched_by__isnull=False)
    else:
        own = Q(taxonomy__programme=programme)
        matched = Q(matched_by__taxonomy__programme=programme)
    return terms.filter(pk__in=TaxonomyTerm.objects.filter(own | matched).values("pk"))


@feed
def taxonomy_terms(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    terms = _terms(programme)
    for word in request.GET.get("search", "").split()[:SEARCH_WORDS]:
        terms = terms.filter(name__icontains=word)
    taxonomy_id = params.uuid_param(request.GET, "taxonomy_id")
    if taxonomy_id:
        terms = terms.filter(taxonomy__uuid=taxonomy_id)
    parent_id = params.uuid_param(request.GET, "parent_id")
    if parent_id:
        terms = terms.filter(parent__uuid=parent_id)
    if params.flag(request.GET, "top_only"):
        terms = terms.filter(parent__isnull=True)
    return paged(request, terms, serialise.taxonomy_term_json)


@feed
def taxonomy_term(request: HttpRequest, programme: Programme | None, term_id: str) -> HttpResponse:
    term = _one(_terms(programme), "uuid", term_id)
    if term is None:
        return _not_found("taxonomy term")
    return JsonResponse(serialise.taxonomy_term_json(term))


@feed
def service_at_locations(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    located = serialise.published_services(programme).filter(serialise.with_location())
    located = filter_services(located, request.GET)
    full = params.flag(request.GET, "full")
    return paged(request, located, lambda a: serialise.service_at_location_json(a, full=full))


@feed
def service_at_location(
    request: HttpRequest, programme: Programme | None, sal_id: str
) -> HttpResponse:
    located = serialise.published_services(programme).filter(serialise.with_location())
    asset = _one(located, "service_at_location_uuid", sal_id)
    if asset is None:
        return _not_found("service at location")
    return JsonResponse(serialise.service_at_location_json(asset, full=True))
