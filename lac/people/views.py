"""A person's details, consent, audit trail and merging duplicates (their page: casework)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.audit.selectors import trail_for
from lac.audit.services import audit_read, audit_shown
from lac.people import forms, selectors, services
from lac.people.models import Consent
from lac.submissions.notices import announce
from lac.submissions.services import save_once


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_live_person(
        get_scope(request), Actor.of(request), pk, Capability.EDIT_PERSONAL
    )
    neighbourhoods = get_scope(request).neighbourhoods(Capability.EDIT_PERSONAL)
    form = forms.PersonForm(request.POST or None, instance=person, neighbourhoods=neighbourhoods)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=selectors.get_live_person(
                    get_scope(request), Actor.of(request), pk, Capability.EDIT_PERSONAL
                ),
                expected_version=form.cleaned_data["version"],
                actor=Actor.of(request),
                **form.changed_details(),
            )
        except services.ConcurrentEditError as error:
            form = forms.PersonForm(instance=error.person, neighbourhoods=neighbourhoods)
            form.concurrent_error = str(error)
            return render(request, "people/person_edit.html", {"person": person, "form": form})
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(
                request, gettext("%(name)s’s details saved") % {"name": person.full_name}
            )
            return redirect("people:detail", pk=pk)
    if request.method == "GET":
        audit_read(Actor.of(request), person, what=f"Opened {person.full_name}'s details to edit")
    return render(request, "people/person_edit.html", {"person": person, "form": form})


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def consent_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_live_person(
        get_scope(request), Actor.of(request), pk, Capability.EDIT_PERSONAL
    )
    form = forms.ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("once")
        try:
            _, first = save_once(
                actor=Actor.of(request),
                key=key,
                save=lambda: services.consent_record(
                    person=person, actor=Actor.of(request), **data
                ),
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            announce(request, first=first, saved="Consent recorded")
            return redirect("people:detail", pk=pk)
    context = {"person": person, "form": form, "title": "Record consent"}
    return render(request, "casework/form_page.html", context)


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def person_equality(request: HttpRequest, pk: int) -> HttpResponse:
    """The equality questions, asked only while the person's consent to them stands."""
    person = selectors.get_live_person(
        get_scope(request), Actor.of(request), pk, Capability.EDIT_PERSONAL
    )
    form = forms.EqualityForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_equality_set(
                person=person,
                answers=form.answers(),
                expected_version=form.cleaned_data["version"],
                actor=Actor.of(request),
            )
        except services.ConcurrentEditError as error:
            messages.error(request, str(error))
            return redirect("people:equality", pk=pk)
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(request, gettext("Answers to the equality questions saved"))
            return redirect("people:detail", pk=pk)
    if request.method == "GET":
        audit_read(Actor.of(request), person, what=f"Opened {person.full_name}'s equality answers")
    context = {
        "person": person,
        "form": form,
        "consented": services.has_equality_consent(person),
    }
    return render(request, "people/person_equality.html", context)


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = selectors.get_live_person(
        get_scope(request), Actor.of(request), pk, Capability.EDIT_PERSONAL
    )
    consent = _consent_of(person, consent_pk)
    form = forms.ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                note=form.cleaned_data["note"],
                actor=Actor.of(request),
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(request, gettext("Consent withdrawal recorded"))
            return redirect("people:detail", pk=pk)
    context = {
        "person": person,
        "form": form,
        "title": "Record that consent was withdrawn",
        "intro": f"{consent.get_topic_display()}, agreed on {consent.given_on:%-d %B %Y}.",
    }
    return render(request, "casework/form_page.html", context)


@require(Capability.SUBJECT_ACCESS)
def person_audit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_person(
        get_scope(request), Actor.of(request), pk, Capability.SUBJECT_ACCESS
    )
    audit_read(Actor.of(request), person, what=f"Viewed {person.full_name}'s audit trail")
    events = trail_for(person)[:500]
    return render(request, "people/person_audit.html", {"person": person, "events": events})


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def merge_choose(request: HttpRequest, pk: int) -> HttpResponse:
    """Find the record that duplicates this one (similar name with the same birth date,
    or the same address) and go on to check before merging."""
    person = selectors.get_live_person(
        get_scope(request), Actor.of(request), pk, Capability.EDIT_PERSONAL
    )
    candidates = selectors.possible_duplicates(
        get_scope(request),
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        postcode=person.postcode,
        address_line_1=person.address_line_1,
        exclude_pk=person.pk,
        limit=10,
    )
    audit_shown(Actor.of(request), candidates)
    form = forms.MergeSearchForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        return redirect("people:merge_confirm", pk=pk, other=form.cleaned_data["duplicate"])
    context = {"person": person, "form": form, "candidates": candidates}
    return render(request, "people/merge_choose.html", context)


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def merge_confirm(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """Check your answers, then merge ``other`` into this person (keeping every record)."""
    keep = selectors.get_live_person(
        get_scope(request), Actor.of(request), pk, Capability.EDIT_PERSONAL
    )
    duplicate = selectors.get_live_person(
        get_scope(request), Actor.of(request), other, Capability.EDIT_PERSONAL
    )
    if request.method == "POST":
        try:
            services.person_merge(keep=keep, duplicate=duplicate, actor=Actor.of(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("people:merge", pk=pk)
        messages.success(
            request,
            gettext("Records merged: everything is now on %(name)s’s record")
            % {"name": keep.full_name},
        )
        return redirect("people:detail", pk=pk)
    audit_read(
        Actor.of(request), duplicate, what=f"Compared {duplicate.full_name} with {keep.full_name}"
    )
    counts = selectors.record_counts([keep, duplicate])
    context = {
        "keep": keep,
        "duplicate": duplicate,
        "keep_records": counts[keep.pk],
        "duplicate_records": counts[duplicate.pk],
    }
    return render(request, "people/merge_confirm.html", context)


def _consent_of(person, consent_pk: int) -> Consent:
    try:
        return person.consents.get(pk=consent_pk)
    except Consent.DoesNotExist as exc:
        raise Http404("No such consent record") from exc
