"""Pages for risk flags, lone-working visits and safeguarding concerns."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from lac.accounts.permissions import Capability, get_scope, require, signed_in_user
from lac.audit.actor import Actor
from lac.people.forms import add_service_errors
from lac.people.selectors import get_live_person
from lac.safety import selectors, services
from lac.safety.forms import (
    ConcernForm,
    ConcernReleaseForm,
    ConcernUpdateForm,
    FlagForm,
    FlagRemoveForm,
    FlagReviewForm,
    VisitForm,
)
from lac.safety.models import RiskFlag, Visit


@require(Capability.EDIT_PERSONAL)
def flag_add(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_live_person(
        get_scope(request), Actor.of(request), person_pk, Capability.EDIT_PERSONAL
    )
    form = FlagForm(request.POST or None)
    if form.is_valid():
        try:
            services.flag_add(person=person, actor=Actor.of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, gettext("Flag added: everyone who opens this record sees it first")
            )
            return redirect("people:detail", pk=person.pk)
    return render(request, "safety/flag_form.html", {"person": person, "form": form})


@require(Capability.EDIT_PERSONAL)
def flag_remove(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(RiskFlag, pk=pk, removed_at__isnull=True)
    person = get_live_person(
        get_scope(request), Actor.of(request), flag.person_id, Capability.EDIT_PERSONAL
    )
    form = FlagRemoveForm(request.POST or None)
    if form.is_valid():
        try:
            services.flag_remove(flag=flag, actor=Actor.of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Flag removed: %(flag)s") % {"flag": flag})
            return redirect("people:detail", pk=person.pk)
    context = {"person": person, "flag": flag, "form": form}
    return render(request, "safety/flag_remove.html", context)


@require(Capability.EDIT_PERSONAL)
def flag_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep a flag for another ``FLAG_REVIEW_MONTHS`` (saying why), or remove it (saying why)."""
    flag = get_object_or_404(RiskFlag, pk=pk, removed_at__isnull=True)
    person = get_live_person(
        get_scope(request), Actor.of(request), flag.person_id, Capability.EDIT_PERSONAL
    )
    form = FlagReviewForm(request.POST or None)
    if form.is_valid():
        keep = form.cleaned_data["decision"] == "keep"
        try:
            review = services.flag_review(
                flag=flag, keep=keep, note=form.cleaned_data["note"], actor=Actor.of(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if review.kept:
                done = gettext("Flag kept: it is due for review again on %(day)s") % {
                    "day": date_format(flag.review_by, "j F Y")
                }
            else:
                done = gettext("Flag removed: %(flag)s") % {"flag": flag}
            messages.success(request, done)
            return redirect("people:detail", pk=person.pk)
    months = settings.LAC_FLAG_REVIEW_MONTHS
    context = {"person": person, "flag": flag, "form": form, "review_months": months}
    return render(request, "safety/flag_review.html", context)


@require(Capability.EDIT_PERSONAL)
def visit_start(request: HttpRequest) -> HttpResponse:
    """Start a visit, from a person's page (``?person=``) or on its own."""
    person = None
    if raw := request.GET.get("person", ""):
        if not raw.isdigit():
            raise Http404("No such person")
        person = get_live_person(
            get_scope(request), Actor.of(request), int(raw), Capability.EDIT_PERSONAL
        )
    programme = selectors.visit_programme(get_scope(request), person)
    open_visit = selectors.visit_under_way(get_scope(request))
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
    flags = selectors.flags_of(person) if person else []
    context = {
        "person": person,
        "form": form,
        "open_visit": open_visit,
        "visit_under_way": open_visit,
        "flags": flags,
    }
    return render(request, "safety/visit_start.html", context)


@require(Capability.EDIT_PERSONAL)
def mine(request: HttpRequest) -> HttpResponse:
    """The coordinator's visit under way: end it, or ask for more time, in one tap."""
    visit = selectors.visit_under_way(get_scope(request))
    context = {
        "visit": visit,
        "visit_under_way": visit,
        "extend_choices": services.EXTEND_CHOICES_MINUTES,
    }
    return render(request, "safety/visit_mine.html", context)


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
        messages.success(request, gettext("Visit ended: welcome back"))
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
        minutes = int(raw)
        messages.success(
            request,
            ngettext(
                "You have %(minutes)s more minute", "You have %(minutes)s more minutes", minutes
            )
            % {"minutes": minutes},
        )
    return redirect("safety:mine")


@require(Capability.VIEW_TEAM)
def team(request: HttpRequest) -> HttpResponse:
    """Managers: who is out, who is overdue, and who came back today."""
    visits = selectors.team_visits(get_scope(request))
    return render(request, "safety/team.html", {"visits": visits})


@require(Capability.EDIT_PERSONAL)
def concern_add(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_live_person(
        get_scope(request), Actor.of(request), person_pk, Capability.EDIT_PERSONAL
    )
    form = ConcernForm(request.POST or None)
    if form.is_valid():
        try:
            concern = services.concern_record(
                person=person, actor=Actor.of(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, gettext("Concern recorded: only you and your managers can see it")
            )
            return redirect("safety:concern", pk=concern.pk)
    context = {"person": person, "form": form, "flags": selectors.flags_of(person)}
    return render(request, "safety/concern_form.html", context)


@require(Capability.VIEW_PERSONAL)
def concern(request: HttpRequest, pk: int) -> HttpResponse:
    """A concern and everything that happened since; those who may record add to it here."""
    scope = get_scope(request)
    found = selectors.concern_for(scope, Actor.of(request), pk)
    can_add = found.closed_at is None and scope.can_in_neighbourhood(
        Capability.EDIT_PERSONAL, found.person.neighbourhood_id
    )
    form = ConcernUpdateForm(request.POST or None) if can_add else None
    if request.method == "POST" and form is None:
        raise PermissionDenied(gettext("This concern cannot be added to"))
    if form is not None and form.is_valid():
        try:
            services.concern_update(concern=found, actor=Actor.of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            closed = form.cleaned_data["close"]
            messages.success(
                request, gettext("Concern closed") if closed else gettext("Added to the concern")
            )
            return redirect("safety:concern", pk=found.pk)
    return render(request, "safety/concern.html", {"concern": found, "form": form})


@require(Capability.SAFEGUARDING)
def concern_release(request: HttpRequest, person_pk: int) -> HttpResponse:
    """A manager decides that the person's subject access export includes their concerns."""
    person = get_live_person(
        get_scope(request), Actor.of(request), person_pk, Capability.SAFEGUARDING
    )
    form = ConcernReleaseForm(request.POST or None)
    if form.is_valid():
        try:
            services.concern_release(person=person, actor=Actor.of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, gettext("Their subject access export will include their concerns")
            )
            return redirect("people:subject_access", pk=person.pk)
    return render(request, "safety/concern_release.html", {"person": person, "form": form})
