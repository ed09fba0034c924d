"""Quick forms, reached from a person's page, to record connections and contributions,
and the search behind their asset picker."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lac.accounts.drafts import draft_restored
from lac.accounts.models import Programme
from lac.accounts.permissions import Capability, get_in_scope, get_scope, require
from lac.audit.actor import Actor
from lac.community import selectors, services
from lac.community.forms import ConnectionForm, ContributionForm
from lac.people.forms import add_service_errors
from lac.people.selectors import get_person
from lac.submissions.notices import announce
from lac.submissions.services import save_once


@require(Capability.EDIT_PERSONAL)
def connection_add(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_person(get_scope(request), Actor.of(request), person_pk, Capability.EDIT_PERSONAL)
    form = ConnectionForm(
        request.POST or None,
        initial={"date": timezone.localdate(), "kind": "asset", **draft_restored(request)},
        neighbourhood=person.neighbourhood,
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("once")
        try:
            connection, first = save_once(
                actor=Actor.of(request),
                key=key,
                save=lambda: services.connection_record(
                    person=person, data=data, actor=Actor.of(request)
                ),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            what = connection.what if connection else ""
            announce(request, first=first, saved=f"Connection recorded: {what}")
            return redirect("people:detail", pk=person.pk)
    context = {"form": form, "person": person, "title": "Record a connection"}
    return render(request, "community/person_form.html", context)


@require(Capability.EDIT_PERSONAL)
def contribution_add(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_person(get_scope(request), Actor.of(request), person_pk, Capability.EDIT_PERSONAL)
    form = ContributionForm(
        request.POST or None,
        initial={"started": timezone.localdate(), **draft_restored(request)},
        neighbourhood=person.neighbourhood,
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("once")
        try:
            contribution, first = save_once(
                actor=Actor.of(request),
                key=key,
                save=lambda: services.contribution_record(
                    person=person, data=data, actor=Actor.of(request)
                ),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            kind = contribution.get_kind_display() if contribution else ""
            announce(request, first=first, saved=f"Contribution recorded: {kind}")
            return redirect("people:detail", pk=person.pk)
    context = {"form": form, "person": person, "title": "Record a contribution"}
    return render(request, "community/person_form.html", context)


@require(Capability.VIEW_DIRECTORY)
def asset_choices(request: HttpRequest, slug: str) -> JsonResponse:
    """The picker's matches for what was typed, folded by the shared matcher.

    ``near`` is the person's neighbourhood: its assets come first, as in the
    picker's list without JavaScript.
    """
    programme = get_in_scope(
        request,
        Programme.objects.all(),
        Capability.VIEW_DIRECTORY,
        neighbourhood_field=None,
        programme_field="pk",
        slug=slug,
    )
    near = request.GET.get("near", "")
    home = programme.neighbourhoods.filter(pk=near).first() if near.isdigit() else None
    assets = selectors.assets_for(get_scope(request)).filter(
        pk__in=selectors.picker_assets(programme.pk).values("pk")
    )
    grouped = selectors.asset_choices(
        assets.prefetch_related("neighbourhoods").order_by("name", "pk"), home
    )
    found = selectors.asset_choices_matching(grouped, request.GET.get("q", "")[:100])
    return JsonResponse(
        {
            "results": [
                {"id": str(c.pk), "name": c.name, "place": c.place, "detail": c.detail}
                for c in found
            ]
        }
    )
