"""A manager's page of introducer accounts: who may introduce people from which partner."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from lac.accounts.models import Membership, Role
from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.people.forms import add_service_errors
from lac.welcome.forms import IntroducerAccountForm
from lac.welcome.services import introducer_account_create


@require(Capability.INVITE_INTRODUCERS)
@require_http_methods(["GET", "POST"])
def introducers(request: HttpRequest) -> HttpResponse:
    programmes = get_scope(request).programmes(Capability.INVITE_INTRODUCERS)
    form = IntroducerAccountForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            user = introducer_account_create(Actor.of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                gettext("Introducer account made for %(name)s") % {"name": user.get_full_name()},
            )
            return redirect("welcome:introducers")
    accounts = (
        Membership.objects.filter(role=Role.INTRODUCER, programme__in=programmes)
        .select_related("user", "programme")
        .order_by("organisation", "user__last_name")
    )
    return render(request, "welcome/introducers.html", {"form": form, "accounts": accounts})
