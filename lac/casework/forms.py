"""Forms for casework. Short, phone-first, and every error names the field.

Dates, lengths, postcodes and phone numbers are the services' record rules
(``lac.lib.rules``): a form names which date rule holds for which field, so that
every problem shows at once, and leaves lengths to the rules so they read the same
on every path.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lac.casework.models import (
    Challenge,
    ClosureReason,
    ConversationMode,
    IntroductionSource,
    ProgressStatus,
)
from lac.casework.selectors import CaseloadHolder, CoordinatorChoice
from lac.casework.services import closure_without_reason
from lac.lib.choices import ModelMultipleChoiceField
from lac.lib.fields import choice_field, model_choice_field
from lac.lib.rules import contact, dates
from lac.lib.widgets import DateInput, NumberInput
from lac.people.forms import MemorableDateInput, RecordRules
from lac.people.models import Level, Status
from lac.submissions.services import OnceField


class DatedToday(forms.BaseForm):
    """A form whose ``date`` starts as today: most records are written up the day they
    happen, and a date passed in (a draft, a record being changed) is kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())


class IntroductionDetailsForm(RecordRules, DatedToday, forms.Form):
    """Who introduced the person and what they hope for (new or repeat introduction)."""

    once = OnceField()
    date_rules = {"date": dates.INTRODUCTION}
    next_contact_follows = "introduction"

    date = forms.DateField(
        label=gettext_lazy("Date of introduction"),
        widget=DateInput(),
        error_messages={"required": gettext_lazy("Enter the date of the introduction")},
    )
    source = forms.ModelChoiceField(
        label=gettext_lazy("Who introduced them?"),
        queryset=IntroductionSource.objects.none(),
        empty_label=gettext_lazy("Select who introduced them"),
        error_messages={"required": gettext_lazy("Select who introduced them")},
    )
    introducer = forms.CharField(
        label=gettext_lazy("Name or team of the introducer (optional)"), required=False
    )
    hopes = forms.CharField(
        label=gettext_lazy("What do they hope for? (optional)"),
        help_text=gettext_lazy("In their words, if you can"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    challenges = ModelMultipleChoiceField(
        label=gettext_lazy("What did they want to change? (optional)"),
        help_text=gettext_lazy("Select all that apply"),
        queryset=Challenge.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next_contact_date = forms.DateField(
        label=gettext_lazy("Next contact"),
        help_text=gettext_lazy(
            "When you will next be in touch. Left empty, the programme's usual gap is used"
        ),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": gettext_lazy("Enter a real date for the next contact")},
    )

    def __init__(self, *args: Any, sources: Any, challenges: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "source").queryset = sources
        model_choice_field(self, "challenges").queryset = challenges


class NewIntroductionForm(IntroductionDetailsForm):
    date_rules = {**IntroductionDetailsForm.date_rules, "date_of_birth": dates.DATE_OF_BIRTH}
    tidy_rules = {"postcode": contact.postcode}
    """One short page: name, neighbourhood, introducer, hopes, challenges.

    Date of birth and postcode are optional; given, they sharpen the duplicate check.
    """

    full_name = forms.CharField(
        label=gettext_lazy("Full name"),
        error_messages={"required": gettext_lazy("Enter the person's full name")},
    )
    neighbourhood: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Neighbourhood"),
        queryset=None,
        empty_label=gettext_lazy("Select a neighbourhood"),
        error_messages={"required": gettext_lazy("Select the neighbourhood they live in")},
    )
    date_of_birth = forms.DateField(
        label=gettext_lazy("Date of birth (optional)"),
        help_text=gettext_lazy("For example, 27 3 1948"),
        required=False,
        widget=MemorableDateInput(autocomplete="bday"),
        error_messages={"invalid": gettext_lazy("Enter a real date of birth")},
    )
    postcode = forms.CharField(label=gettext_lazy("Postcode (optional)"), required=False)
    level = forms.TypedChoiceField(
        label=gettext_lazy("Level"),
        coerce=int,
        choices=Level.choices,
        initial=Level.LEVEL_1,
        widget=forms.RadioSelect,
        help_text=(
            gettext_lazy(
                "Level 1: information, advice or a connection. "
                "Level 2: walking alongside for longer."
            )
        ),
        error_messages={"required": gettext_lazy("Select Level 1 or Level 2")},
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
        model_choice_field(self, "neighbourhood").queryset = neighbourhoods
        only = list(neighbourhoods[:2])
        if len(only) == 1:
            self.initial.setdefault("neighbourhood", only[0].pk)


class ConversationForm(RecordRules, DatedToday, forms.Form):
    once = OnceField()
    date_rules = {"date": dates.CONVERSATION}
    next_contact_follows = "conversation"
    date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Enter the date of the conversation"),
            "invalid": gettext_lazy("The date of the conversation must be a real date"),
        },
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("How did you meet?"),
        choices=ConversationMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select how you met")},
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("How long, in minutes (optional)"),
        required=False,
        widget=NumberInput(),
        error_messages={
            "invalid": gettext_lazy(
                "Enter how long the conversation took as a number of minutes, like 30"
            )
        },
    )
    """How long it may be is the service's rule (``duration_check``), the same for the API
    and a contacts log."""
    who_was_there = forms.CharField(
        label=gettext_lazy("Who else was there? (optional)"), required=False
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What happened, what matters to them, what next"),
    )
    next_contact_date = forms.DateField(
        label=gettext_lazy("Next contact"),
        help_text=gettext_lazy(
            "When you will next be in touch. Clear it only if there will be no next contact"
        ),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": gettext_lazy("Enter a real date for the next contact")},
    )


class LevelForm(DatedToday, forms.Form):
    once = OnceField()
    level = forms.TypedChoiceField(
        label=gettext_lazy("New level"),
        coerce=int,
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select the new level")},
    )
    date = forms.DateField(
        label=gettext_lazy("From"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Enter the date of the change"),
            "invalid": gettext_lazy("The date of the change must be a real date"),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("Why (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    seen_level = forms.TypedChoiceField(
        coerce=int, choices=Level.choices, required=False, widget=forms.HiddenInput
    )
    """The level this page showed: a change saved meanwhile by someone else is not
    overwritten (see ``lac.casework.services.changed_meanwhile``)."""

    def __init__(self, *args: Any, current: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault(
            "level", Level.LEVEL_2 if current == Level.LEVEL_1 else Level.LEVEL_1
        )
        self.initial["seen_level"] = current


class StatusForm(RecordRules, DatedToday, forms.Form):
    once = OnceField()
    date_rules = {"date": dates.STATUS_CHANGE}
    status = forms.ChoiceField(
        label=gettext_lazy("What is changing?"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select what is changing")},
    )
    date = forms.DateField(
        label=gettext_lazy("From"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Enter the date of the change"),
            "invalid": gettext_lazy("The date of the change must be a real date"),
        },
    )
    reason = forms.ModelChoiceField(
        label=gettext_lazy("If closing, why?"),
        queryset=ClosureReason.objects.none(),
        required=False,
        empty_label=gettext_lazy("Select a reason"),
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    LABELS = {
        Status.ACTIVE: gettext_lazy("Reopen: walking alongside again"),
        Status.PAUSED: gettext_lazy("Pause for now"),
        Status.CLOSED: gettext_lazy("Close: the walk together ends (the door stays open)"),
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
            choices[0] = (Status.ACTIVE, gettext_lazy("Resume: walking alongside again"))
        choice_field(self, "status").choices = choices
        model_choice_field(self, "reason").queryset = reasons

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._each(closure_without_reason, data.get("status"), data.get("reason"))
        return data


class ClosureOutcomeSkipForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is there nothing to record?"),
        help_text=gettext_lazy("For example: they moved away before a last conversation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": gettext_lazy("Enter why there is no final assessment or outcome to record")
        },
    )


class VisionForm(DatedToday, forms.Form):
    once = OnceField()
    text = forms.CharField(
        label=gettext_lazy("What is a good life for them?"),
        help_text=gettext_lazy("In their words. Saving keeps earlier versions."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("Enter their vision of a good life")},
    )
    date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=DateInput(),
        error_messages={"required": gettext_lazy("Enter the date")},
    )


class GoalForm(forms.Form):
    once = OnceField()
    title = forms.CharField(
        label=gettext_lazy("Goal"),
        help_text=gettext_lazy("In their words, for example “Get back to the allotment”"),
        error_messages={"required": gettext_lazy("Enter the goal")},
    )
    steps = forms.CharField(
        label=gettext_lazy("Steps (optional)"),
        required=False,
        help_text=gettext_lazy("One step on each line"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    set_on = forms.DateField(
        label=gettext_lazy("Date set"),
        widget=DateInput(),
        error_messages={"required": gettext_lazy("Enter the date the goal was set")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("set_on", timezone.localdate())

    def step_lines(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data.get("steps", "").splitlines()]
        return [line for line in lines if line]


class StepForm(forms.Form):
    once = OnceField()
    description = forms.CharField(
        label=gettext_lazy("Step"), error_messages={"required": gettext_lazy("Enter the step")}
    )
    due_on = forms.DateField(
        label=gettext_lazy("By when (optional)"),
        required=False,
        widget=DateInput(),
    )


class ProgressForm(forms.Form):
    """Move a goal or step along: one button per status."""

    status = forms.ChoiceField(choices=ProgressStatus.choices)


class NextContactForm(forms.Form):
    next_contact_date = forms.DateField(
        label=gettext_lazy("Next contact"),
        help_text=gettext_lazy("Leave empty if there is no contact planned"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": gettext_lazy("Enter a real date for the next contact")},
    )


class PersonReassignForm(forms.Form):
    """Pass one person to another coordinator who works in their neighbourhood."""

    to_coordinator = forms.TypedChoiceField(
        label=gettext_lazy("Who should walk alongside them now?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select the coordinator to pass them to"),
            "invalid_choice": gettext_lazy("Select a coordinator from the list"),
        },
    )
    seen_coordinator = forms.IntegerField(required=False, widget=forms.HiddenInput)
    """The coordinator this page showed (0: none): a change saved meanwhile by someone
    else is not overwritten (``lac.casework.reassignment``)."""

    def __init__(
        self, *args: Any, coordinators: list[CoordinatorChoice], current: int | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.coordinators = {c.user.pk: c.user for c in coordinators}
        field = self.fields["to_coordinator"]
        field.choices = [  # type: ignore[attr-defined]
            (c.user.pk, f"{c.label}, now" if c.user.pk == current else c.label)
            for c in coordinators
        ]
        self.initial["seen_coordinator"] = current or 0


class CaseloadReassignForm(forms.Form):
    """Pass everyone one coordinator holds (a leaver's caseload), or some of them, on."""

    from_coordinator = forms.ChoiceField(
        label=gettext_lazy("Whose people are being passed on?"),
        error_messages={
            "required": gettext_lazy("Select whose people are being passed on"),
            "invalid_choice": gettext_lazy("Select whose people from the list"),
        },
    )
    to_coordinator = forms.TypedChoiceField(
        label=gettext_lazy("Who should they go to?"),
        coerce=int,
        error_messages={
            "required": gettext_lazy("Select the coordinator to pass them to"),
            "invalid_choice": gettext_lazy("Select a coordinator from the list"),
        },
    )
    neighbourhoods = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Only the people in these neighbourhoods (optional)"),
        help_text=gettext_lazy(
            "Leave them all unticked to pass on everyone, closed people too, so anyone "
            "who comes back has a coordinator."
        ),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Select neighbourhoods from the list")},
    )

    def __init__(
        self,
        *args: Any,
        holders: list[CaseloadHolder],
        coordinators: list[CoordinatorChoice],
        neighbourhoods: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.holders = {h.key: h for h in holders}
        self.coordinators = {c.user.pk: c.user for c in coordinators}
        self.fields["from_coordinator"].choices = [("", "Select a coordinator")] + [  # type: ignore[attr-defined]
            (h.key, h.label) for h in holders
        ]
        self.fields["to_coordinator"].choices = [("", "Select a coordinator")] + [  # type: ignore[attr-defined]
            (c.user.pk, c.label) for c in coordinators
        ]
        self.fields["neighbourhoods"].choices = neighbourhoods  # type: ignore[attr-defined]
