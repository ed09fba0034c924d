"""Forms for a person's details and consent. Every error names the field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from lac.lib.rules import contact, dates, health
from lac.lib.widgets import DateInput
from lac.people.equality import QUESTIONS
from lac.people.models import Consent, ConsentMethod, ConsentTopic, Household, Person
from lac.submissions.services import OnceField


class MemorableDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes, for dates people know
    by heart (a date of birth), where a picker means scrolling back to 1948.

    It hands the field "year-month-day" to parse, so a ``DateField`` checks it
    and names the problem as for any other date.
    """

    template_name = "govuk/date_input.html"
    PARTS = ("day", "month", "year")

    def __init__(self, autocomplete: str = "") -> None:
        widgets = {
            part: forms.TextInput(
                attrs={"autocomplete": f"{autocomplete}-{part}"} if autocomplete else {}
            )
            for part in self.PARTS
        }
        super().__init__(widgets)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        """Boxes with ids named by their part (``id_date_of_birth_day``), as their
        names are, so the error summary and scripts can point at the day box."""
        context = super().get_context(name, value, attrs)
        whole = context["widget"]["attrs"].get("id")
        if whole:
            for part, box in zip(self.PARTS, context["widget"]["subwidgets"], strict=True):
                box["attrs"]["id"] = f"{whole}_{part}"
        return context

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str:
        day, month, year = (
            (value or "").strip() for value in super().value_from_datadict(data, files, name)
        )
        return f"{year}-{month}-{day}" if day or month or year else ""

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(f"{name}_{part}" not in data for part in self.PARTS)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's validation errors on the form: on their field, else on the form."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


class RecordRules(forms.BaseForm):
    """A form that runs the record rules on its fields as it is cleaned, so that a person
    sees every problem at once, and a model form checks a postcode as the service will
    store it. The rules are ``lac.lib.rules``'s, called by the service again for every
    path; a form only names which rule holds for which field.
    """

    date_rules: ClassVar[Mapping[str, dates.Bounds]] = {}
    next_contact_follows: ClassVar[str] = ""
    """What a ``next_contact_date`` field follows ("conversation"): the form's ``date``."""
    tidy_rules: ClassVar[Mapping[str, Callable[..., Any]]] = {}
    """Field → the rule that tidies and checks it (``contact.postcode``), giving the value
    as it is stored."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, tidy in self.tidy_rules.items():
            if data.get(name):
                try:
                    data[name] = tidy(data[name], field=name)
                except ValidationError as error:
                    add_service_errors(self, error)
        for name, bounds in self.date_rules.items():
            self._each(dates.check, bounds, data.get(name), field=name)
        if self.next_contact_follows and data.get("date"):
            follows = self.next_contact_follows
            next_contact = data.get("next_contact_date")
            self._each(dates.next_contact_follows, next_contact, data["date"], what=follows)
        return data

    def _each(self, rule: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Apply one rule; its refusal goes on the field it names, and the others still run."""
        try:
            rule(*args, **kwargs)
        except ValidationError as error:
            add_service_errors(self, error)


class PersonForm(RecordRules, forms.ModelForm):
    """A person's details; the version they saw travels with the form."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    concurrent_error = ""
    """Why the details were not saved: someone else saved theirs first (shown above the form)."""
    postcode = forms.CharField(label=gettext_lazy("Postcode"), required=False)
    """Without the column's 10-character limit: "s w 1 a 2 a a" is tidied by the postcode
    rule before it is checked."""
    date_rules = {"date_of_birth": dates.DATE_OF_BIRTH}
    tidy_rules = {
        "postcode": contact.postcode,
        "phone": contact.phone,
        "email": contact.email,
        "nhs_number": health.nhs_number,
    }
    nhs_number = forms.CharField(
        label=gettext_lazy("NHS number (optional)"),
        required=False,
        help_text=gettext_lazy(
            "10 digits, like 943 476 5919, if the person wants their GP record linked"
        ),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    """Without the column's 10-character limit: "943 476 5919" is tidied before it is checked."""

    class Meta:
        model = Person
        fields = [
            "full_name",
            "preferred_name",
            "date_of_birth",
            "age_band",
            "neighbourhood",
            "phone",
            "email",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "preferred_contact",
            "primary_category",
            "housing_tenure",
            "first_language",
            "preferred_language",
            "communication_needs",
            "nhs_number",
        ]
        labels = {
            "full_name": gettext_lazy("Full name"),
            "date_of_birth": gettext_lazy("Date of birth (if they want to share it)"),
            "age_band": gettext_lazy("Age band (if no date of birth)"),
            "address_line_1": gettext_lazy("Address line 1"),
            "address_line_2": gettext_lazy("Address line 2 (optional)"),
            "town": gettext_lazy("Town or city"),
            "preferred_contact": gettext_lazy("How they like to be contacted"),
            "first_language": gettext_lazy("First language"),
            "preferred_language": gettext_lazy(
                "Which language should their plan, links and messages be in?"
            ),
            "communication_needs": gettext_lazy("Language or communication needs"),
        }
        widgets = {
            "date_of_birth": MemorableDateInput(autocomplete="bday"),
            "communication_needs": forms.Textarea(attrs={"rows": 3}),
            "preferred_language": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        error_messages = {
            "full_name": {"required": gettext_lazy("Enter the person's full name")},
            "neighbourhood": {"required": gettext_lazy("Select the neighbourhood they live in")},
            "email": {"invalid": gettext_lazy(contact.EMAIL_INVALID)},
        }

    def __init__(self, *args: Any, neighbourhoods: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if neighbourhoods is not None:
            self.fields["neighbourhood"].queryset = neighbourhoods
        self.fields["neighbourhood"].empty_label = "Select a neighbourhood"
        self.fields["preferred_language"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_preferred_language(self) -> str:
        """Left unanswered, the language stays as it was (English for someone new)."""
        return self.cleaned_data.get("preferred_language") or self.instance.preferred_language

    def changed_details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


NOT_ASKED = gettext_lazy("Not asked yet")


class EqualityForm(forms.Form):
    """The equality questions in the census's words, each optional, each with "Prefer not
    to say" (``lac.people.equality``); "Not asked yet" leaves or clears an answer."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for q in QUESTIONS:
            self.fields[q.field] = forms.ChoiceField(
                label=q.words,
                help_text=q.hint,
                required=False,
                choices=[("", NOT_ASKED), *q.choices.choices],
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": gettext("Select one of the answers to “%(question)s”")
                    % {"question": q.words}
                },
            )
            self.initial.setdefault(q.field, getattr(person, q.field))
        self.initial.setdefault("version", person.version)

    def answers(self) -> dict[str, str]:
        return {q.field: self.cleaned_data[q.field] for q in QUESTIONS}


class ConsentForm(RecordRules, forms.ModelForm):
    once = OnceField()
    date_rules = {"given_on": dates.CONSENT_GIVEN}

    class Meta:
        model = Consent
        fields = ["topic", "details", "given_on", "method"]
        labels = {
            "topic": gettext_lazy("What did they agree to?"),
            "details": gettext_lazy("Details (optional)"),
            "given_on": gettext_lazy("Date agreed"),
            "method": gettext_lazy("How did they agree?"),
        }
        widgets = {
            "topic": forms.RadioSelect,
            "method": forms.RadioSelect,
            "given_on": DateInput(),
            "details": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "topic": {"required": gettext_lazy("Select what they agreed to")},
            "method": {"required": gettext_lazy("Select how they agreed")},
            "given_on": {
                "required": gettext_lazy("Enter the date they agreed"),
                "invalid": gettext_lazy("The date they agreed must be a real date"),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = ConsentTopic.choices
        # Only an import records consent "in a spreadsheet before lac".
        self.fields["method"].choices = [
            c for c in ConsentMethod.choices if c[0] != ConsentMethod.SPREADSHEET
        ]
        self.initial.setdefault("given_on", timezone.localdate())


class ConsentWithdrawForm(RecordRules, forms.Form):
    date_rules = {"withdrawn_on": dates.CONSENT_WITHDRAWN}
    withdrawn_on = forms.DateField(
        label=gettext_lazy("Date withdrawn"),
        widget=DateInput(),
        error_messages={"required": gettext_lazy("Enter the date consent was withdrawn")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("withdrawn_on", timezone.localdate())


class MergeSearchForm(forms.Form):
    """Pick the record that duplicates this one."""

    duplicate = forms.TypedChoiceField(
        label=gettext_lazy("Which record is the same person?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select the record that is the same person")},
    )

    def __init__(self, *args: Any, candidates: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].choices = [
            (
                p.pk,
                f"{p.display_name} — {p.neighbourhood.name}"
                + (f", born {p.date_of_birth:%d %B %Y}" if p.date_of_birth else "")
                + (f", {p.postcode}" if p.postcode else ""),
            )
            for p in candidates
        ]


class HouseholdForm(forms.ModelForm):
    """A household's name and notes; on a change, the version the editor saw travels too."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Household
        fields = ["name", "notes"]
        labels = {"name": gettext_lazy("Household name"), "notes": gettext_lazy("Notes (optional)")}
        help_texts = {
            "name": gettext_lazy("For example, “The Okafor family”"),
            "notes": gettext_lazy("Only what helps: who cares for whom, who to contact first"),
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {
                "required": gettext_lazy("Enter a name for the household"),
                "max_length": gettext_lazy("Household name must be 200 characters or fewer"),
            }
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_version(self) -> int | None:
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            raise forms.ValidationError(gettext("Open the household again and make your change"))
        return version


class NewHouseholdForm(HouseholdForm):
    """Starting a household: saved once however often the form is sent."""

    once = OnceField()


class HouseholdMemberForm(forms.Form):
    """Pick someone from the search results to add to the household."""

    person = forms.TypedChoiceField(
        label=gettext_lazy("Who should join the household?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select the person to add"),
            "invalid_choice": gettext_lazy("Select the person to add from the list"),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    q = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, candidates: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            (
                p.pk,
                f"{p.display_name} — {p.neighbourhood.name}"
                + (f", born {p.date_of_birth:%-d %B %Y}" if p.date_of_birth else "")
                + (f", {p.postcode}" if p.postcode else ""),
            )
            for p in candidates
            if p.household_id is None
        ]


class HouseholdVersionForm(forms.Form):
    """Only the version the editor saw: for removing a member after checking."""

    version = forms.IntegerField(widget=forms.HiddenInput)
