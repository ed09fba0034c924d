"""Recording, on a person's record, information a coordinator shared about them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.disclosures.services import disclosure_record
from lac.people import selectors
from lac.people.forms import add_service_errors
from lac.people.share_forms import ShareForm
from lac.submissions.notices import announce
from lac.submissions.services import save_once


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def share_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_live_person(
        get_scope(request), Actor.of(request), pk, Capability.EDIT_PERSONAL
    )
    form = ShareForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            _, first = save_once(
                actor=Actor.of(request),
                key=form.cleaned_data["once"],
                save=lambda: disclosure_record(Actor.of(request), person=person, **form.share()),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            announce(request, first=first, saved="Share recorded")
            return redirect("people:detail", pk=pk)
    context = {"person": person, "form": form, "title": "Record information shared"}
    return render(request, "casework/form_page.html", context)
