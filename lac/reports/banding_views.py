"""A manager's page: which evaluators' extracts carry the banded equality answers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.reports.banding import banding_set, evaluators_of
from lac.reports.forms import BandingForm


@require(Capability.CONFIGURE_PROGRAMME)
@require_http_methods(["GET", "POST"])
def extract_equality(request: HttpRequest) -> HttpResponse:
    programmes = list(get_scope(request).programmes(Capability.CONFIGURE_PROGRAMME))
    form = BandingForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        banding_set(
            programme=data["programme"],
            evaluator=data["evaluator"],
            include=data["include"],
            actor=Actor.of(request),
        )
        done = (
            _("%(name)s’s extracts will carry the banded equality answers")
            if data["include"]
            else _("%(name)s’s extracts will leave the equality answers out")
        )
        messages.success(request, done % {"name": data["evaluator"]})
        return redirect("reports:extract_equality")
    rows = [(programme, evaluators_of(programme)) for programme in programmes]
    return render(request, "reports/extract_equality.html", {"form": form, "rows": rows})
