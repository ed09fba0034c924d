"""Pages for passing people on: a manager moves one person, or a leaver's caseload, to
another coordinator; the receiving coordinator puts the notice on their home page away.
The rule is :mod:`lac.casework.reassignment`; these parse, call it and say what happened."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.casework import forms, reassignment, selectors
from lac.casework.person_form_page import person_form_page
from lac.people.forms import add_service_errors
from lac.people.selectors import get_live_person

ASSIGN = Capability.ASSIGN_CASEWORK


@require(ASSIGN)
@require_http_methods(["GET", "POST"])
def person_coordinator(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, ASSIGN)
    scope = get_scope(request)
    coordinators = selectors.assignable_coordinators(scope, person.neighbourhood_id)
    form = forms.PersonReassignForm(
        request.POST if request.method == "POST" else None,
        coordinators=coordinators,
        current=person.coordinator_id,
    )
    if request.method == "POST" and form.is_valid():
        to = form.coordinators[form.cleaned_data["to_coordinator"]]
        try:
            reassignment.person_reassign(
                scope=scope,
                person=person,
                to_coordinator=to,
                actor=Actor.of(request),
                seen_coordinator_id=form.cleaned_data["seen_coordinator"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                gettext("%(name)s passed to %(to)s") % {"name": person.full_name, "to": to},
            )
            return redirect("people:detail", pk=pk)
    context = {
        "person": person,
        "form": form,
        "title": gettext("Pass to another coordinator"),
        "intro": gettext(
            "Now: %(now)s. Only coordinators who work in %(neighbourhood)s are listed: "
            "no one else could open the record."
        )
        % {
            "now": person.coordinator or gettext("no coordinator"),
            "neighbourhood": person.neighbourhood.name,
        },
        "button": gettext("Pass on"),
    }
    return person_form_page(request, context)


@require(ASSIGN)
@require_http_methods(["GET", "POST"])
def caseload_pass_on(request: HttpRequest) -> HttpResponse:
    """A leaver's caseload, all of it or a neighbourhood at a time, to other coordinators."""
    scope = get_scope(request)
    holders = selectors.caseload_holders(scope)
    coordinators = selectors.assignable_coordinators(scope)
    hoods = [(n.pk, n.name) for n in scope.neighbourhoods(ASSIGN).order_by("name")]
    form = forms.CaseloadReassignForm(
        request.POST if request.method == "POST" else None,
        holders=holders,
        coordinators=coordinators,
        neighbourhoods=hoods,
        initial={"from_coordinator": request.GET.get("from", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = form.holders[data["from_coordinator"]].user
        to = form.coordinators[data["to_coordinator"]]
        try:
            handovers = reassignment.caseload_reassign(
                scope=scope,
                from_coordinator=source,
                to_coordinator=to,
                actor=Actor.of(request),
                neighbourhood_ids=data["neighbourhoods"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            moved = sum(h.people_count for h in handovers)
            if source:
                passed = ngettext(
                    "%(count)s person passed from %(source)s to %(to)s",
                    "%(count)s people passed from %(source)s to %(to)s",
                    moved,
                )
            else:
                passed = ngettext(
                    "%(count)s person passed to %(to)s", "%(count)s people passed to %(to)s", moved
                )
            messages.success(request, passed % {"count": moved, "source": source, "to": to})
            return redirect("casework:team")
    return render(request, "casework/pass_on.html", {"form": form})


@require(Capability.VIEW_PERSONAL)
@require_POST
def handover_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Put away the notice of people passed to you (someone else's notice: nothing happens)."""
    reassignment.handover_dismiss(handover_id=pk, actor=Actor.of(request))
    return redirect("home")
