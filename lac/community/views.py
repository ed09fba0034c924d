"""Directory pages: search, an asset, adding and changing assets, events and gaps."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lac.accounts.models import Programme
from lac.accounts.permissions import (
    Capability,
    get_in_scope,
    get_scope,
    require,
    signed_in_user,
)
from lac.audit.actor import Actor
from lac.community import pdf, selectors, services, vocabularies
from lac.community.forms import (
    AssetEventForm,
    AssetForm,
    DirectorySearchForm,
    ImportForm,
    NewGroupForm,
    OpeningTimeForm,
    SharedTermsForm,
    TermForm,
)
from lac.community.models import Asset, OpeningTime, TaxonomyTerm
from lac.community.openreferral.importer import import_hsds, parse_upload
from lac.lib.htmx import HtmxRequest
from lac.people.forms import add_service_errors

PAGE_SIZE = 25
"""Results on one page of the directory."""


def _programme(request: HttpRequest, slug: str, capability: Capability) -> Programme:
    return get_in_scope(
        request,
        Programme.objects.all(),
        capability,
        neighbourhood_field=None,
        programme_field="pk",
        slug=slug,
    )


def _asset(request: HttpRequest, pk: int, capability: Capability) -> Asset:
    assets: QuerySet[Asset] = selectors.assets_for(get_scope(request), capability)
    asset = selectors.asset_detail(assets, pk).first()
    if asset is None:
        raise Http404("No such asset in your programme")
    return asset


@require(Capability.VIEW_DIRECTORY)
def index(request: HttpRequest) -> HttpResponse:
    """Straight to the directory when the user has one programme; otherwise choose."""
    programmes = list(selectors.directory_programmes(get_scope(request)))
    if len(programmes) == 1:
        return redirect("community:directory", slug=programmes[0].slug)
    return render(request, "community/programmes.html", {"programmes": programmes})


@require(Capability.VIEW_DIRECTORY)
def directory(request: HtmxRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug, Capability.VIEW_DIRECTORY)
    scope = get_scope(request)
    form = DirectorySearchForm(request.GET or None, programme=programme)
    query = selectors.DirectoryQuery()
    if form.is_valid():
        data = form.cleaned_data
        query = selectors.DirectoryQuery(
            text=data["q"],
            neighbourhood=data["neighbourhood"],
            term=data["tag"],
            day=form.chosen_day(timezone.localdate()),
            kind=data["kind"],
            near=selectors.near_neighbourhoods(scope, programme),
        )
    assets = selectors.assets_for(scope).filter(programme=programme)
    page = Paginator(selectors.directory_search(assets, query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_approve = scope.can(Capability.APPROVE_DIRECTORY, programme.pk)
    context = {
        "programme": programme,
        "form": form,
        "query": query,
        "page": page,
        "query_string": _without_page(request),
        "nearness_labels": selectors.Nearness.choices,
        "grouped": bool(query.day and query.near),
        "can_edit": scope.can(Capability.EDIT_DIRECTORY, programme.pk),
        "can_configure": scope.can(Capability.CONFIGURE_PROGRAMME, programme.pk),
        "waiting": selectors.awaiting_approval(programme).count() if can_approve else None,
        "neighbourhoods": programme.neighbourhoods.order_by("name"),
    }
    template = "community/_results.html" if request.htmx else "community/directory.html"
    return render(request, template, context)


def _without_page(request: HttpRequest) -> str:
    """The search's query string without its page number, for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require(Capability.VIEW_DIRECTORY)
def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _asset(request, pk, Capability.VIEW_DIRECTORY)
    scope = get_scope(request)
    context = {
        "asset": asset,
        "programme": asset.programme,
        "can_edit": scope.can(Capability.EDIT_DIRECTORY, asset.programme_id),
        "can_approve": scope.can(Capability.APPROVE_DIRECTORY, asset.programme_id),
        "welcomed": selectors.people_welcomed(
            asset, suppress=scope.sees_aggregates_only(asset.programme_id)
        ),
    }
    return render(request, "community/asset_detail.html", context)


@require(Capability.APPROVE_DIRECTORY)
def approvals(request: HttpRequest, slug: str) -> HttpResponse:
    """New assets from coordinators, waiting for a manager or lead to let the public see them."""
    programme = _programme(request, slug, Capability.APPROVE_DIRECTORY)
    context = {"programme": programme, "waiting": selectors.awaiting_approval(programme)}
    return render(request, "community/approvals.html", context)


@require_POST
@require(Capability.APPROVE_DIRECTORY)
def asset_approve(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _asset(request, pk, Capability.APPROVE_DIRECTORY)
    try:
        services.asset_approve(asset=asset, actor=Actor.of(request))
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            gettext("%(name)s approved: it is now shown to the public") % {"name": asset.name},
        )
    if request.POST.get("next") == "approvals":
        return redirect("community:approvals", slug=asset.programme.slug)
    return redirect("community:asset", pk=asset.pk)


@require(Capability.EDIT_DIRECTORY)
def asset_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug, Capability.EDIT_DIRECTORY)
    services.taxonomy_ensure(programme=programme)
    form = AssetForm(request.POST or None, programme=programme)
    if form.is_valid():
        try:
            asset = services.asset_create(
                programme=programme,
                data=form.asset_data(),
                neighbourhoods=form.cleaned_data["neighbourhoods"],
                tags=form.cleaned_data["tags"],
                actor=Actor.of(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _added_message(asset))
            return redirect("community:asset", pk=asset.pk)
    return render(
        request, "community/asset_form.html", {"form": form, "programme": programme, "asset": None}
    )


def _added_message(asset: Asset) -> str:
    if asset.awaits_approval:
        return gettext(
            "%(name)s added to the directory. A manager or programme lead will "
            "approve it before it is shown to the public."
        ) % {"name": asset.name}
    return gettext("%(name)s added to the directory") % {"name": asset.name}


@require(Capability.EDIT_DIRECTORY)
def asset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _asset(request, pk, Capability.EDIT_DIRECTORY)
    # The form edits its own copy, so the service can tell what changed for the audit.
    editable = Asset.objects.get(pk=asset.pk)
    form = AssetForm(request.POST or None, instance=editable, programme=asset.programme)
    was_approved = asset.approved_at is not None
    if form.is_valid():
        try:
            services.asset_update(
                asset=asset,
                data=form.asset_data(),
                neighbourhoods=form.cleaned_data["neighbourhoods"],
                tags=form.cleaned_data["tags"],
                actor=Actor.of(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if was_approved and asset.awaits_approval:
                updated = gettext(
                    "%(name)s updated. A manager or programme lead will approve the change "
                    "before the public see it again"
                )
            else:
                updated = gettext("%(name)s updated")
            messages.success(request, updated % {"name": asset.name})
            return redirect("community:asset", pk=asset.pk)
    context = {"form": form, "programme": asset.programme, "asset": asset}
    return render(request, "community/asset_form.html", context)


@require(Capability.EDIT_DIRECTORY)
def new_group(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug, Capability.EDIT_DIRECTORY)
    services.taxonomy_ensure(programme=programme)
    form = NewGroupForm(request.POST or None, programme=programme)
    if form.is_valid():
        try:
            group = services.group_establish(
                programme=programme,
                data=form.asset_data(),
                neighbourhoods=form.cleaned_data["neighbourhoods"],
                tags=form.cleaned_data["tags"],
                established_on=form.cleaned_data["established_on"],
                coordinator_part=form.cleaned_data["coordinator_part"],
                note=form.cleaned_data["note"],
                actor=Actor.of(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                gettext("New group recorded. %(added)s") % {"added": _added_message(group)},
            )
            return redirect("community:asset", pk=group.pk)
    return render(request, "community/new_group.html", {"form": form, "programme": programme})


@require(Capability.EDIT_DIRECTORY)
def opening_time_add(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _asset(request, pk, Capability.EDIT_DIRECTORY)
    form = OpeningTimeForm(request.POST or None, instance=OpeningTime(asset=asset))
    if form.is_valid():
        try:
            opening = services.opening_time_add(asset=asset, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, gettext("Opening time added: %(when)s") % {"when": opening.summary}
            )
            return redirect("community:asset", pk=asset.pk)
    return render(request, "community/opening_time_form.html", {"form": form, "asset": asset})


@require_POST
@require(Capability.EDIT_DIRECTORY)
def opening_time_delete(request: HttpRequest, pk: int, opening_pk: int) -> HttpResponse:
    asset = _asset(request, pk, Capability.EDIT_DIRECTORY)
    opening = get_object_or_404(asset.opening_times.all(), pk=opening_pk)
    services.opening_time_delete(opening=opening)
    messages.success(request, gettext("Opening time removed"))
    return redirect("community:asset", pk=asset.pk)


@require(Capability.EDIT_DIRECTORY)
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _asset(request, pk, Capability.EDIT_DIRECTORY)
    form = AssetEventForm(request.POST or None, initial={"date": timezone.localdate()})
    if form.is_valid():
        try:
            services.asset_event_record(
                asset=asset,
                actor=Actor.of(request),
                coordinator=signed_in_user(request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                gettext("%(what)s recorded") % {"what": form.instance.get_kind_display()},
            )
            return redirect("community:asset", pk=asset.pk)
    return render(request, "community/event_form.html", {"form": form, "asset": asset})


@require(Capability.VIEW_DIRECTORY)
def gaps(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug, Capability.VIEW_DIRECTORY)
    since = timezone.localdate() - timedelta(days=365)
    context = {
        "programme": programme,
        "terms": selectors.top_level_terms(programme),
        "rows": selectors.gap_view(programme),
        "figures": selectors.community_figures(programme, since),
        "most_used": selectors.most_used_assets(
            programme, suppress=get_scope(request).sees_aggregates_only(programme.pk)
        ),
    }
    return render(request, "community/gaps.html", context)


@require(Capability.VIEW_DIRECTORY)
def whats_on_pdf(request: HttpRequest, slug: str, neighbourhood_pk: int) -> HttpResponse:
    programme = _programme(request, slug, Capability.VIEW_DIRECTORY)
    neighbourhood = get_object_or_404(programme.neighbourhoods.all(), pk=neighbourhood_pk)
    document = pdf.whats_on_pdf(selectors.whats_on(neighbourhood, timezone.localdate()), request)
    response = HttpResponse(document, content_type="application/pdf")
    filename = f"whats-on-{neighbourhood.name.lower().replace(' ', '-')}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require(Capability.CONFIGURE_PROGRAMME)
def categories(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug, Capability.CONFIGURE_PROGRAMME)
    taxonomy = services.taxonomy_ensure(programme=programme)
    form = TermForm(request.POST or None)
    if form.is_valid():
        if taxonomy.terms.filter(code=form.cleaned_data["code"]).exists():
            form.add_error("code", "A category with this code already exists.")
        else:
            term = services.term_create(taxonomy=taxonomy, **form.cleaned_data)
            messages.success(request, gettext("Category added: %(name)s") % {"name": term.name})
            return redirect("community:categories", slug=programme.slug)
    context = {
        "programme": programme,
        "taxonomy": taxonomy,
        "terms": taxonomy.terms.prefetch_related("same_as__taxonomy"),
        "shared_loaded": vocabularies.shared_terms().exists(),
        "form": form,
    }
    return render(request, "community/categories.html", context)


@require(Capability.CONFIGURE_PROGRAMME)
def category_match(request: HttpRequest, slug: str, term_pk: int) -> HttpResponse:
    """Match one category to the shared UK terms that mean the same (found by searching)."""
    programme = _programme(request, slug, Capability.CONFIGURE_PROGRAMME)
    term = get_object_or_404(TaxonomyTerm, pk=term_pk, taxonomy__programme=programme)
    query = request.GET.get("q", "").strip()[:100]
    found = vocabularies.shared_terms_matching(query)
    matched = list(term.same_as.values_list("pk", flat=True))
    offered = vocabularies.shared_terms().filter(pk__in=[*matched, *(t.pk for t in found)])
    form = SharedTermsForm(request.POST or None, offered=offered, initial={"same_as": matched})
    if request.method == "POST" and form.is_valid():
        vocabularies.term_match(
            term=term, shared=form.cleaned_data["same_as"], actor=Actor.of(request)
        )
        messages.success(request, gettext("Matches saved for %(name)s") % {"name": term.name})
        return redirect("community:categories", slug=programme.slug)
    context = {"programme": programme, "term": term, "form": form, "query": query, "found": found}
    return render(request, "community/category_match.html", context)


@require(Capability.EDIT_DIRECTORY)
def import_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Managers bring in another publisher's Open Referral services, checking first."""
    programme = _programme(request, slug, Capability.EDIT_DIRECTORY)
    if not get_scope(request).can(Capability.CONFIGURE_PROGRAMME, programme.pk):
        raise PermissionDenied(gettext("Only managers can import into the directory."))
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if form.is_valid():
        dry_run = form.cleaned_data["commit"] != "import"
        try:
            payload = parse_upload(form.cleaned_data["file"].read())
            report = import_hsds(
                payload, programme=programme, actor=Actor.of(request), dry_run=dry_run
            )
        except ValueError as exc:  # not JSON, no services, too many: said of the file
            form.add_error("file", str(exc))
        else:
            if not dry_run:
                messages.success(request, report.summary)
    context = {
        "programme": programme,
        "form": form,
        "report": report,
        "feed_url": request.build_absolute_uri(reverse("openreferral:root")),
    }
    return render(request, "community/import.html", context)
