"""Forms for flags, visits and concerns: they read the input; the rules live in services."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from lac.lib.rules import lengths
from lac.lib.widgets import DateInput
from lac.safety.categories import concern_categories
from lac.safety.models import (
    CONCERN_REFERENCE_CHARS,
    FLAG_DETAILS_CHARS,
    VISIT_PLACE_CHARS,
    FlagKind,
    ReportedTo,
)

BACK_IN_CHOICES = [
    ("30", _("30 minutes")),
    ("60", _("1 hour")),
    ("90", _("1 hour 30 minutes")),
    ("120", _("2 hours")),
]


class FlagForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What should everyone know first?"),
        choices=FlagKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what everyone should know first")},
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=FLAG_DETAILS_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only what someone meeting the person needs, for example: "
            "a large dog, kept in the kitchen on request"
        ),
        error_messages={"max_length": _("Details must be %(limit_value)d characters or fewer")},
    )
    review_by = forms.DateField(
        label=_("Review by (optional)"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Review by must be a real date")},
    )


class FlagRemoveForm(forms.Form):
    because = forms.CharField(
        label=_("Why is this flag no longer needed?"),
        max_length=FLAG_DETAILS_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why the flag is no longer needed"),
            "max_length": _("The reason must be %(limit_value)d characters or fewer"),
        },
    )


class FlagReviewForm(forms.Form):
    """Keep a flag due for review (saying why), or remove it (saying why)."""

    decision = forms.ChoiceField(
        label=_("Is the flag still needed?"),
        choices=[
            ("keep", _("Yes: keep it")),
            ("remove", _("No: remove it")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the flag is still needed")},
    )
    note = forms.CharField(
        label=_("Why?"),
        required=False,
        max_length=FLAG_DETAILS_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: spoke with the person and their carer on the phone"),
        error_messages={"max_length": _("The reason must be %(limit_value)d characters or fewer")},
    )


class VisitForm(forms.Form):
    place = forms.CharField(
        label=_("Where are you going?"),
        max_length=VISIT_PLACE_CHARS,
        help_text=_("A place your manager would recognise, for example: home visit, Northgate"),
        error_messages={
            "required": _("Enter where you are going"),
            "max_length": _("Where you are going must be %(limit_value)d characters or fewer"),
        },
    )
    back_in = forms.ChoiceField(
        label=_("When will you be back?"),
        choices=BACK_IN_CHOICES,
        initial="60",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select when you will be back")},
    )

    def expected_back(self) -> datetime:
        return timezone.now() + timedelta(minutes=int(self.cleaned_data["back_in"]))


def _reported_to_field(label: StrOrPromise) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", _("Not reported (yet)")), *ReportedTo.choices],
        widget=forms.RadioSelect,
    )


def _reference_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reference number (optional)"),
        required=False,
        max_length=CONCERN_REFERENCE_CHARS,
        help_text=_("The number the safeguarding team or the police gave you"),
    )


class ConcernForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What kind of abuse or neglect is it?"),
        choices=concern_categories,
        widget=forms.RadioSelect,
        help_text=_(
            "The types in the Care Act 2014 statutory guidance, unless your council uses "
            "its own list"
        ),
    )
    what_happened = forms.CharField(
        label=_("What was seen or said"),
        max_length=lengths.NOTE,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Facts, in the words used where you can. Keep opinions out."),
    )
    happened_on = forms.DateField(label=_("When was it seen or said?"), widget=DateInput())
    reported_to = _reported_to_field(_("Who was it reported to?"))
    reference = _reference_field()


class ConcernUpdateForm(forms.Form):
    note = forms.CharField(
        label=_("What happened next"),
        required=False,
        max_length=lengths.NOTE,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    reported_to = _reported_to_field(_("Was it reported to someone (else)?"))
    reference = _reference_field()
    close = forms.BooleanField(
        label=_("Close the concern: nothing more is needed from us"),
        required=False,
        help_text=_("Say what happened in the end above. A closed concern stays on the record."),
    )


class ConcernReleaseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should the person's subject access export include their concerns?"),
        max_length=lengths.NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: checked with the safeguarding team; telling the person "
            "puts nobody at risk"
        ),
    )
