"""Pages for risk flags and lone-working visits."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lac.accounts.models import Programme
from lac.accounts.permissions import Capability, get_scope, require, signed_in_user
from lac.audit.actor import Actor
from lac.people.forms import add_service_errors
from lac.people.selectors import get_live_person
from lac.safety import selectors, services
from lac.safety.forms import FlagForm, FlagRemoveForm, VisitForm
from lac.safety.models import RiskFlag, Visit


@require(Capability.EDIT_PERSONAL)
def flag_add(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_live_person(request, person_pk, Capability.EDIT_PERSONAL)
    form = FlagForm(request.POST or None)
    if form.is_valid():
        try:
            services.flag_add(person=person, actor=Actor.of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Flag added: everyone who opens this record sees it first")
            return redirect("people:detail", pk=person.pk)
    return render(request, "safety/flag_form.html", {"person": person, "form": form})


@require(Capability.EDIT_PERSONAL)
def flag_remove(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(RiskFlag, pk=pk, removed_at__isnull=True)
    person = get_live_person(request, flag.person_id, Capability.EDIT_PERSONAL)
    form = FlagRemoveForm(request.POST or None)
    if form.is_valid():
        try:
            services.flag_remove(flag=flag, actor=Actor.of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Flag removed: {flag}")
            return redirect("people:detail", pk=person.pk)
    context = {"person": person, "flag": flag, "form": form}
    return render(request, "safety/flag_remove.html", context)


@require(Capability.EDIT_PERSONAL)
def visit_start(request: HttpRequest) -> HttpResponse:
    """Start a visit, from a person's page (``?person=``) or on its own."""
    scope = get_scope(request)
    person = None
    programme: Programme | None
    if raw := request.GET.get("person", ""):
        if not raw.isdigit():
            raise Http404("No such person")
        person = get_live_person(request, int(raw), Capability.EDIT_PERSONAL)
        programme = person.neighbourhood.programme
    else:
        programme = scope.programmes(Capability.EDIT_PERSONAL).order_by("name").first()
    open_visit = selectors.open_visit_of(signed_in_user(request))
    initial = {"place": "Home visit" if person else ""}
    form = VisitForm(request.POST or None, initial=initial)
    if open_visit is None and programme is not None and form.is_valid():
        try:
            services.visit_start(
                actor=Actor.of(request),
                programme=programme,
                person=person,
                place=form.cleaned_data["place"],
                expected_back=form.expected_back(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("safety:mine")
    context = {"person": person, "form": form, "open_visit": open_visit}
    return render(request, "safety/visit_start.html", context)


@require(Capability.EDIT_PERSONAL)
def mine(request: HttpRequest) -> HttpResponse:
    """The coordinator's visit under way: end it, or ask for more time, in one tap."""
    visit = selectors.open_visit_of(signed_in_user(request))
    choices = services.EXTEND_CHOICES_MINUTES
    return render(request, "safety/visit_mine.html", {"visit": visit, "extend_choices": choices})


def _answer(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@require_POST
@require(Capability.EDIT_PERSONAL)
def visit_end(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(Visit, pk=pk, coordinator=signed_in_user(request))
    try:
        services.visit_end(visit=visit, actor=Actor.of(request))
    except ValidationError as error:
        _answer(request, error)
    else:
        messages.success(request, "Visit ended: welcome back")
    return redirect("home")


@require_POST
@require(Capability.EDIT_PERSONAL)
def visit_extend(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(Visit, pk=pk, coordinator=signed_in_user(request))
    raw = request.POST.get("minutes", "")
    try:
        services.visit_extend(
            visit=visit, minutes=int(raw) if raw.isdigit() else 0, actor=Actor.of(request)
        )
    except ValidationError as error:
        _answer(request, error)
    else:
        messages.success(request, f"You have {raw} more minutes")
    return redirect("safety:mine")


@require(Capability.VIEW_TEAM)
def team(request: HttpRequest) -> HttpResponse:
    """Managers: who is out, who is overdue, and who came back today."""
    visits = selectors.team_visits(get_scope(request))
    return render(request, "safety/team.html", {"visits": visits})
