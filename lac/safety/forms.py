"""Forms for flags and visits: they read the input; the rules live in services."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from lac.people.forms import DateInput
from lac.safety.models import FLAG_DETAILS_CHARS, VISIT_PLACE_CHARS, FlagKind

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
