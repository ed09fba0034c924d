"""Financial proxy tables a programme holds a licence for: the list, and loading one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.evaluation import selectors, services
from lac.evaluation.forms import ProxyTableForm
from lac.people.forms import add_service_errors


@require(Capability.MANAGE_VALUE)
@require_http_methods(["GET", "POST"])
def proxy_tables(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request)
    form = ProxyTableForm(
        request.POST or None,
        request.FILES or None,
        programmes=scope.programmes(Capability.MANAGE_VALUE),
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = services.proxy_table_load(
                actor=Actor.of(request),
                programme=form.cleaned_data["programme"],
                name=form.cleaned_data["name"],
                source=form.cleaned_data["source"],
                licence=form.cleaned_data["licence"],
                price_year=form.cleaned_data["price_year"],
                file_name=upload.name,
                content=upload.read(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = table.values.count()
            messages.success(
                request,
                ngettext(
                    "Loaded “%(name)s”: %(count)s value",
                    "Loaded “%(name)s”: %(count)s values",
                    count,
                )
                % {"name": table.name, "count": count},
            )
            return redirect("evaluation:proxy_tables")
    tables = selectors.proxy_tables_for(scope)
    return render(request, "evaluation/proxy_tables.html", {"form": form, "tables": tables})
