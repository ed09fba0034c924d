"""Forms for casework. Short, phone-first, and every error names the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from lac.casework.models import (
    Challenge,
    ClosureReason,
    ConversationMode,
    IntroductionSource,
    ProgressStatus,
)
from lac.lib.choices import ModelMultipleChoiceField
from lac.people.forms import DateInput, MemorableDateInput, not_in_future
from lac.people.models import Level, Status
from lac.submissions.services import OnceField


def next_contact_not_before_date(
    form: forms.Form, data: dict[str, Any], what: str
) -> dict[str, Any]:
    """A next contact before the contact it follows is a slip: say so on its field."""
    when, following = data.get("date"), data.get("next_contact_date")
    if when and following and following < when:
        form.add_error("next_contact_date", f"The next contact must be on or after the {what}")
    return data


class ListChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.label


class ListMultipleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.label


class IntroductionDetailsForm(forms.Form):
    """Who introduced the person and what they hope for (new or repeat introduction)."""

    date = forms.DateField(
        label="Date of introduction",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the introduction"},
    )
    source = ListChoiceField(
        label="Who introduced them?",
        queryset=IntroductionSource.objects.none(),
        empty_label="Select who introduced them",
        error_messages={"required": "Select who introduced them"},
    )
    introducer = forms.CharField(
        label="Name or team of the introducer (optional)", required=False, max_length=200
    )
    hopes = forms.CharField(
        label="What do they hope for? (optional)",
        help_text="In their words, if you can",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    challenges = ListMultipleChoiceField(
        label="What did they want to change? (optional)",
        help_text="Select all that apply",
        queryset=Challenge.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next_contact_date = forms.DateField(
        label="Next contact",
        help_text="When you will next be in touch. Left empty, the programme's usual gap is used",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date for the next contact"},
    )

    def __init__(self, *args: Any, sources: Any, challenges: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["challenges"].queryset = challenges
        self.initial.setdefault("date", timezone.localdate())

    def clean_date(self) -> date:
        value = self.cleaned_data["date"]
        not_in_future(value, "The date of the introduction")
        return value

    def clean(self) -> dict[str, Any]:
        return next_contact_not_before_date(self, super().clean(), "introduction")


class NewIntroductionForm(IntroductionDetailsForm):
    once = OnceField()
    """One short page: name, neighbourhood, introducer, hopes, challenges.

    Date of birth and postcode are optional; given, they sharpen the duplicate check.
    """

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name"},
    )
    neighbourhood = forms.ModelChoiceField(
        label="Neighbourhood",
        queryset=None,
        empty_label="Select a neighbourhood",
        error_messages={"required": "Select the neighbourhood they live in"},
    )
    date_of_birth = forms.DateField(
        label="Date of birth (optional)",
        help_text="For example, 27 3 1948",
        required=False,
        widget=MemorableDateInput(autocomplete="bday"),
        error_messages={"invalid": "Enter a real date of birth"},
    )
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10)
    level = forms.TypedChoiceField(
        label="Level",
        coerce=int,
        choices=Level.choices,
        initial=Level.LEVEL_1,
        widget=forms.RadioSelect,
        help_text=(
            "Level 1: information, advice or a connection. Level 2: walking alongside for longer."
        ),
        error_messages={"required": "Select Level 1 or Level 2"},
    )
    confirmed_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    field_order = [
        "full_name",
        "neighbourhood",
        "date_of_birth",
        "postcode",
        "date",
        "source",
        "introducer",
        "hopes",
        "challenges",
        "level",
        "next_contact_date",
    ]

    def __init__(self, *args: Any, neighbourhoods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
        only = list(neighbourhoods[:2])
        if len(only) == 1:
            self.initial.setdefault("neighbourhood", only[0].pk)

    def clean_date_of_birth(self) -> date | None:
        value = self.cleaned_data.get("date_of_birth")
        not_in_future(value, "Date of birth")
        return value


class ConversationForm(forms.Form):
    once = OnceField()
    date = forms.DateField(
        label="Date",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the conversation",
            "invalid": "The date of the conversation must be a real date",
        },
    )
    mode = forms.ChoiceField(
        label="How did you meet?",
        choices=ConversationMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you met"},
    )
    duration_minutes = forms.IntegerField(
        label="How long, in minutes (optional)",
        required=False,
        min_value=1,
        max_value=720,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter how long the conversation took as a number of minutes, like 30",
            "min_value": "How long must be at least 1 minute",
            "max_value": "How long must be 720 minutes (12 hours) or less",
        },
    )
    who_was_there = forms.CharField(
        label="Who else was there? (optional)", required=False, max_length=200
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What happened, what matters to them, what next",
    )
    next_contact_date = forms.DateField(
        label="Next contact",
        help_text="When you will next be in touch. Clear it only if there will be no next contact",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date for the next contact"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())

    def clean_date(self) -> date:
        value = self.cleaned_data["date"]
        not_in_future(value, "The date of the conversation")
        return value

    def clean(self) -> dict[str, Any]:
        return next_contact_not_before_date(self, super().clean(), "conversation")


class LevelForm(forms.Form):
    once = OnceField()
    level = forms.TypedChoiceField(
        label="New level",
        coerce=int,
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the new level"},
    )
    date = forms.DateField(
        label="From",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the change",
            "invalid": "The date of the change must be a real date",
        },
    )
    note = forms.CharField(
        label="Why (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    seen_level = forms.TypedChoiceField(
        coerce=int, choices=Level.choices, required=False, widget=forms.HiddenInput
    )
    """The level this page showed: a change saved meanwhile by someone else is not
    overwritten (see ``lac.casework.services.changed_meanwhile``)."""

    def __init__(self, *args: Any, current: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        self.initial.setdefault(
            "level", Level.LEVEL_2 if current == Level.LEVEL_1 else Level.LEVEL_1
        )
        self.initial["seen_level"] = current


class StatusForm(forms.Form):
    once = OnceField()
    status = forms.ChoiceField(
        label="What is changing?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what is changing"},
    )
    date = forms.DateField(
        label="From",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the change",
            "invalid": "The date of the change must be a real date",
        },
    )
    reason = ListChoiceField(
        label="If closing, why?",
        queryset=ClosureReason.objects.none(),
        required=False,
        empty_label="Select a reason",
    )
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    LABELS = {
        Status.ACTIVE: "Reopen: walking alongside again",
        Status.PAUSED: "Pause for now",
        Status.CLOSED: "Close: the walk together ends (the door stays open)",
    }

    seen_status = forms.ChoiceField(
        choices=Status.choices, required=False, widget=forms.HiddenInput
    )
    """The status this page showed: a change saved meanwhile by someone else is not
    overwritten (see ``lac.casework.services.changed_meanwhile``)."""

    def __init__(self, *args: Any, current: str, reasons: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["seen_status"] = current
        # The choices the page offered, so that a change saved meanwhile is reported as that
        # by the service, not as "Select a valid choice".
        if self.data.get("seen_status") in Status.values:
            current = self.data["seen_status"]
        choices = [(s, label) for s, label in self.LABELS.items() if s != current]
        if current == Status.PAUSED:
            choices[0] = (Status.ACTIVE, "Resume: walking alongside again")
        self.fields["status"].choices = choices
        self.fields["reason"].queryset = reasons
        self.initial.setdefault("date", timezone.localdate())

    def clean_date(self) -> date:
        value = self.cleaned_data["date"]
        not_in_future(value, "The date of the change")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == Status.CLOSED and not data.get("reason"):
            self.add_error("reason", "Select why the walk together is ending")
        return data


class ClosureOutcomeSkipForm(forms.Form):
    reason = forms.CharField(
        label="Why is there nothing to record?",
        help_text="For example: they moved away before a last conversation",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Enter why there is no final assessment or outcome to record",
            "max_length": "Why there is nothing to record must be 500 characters or fewer",
        },
    )


class VisionForm(forms.Form):
    once = OnceField()
    text = forms.CharField(
        label="What is a good life for them?",
        help_text="In their words. Saving keeps earlier versions.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter their vision of a good life"},
    )
    date = forms.DateField(
        label="Date",
        widget=DateInput(),
        error_messages={"required": "Enter the date"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())


class GoalForm(forms.Form):
    once = OnceField()
    title = forms.CharField(
        label="Goal",
        max_length=300,
        help_text="In their words, for example “Get back to the allotment”",
        error_messages={"required": "Enter the goal"},
    )
    steps = forms.CharField(
        label="Steps (optional)",
        required=False,
        help_text="One step on each line",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    set_on = forms.DateField(
        label="Date set",
        widget=DateInput(),
        error_messages={"required": "Enter the date the goal was set"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("set_on", timezone.localdate())

    def step_lines(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data.get("steps", "").splitlines()]
        return [line[:300] for line in lines if line]


class StepForm(forms.Form):
    description = forms.CharField(
        label="Step", max_length=300, error_messages={"required": "Enter the step"}
    )
    due_on = forms.DateField(
        label="By when (optional)",
        required=False,
        widget=DateInput(),
    )


class ProgressForm(forms.Form):
    """Move a goal or step along: one button per status."""

    status = forms.ChoiceField(choices=ProgressStatus.choices)


class NextContactForm(forms.Form):
    next_contact_date = forms.DateField(
        label="Next contact",
        help_text="Leave empty if there is no contact planned",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date for the next contact"},
    )
