"""Forms for flags, visits and concerns: they read the input; the rules live in services."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lac.lib.rules import lengths
from lac.people.forms import DateInput
from lac.safety.categories import concern_categories
from lac.safety.models import (
    CONCERN_REFERENCE_CHARS,
    FLAG_DETAILS_CHARS,
    VISIT_PLACE_CHARS,
    FlagKind,
    ReportedTo,
)

BACK_IN_CHOICES = [
    ("30", "30 minutes"),
    ("60", "1 hour"),
    ("90", "1 hour 30 minutes"),
    ("120", "2 hours"),
]


class FlagForm(forms.Form):
    kind = forms.ChoiceField(
        label="What should everyone know first?",
        choices=FlagKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what everyone should know first"},
    )
    details = forms.CharField(
        label="Details",
        required=False,
        max_length=FLAG_DETAILS_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Only what someone meeting the person needs, for example: "
            "a large dog, kept in the kitchen on request"
        ),
        error_messages={"max_length": f"Details must be {FLAG_DETAILS_CHARS} characters or fewer"},
    )
    review_by = forms.DateField(
        label="Review by (optional)",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Review by must be a real date"},
    )


class FlagRemoveForm(forms.Form):
    because = forms.CharField(
        label="Why is this flag no longer needed?",
        max_length=FLAG_DETAILS_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why the flag is no longer needed",
            "max_length": f"The reason must be {FLAG_DETAILS_CHARS} characters or fewer",
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
        label="Where are you going?",
        max_length=VISIT_PLACE_CHARS,
        help_text="A place your manager would recognise, for example: home visit, Northgate",
        error_messages={
            "required": "Enter where you are going",
            "max_length": f"Where you are going must be {VISIT_PLACE_CHARS} characters or fewer",
        },
    )
    back_in = forms.ChoiceField(
        label="When will you be back?",
        choices=BACK_IN_CHOICES,
        initial="60",
        widget=forms.RadioSelect,
        error_messages={"required": "Select when you will be back"},
    )

    def expected_back(self) -> datetime:
        return timezone.now() + timedelta(minutes=int(self.cleaned_data["back_in"]))


def _reported_to_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", "Not reported (yet)"), *ReportedTo.choices],
        widget=forms.RadioSelect,
    )


def _reference_field() -> forms.CharField:
    return forms.CharField(
        label="Reference number (optional)",
        required=False,
        max_length=CONCERN_REFERENCE_CHARS,
        help_text="The number the safeguarding team or the police gave you",
    )


class ConcernForm(forms.Form):
    category = forms.ChoiceField(
        label="What kind of abuse or neglect is it?",
        choices=concern_categories,
        widget=forms.RadioSelect,
        help_text="The types in the Care Act 2014 statutory guidance, unless your council uses "
        "its own list",
    )
    what_happened = forms.CharField(
        label="What was seen or said",
        max_length=lengths.NOTE,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Facts, in the words used where you can. Keep opinions out.",
    )
    happened_on = forms.DateField(label="When was it seen or said?", widget=DateInput())
    reported_to = _reported_to_field("Who was it reported to?")
    reference = _reference_field()


class ConcernUpdateForm(forms.Form):
    note = forms.CharField(
        label="What happened next",
        required=False,
        max_length=lengths.NOTE,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    reported_to = _reported_to_field("Was it reported to someone (else)?")
    reference = _reference_field()
    close = forms.BooleanField(
        label="Close the concern: nothing more is needed from us",
        required=False,
        help_text="Say what happened in the end above. A closed concern stays on the record.",
    )


class ConcernReleaseForm(forms.Form):
    reason = forms.CharField(
        label="Why should the person's subject access export include their concerns?",
        max_length=lengths.NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: checked with the safeguarding team; telling the person "
        "puts nobody at risk",
    )
