"""The disclosure log for a programme's manager: every share of information about a
person, with what, to whom, on what basis and by whom; counts only, small ones hidden,
for roles that see the programme's figures but not its people."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.services import audit_list_view
from lac.disclosures.selectors import LogFilters, disclosure_log
from lac.lib.disclosure import threshold
from lac.reports.forms import DisclosureLogForm

PAGE_SIZE = 50


@require(Capability.VIEW_AGGREGATES)
def disclosure_report(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request)
    programmes = scope.programmes(Capability.VIEW_AGGREGATES)
    data = request.GET.copy()
    if not data.get("programme") and programmes:
        data["programme"] = str(programmes[0].pk)
    form = DisclosureLogForm(data, programmes=programmes, today=timezone.localdate())
    context: dict[str, object] = {"form": form, "threshold": threshold()}
    if form.is_valid():
        programme = form.cleaned_data["programme"]
        filters = LogFilters(
            programme_id=programme.pk,
            kind=form.cleaned_data["kind"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
        aggregates_only = scope.sees_aggregates_only(programme.pk)
        log = disclosure_log(filters, aggregates_only=aggregates_only)
        context.update({"log": log, "programme": programme, "suppressed": aggregates_only})
        if log.rows is not None:
            page = Paginator(log.rows, PAGE_SIZE).get_page(request.GET.get("page"))
            query = data.copy()
            query.pop("page", None)
            context.update({"page": page, "query_string": query.urlencode()})
            audit_list_view(
                request,
                list_name="disclosures.log",
                what="Viewed the log of information shared about people",
                filters=filters.describe(),
                shown=len(page.object_list),
                total=page.paginator.count,
                programme_ids=[programme.pk],
            )
    return render(request, "reports/disclosures.html", context)
