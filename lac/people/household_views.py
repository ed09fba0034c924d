"""Households, reached from a member's page: start one, change it, add and remove members.

Every page is about the person in the address: they must be someone the
user may change (404 otherwise), and the household is theirs. People added
or removed must be in the user's scope too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.audit.services import audit_shown
from lac.people import forms, households, selectors
from lac.people.models import Household, Person
from lac.submissions.notices import announce
from lac.submissions.services import save_once

EDIT = Capability.EDIT_PERSONAL


@require(EDIT)
@require_http_methods(["GET", "POST"])
def household_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    # A form sent again after it started the household goes on, to say it was saved.
    if person.household_id is not None and request.method == "GET":
        messages.info(
            request, gettext("%(name)s is already in a household") % {"name": person.full_name}
        )
        return redirect(_household_url(pk))
    form = forms.NewHouseholdForm(
        request.POST or None, initial={"name": households.default_name(person)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            household, first = save_once(
                actor=Actor.of(request),
                key=form.cleaned_data["once"],
                save=lambda: households.household_create(
                    person=person,
                    name=form.cleaned_data["name"],
                    notes=form.cleaned_data["notes"],
                    actor=Actor.of(request),
                ),
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            name = household.name if household else ""
            announce(request, first=first, saved=f"{name} started with {person.full_name}")
            return redirect(_household_url(pk))
    context = {
        "person": person,
        "form": form,
        "title": "Start a household",
        "intro": f"{person.full_name} will be its first member. Add the people they live "
        "with, or who support them as family, next.",
        "button": "Start household",
    }
    return render(request, "people/household_form.html", context)


@require(EDIT)
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person, household = _person_and_household(request, pk)
    form = forms.HouseholdForm(request.POST or None, instance=household)
    context: dict[str, Any] = {"person": person, "title": "Change household details"}
    if request.method == "POST" and form.is_valid():
        try:
            households.household_update(
                # The form has already written its values onto ``household``: start afresh
                # so the audit trail records what really changed.
                household=_person_and_household(request, pk)[1],
                expected_version=form.cleaned_data["version"],
                name=form.cleaned_data["name"],
                notes=form.cleaned_data["notes"],
                actor=Actor.of(request),
            )
        except households.HouseholdChangedError as error:
            form = forms.HouseholdForm(instance=error.household)
            context["concurrent_error"] = str(error)
        else:
            messages.success(request, gettext("Household details saved"))
            return redirect(_household_url(pk))
    return render(request, "people/household_form.html", {**context, "form": form})


@require(EDIT)
@require_http_methods(["GET", "POST"])
def household_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Search for someone by name, then pick them: one page, works without JavaScript."""
    person, household = _person_and_household(request, pk)
    data = request.POST if request.method == "POST" else request.GET
    query = " ".join(data.get("q", "").split())[:100]
    candidates = (
        selectors.household_candidates(get_scope(request), household, query)
        if len(query) >= 2
        else []
    )
    actor = Actor.of(request)
    audit_shown(actor, candidates)
    form = forms.HouseholdMemberForm(
        request.POST or None,
        candidates=candidates,
        initial={"version": household.version, "q": query},
    )
    context: dict[str, Any] = {"person": person, "household": household, "query": query}
    if request.method == "POST" and form.is_valid():
        member = selectors.get_live_person(
            get_scope(request), Actor.of(request), form.cleaned_data["person"], EDIT
        )
        try:
            households.household_add_member(
                household=household,
                person=member,
                expected_version=form.cleaned_data["version"],
                actor=actor,
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
        except households.HouseholdChangedError as error:
            context.update(concurrent_error=str(error), household=error.household)
            form = forms.HouseholdMemberForm(
                candidates=candidates, initial={"version": error.household.version, "q": query}
            )
        else:
            messages.success(
                request,
                gettext("%(name)s added to %(household)s")
                % {"name": member.full_name, "household": household.name},
            )
            return redirect(_household_url(pk))
    context.update(
        form=form,
        taken=[c for c in candidates if c.household_id is not None],
        members=selectors.household_of(person, get_scope(request)),
    )
    return render(request, "people/household_add.html", context)


@require(EDIT)
@require_http_methods(["GET", "POST"])
def household_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Check, then take someone out of the household (the household goes when empty)."""
    person, household = _person_and_household(request, pk)
    member = selectors.get_live_person(get_scope(request), Actor.of(request), member_pk, EDIT)
    if member.household_id != household.pk:
        raise Http404("That person is not in this household")
    form = forms.HouseholdVersionForm(request.POST or None, initial={"version": household.version})
    context: dict[str, Any] = {"person": person, "household": household, "member": member}
    if request.method == "POST" and form.is_valid():
        try:
            remaining = households.household_remove_member(
                household=household,
                person=member,
                expected_version=form.cleaned_data["version"],
                actor=Actor.of(request),
            )
        except households.HouseholdChangedError as error:
            context["concurrent_error"] = str(error)
            form = forms.HouseholdVersionForm(initial={"version": error.household.version})
        else:
            said = {"name": member.full_name, "household": household.name}
            if remaining:
                message = gettext("%(name)s removed from %(household)s") % said
            else:
                message = (
                    gettext(
                        "%(name)s removed from %(household)s; %(household)s had nobody left "
                        "and was deleted"
                    )
                    % said
                )
            messages.success(request, message)
            return redirect(_household_url(pk))
    context.update(form=form, last_member=households.live_members(household).count() == 1)
    return render(request, "people/household_remove.html", context)


def _person_and_household(request: HttpRequest, pk: int) -> tuple[Person, Household]:
    person = selectors.get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    household = (
        Household.objects.select_related("neighbourhood").filter(pk=person.household_id).first()
        if person.household_id is not None
        else None
    )
    if household is None:
        raise Http404("The person is not in a household")
    return person, household


def _household_url(pk: int) -> str:
    return reverse("people:detail", kwargs={"pk": pk}) + "#household"
