"""Subject access and erasure pages, for team managers (``Capability.SUBJECT_ACCESS``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods
from django_stubs_ext import StrOrPromise

from lac.accounts.permissions import Capability, get_scope, require, signed_in_user
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_read, audit_write
from lac.disclosures.models import Kind, LegalBasis
from lac.disclosures.services import disclosure_record
from lac.people import selectors
from lac.people.erasure import PERSON_BLANKED, person_erase
from lac.people.models import Person
from lac.people.subject_access import (
    export_zip_bytes,
    held_notes,
    person_ids_of,
    section_counts,
    subject_access_export,
)

SUBJECT_ACCESS_RECIPIENT = "The person, who asked for their records"
"""Who a subject access copy goes to, in the disclosure log (the right of access,
UK GDPR Article 15, is a legal obligation on the council)."""


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


class EraseConfirmForm(forms.Form):
    confirm_name = forms.CharField(
        label=gettext_lazy("Type the person’s full name to confirm"),
        max_length=400,
        error_messages={
            "required": gettext_lazy("Enter the person’s full name to confirm the erasure")
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Why is the record being erased?"),
        help_text=gettext_lazy(
            "For example: the person asked us to erase it (recorded in the audit trail)"
        ),
        max_length=200,
        error_messages={"required": gettext_lazy("Enter why the record is being erased")},
    )

    def __init__(self, *args: object, person: Person, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.person = person

    def clean_confirm_name(self) -> str:
        typed = self.cleaned_data["confirm_name"]
        if _normal(typed) != _normal(self.person.full_name):
            raise ValidationError(
                gettext("The name you typed does not match the person’s full name")
            )
        return typed


def _field_name(name: str) -> StrOrPromise:
    """A person field's name as the form shows it."""
    field = Person._meta.get_field(name)
    assert isinstance(field, models.Field)  # a column of the person's own
    return field.verbose_name


@require(Capability.SUBJECT_ACCESS)
@require_http_methods(["GET", "POST"])
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    """What the export holds; one button downloads the JSON and the PDF together."""
    person = selectors.get_person(
        get_scope(request), Actor.of(request), pk, Capability.SUBJECT_ACCESS
    )
    if request.method == "POST":
        export = subject_access_export(person, produced_by=signed_in_user(request))
        content = export_zip_bytes(export)
        actor = Actor.of(request)
        with transaction.atomic():
            audit_write(
                obj=person,
                action=Action.EXPORT,
                what=f"Produced {person.full_name}'s subject access export",
                actor=actor,
            )
            disclosure_record(
                actor,
                person=person,
                kind=Kind.SUBJECT_ACCESS,
                description="Everything held about them, as JSON and PDF (subject access)",
                recipient=SUBJECT_ACCESS_RECIPIENT,
                legal_basis=LegalBasis.LEGAL_OBLIGATION,
            )
        response = HttpResponse(content, content_type="application/zip")
        name = f"subject-access-{person.pk}-{export.produced_at:%Y-%m-%d}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    audit_read(Actor.of(request), person, what=f"Opened {person.full_name}'s subject access page")
    context = {
        "person": person,
        "counts": section_counts(person, for_export=True),
        "held": held_notes(person_ids_of(person)),
    }
    return render(request, "people/privacy/subject_access.html", context)


@require(Capability.SUBJECT_ACCESS)
@require_http_methods(["GET", "POST"])
def erase_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers before erasing: what goes, what stays, type the name to confirm."""
    person = selectors.get_person(
        get_scope(request), Actor.of(request), pk, Capability.SUBJECT_ACCESS
    )
    if person.is_anonymised:
        messages.info(request, gettext("This record has already been erased"))
        return redirect("people:detail", pk=pk)
    form = EraseConfirmForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            person_erase(
                person=person,
                actor=Actor.of(request),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, gettext("The record has been erased. Its figures are kept without a name")
            )
            return redirect("people:detail", pk=pk)
    if request.method == "GET":
        audit_read(
            Actor.of(request), person, what=f"Opened the erasure check for {person.full_name}"
        )
    context = {
        "person": person,
        "form": form,
        "counts": section_counts(person),
        "blanked": [_field_name(n) for n in PERSON_BLANKED],
    }
    return render(request, "people/privacy/erase_confirm.html", context)
