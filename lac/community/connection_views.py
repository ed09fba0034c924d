"""Quick forms, reached from a person's page, to record connections and contributions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lac.accounts.drafts import draft_restored
from lac.accounts.permissions import Capability, require
from lac.community import services
from lac.community.forms import ConnectionForm, ContributionForm
from lac.people.forms import add_service_errors
from lac.people.selectors import get_person


@require(Capability.EDIT_PERSONAL)
def connection_add(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_person(request, person_pk, Capability.EDIT_PERSONAL)
    form = ConnectionForm(
        request.POST or None,
        initial={"date": timezone.localdate(), "kind": "asset", **draft_restored(request)},
        programme_id=person.neighbourhood.programme_id,
    )
    if form.is_valid():
        try:
            connection = services.connection_record(
                person=person, data=form.cleaned_data, user=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Connection recorded: {connection.what}")
            return redirect("people:detail", pk=person.pk)
    context = {"form": form, "person": person, "title": "Record a connection"}
    return render(request, "community/person_form.html", context)


@require(Capability.EDIT_PERSONAL)
def contribution_add(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_person(request, person_pk, Capability.EDIT_PERSONAL)
    form = ContributionForm(
        request.POST or None,
        initial={"started": timezone.localdate(), **draft_restored(request)},
        programme_id=person.neighbourhood.programme_id,
    )
    if form.is_valid():
        try:
            contribution = services.contribution_record(
                person=person, data=form.cleaned_data, user=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Contribution recorded: {contribution.get_kind_display()}")
            return redirect("people:detail", pk=person.pk)
    context = {"form": form, "person": person, "title": "Record a contribution"}
    return render(request, "community/person_form.html", context)
