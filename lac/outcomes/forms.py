"""Phone-quick forms for progress, what changed and services avoided. Errors name the field."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from lac.accounts.models import Neighbourhood, Programme
from lac.lib.periods import default_period
from lac.lib.rules import dates
from lac.lib.welsh import localised
from lac.lib.widgets import DateInput, NumberInput
from lac.outcomes.models import (
    Agency,
    AssessmentKind,
    Confidence,
    FrameworkVersion,
    OutcomeEventType,
    UnitCost,
)
from lac.outcomes.selectors import Prices
from lac.outcomes.services import avoided_quantity
from lac.people.forms import RecordRules
from lac.submissions.services import OnceField

_DATE = gettext_lazy("Date")
_ENTER_DATE = gettext_lazy("Enter the date")
_REAL_DATE = gettext_lazy("Enter the date as a real date, like 3 March 2026")


def _date_field(
    label: Promise = _DATE, required: Promise = _ENTER_DATE, invalid: Promise = _REAL_DATE
) -> forms.DateField:
    """A date with its messages written out whole, so each can be translated as a sentence."""
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages={"required": required, "invalid": invalid},
    )


def domain_field_name(domain_id: int) -> str:
    return f"domain_{domain_id}"


class AssessmentForm(RecordRules, forms.Form):
    once = OnceField()
    date_rules = {"date": dates.ASSESSMENT}
    date = _date_field()
    kind = forms.ChoiceField(
        label=gettext_lazy("Which assessment is this?"),
        choices=AssessmentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select which assessment this is")},
    )

    def __init__(self, *args: Any, version: FrameworkVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.domains = list(version.domains.all())
        for domain in self.domains:
            self.fields[domain_field_name(domain.pk)] = forms.TypedChoiceField(
                label=str(domain),
                help_text=localised(domain, "question"),
                coerce=int,
                empty_value=None,
                required=False,
                choices=[
                    (
                        p.value,
                        f"{p.value} – {localised(p, 'description')}"
                        if p.description
                        else str(p.value),
                    )
                    for p in domain.points.all()
                ]
                + [("", gettext("Not talked about this time"))],
                widget=forms.RadioSelect,
            )
        self.fields["note"] = forms.CharField(
            label=gettext("Note (optional)"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=gettext("In the person's words, if you can"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.domains and all(cleaned.get(domain_field_name(d.pk)) is None for d in self.domains):
            # Attach to the first life area so the error summary links to it.
            self.add_error(
                domain_field_name(self.domains[0].pk), gettext("Score at least one life area")
            )
        return cleaned

    def scores(self) -> dict[int, int | None]:
        return {d.pk: self.cleaned_data.get(domain_field_name(d.pk)) for d in self.domains}

    def domain_fields(self) -> list[forms.BoundField]:
        return [self[domain_field_name(d.pk)] for d in self.domains]


class OutcomeEventForm(RecordRules, forms.Form):
    once = OnceField()
    date_rules = {"date": dates.OUTCOME_EVENT}
    event_type = forms.TypedChoiceField(
        label=gettext_lazy("What changed?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select what changed")},
    )
    date = _date_field()
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, event_types: Sequence[OutcomeEventType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.types = {t.pk: t for t in event_types}
        self.fields["event_type"].choices = [(t.pk, str(t)) for t in event_types]

    def chosen_type(self) -> OutcomeEventType:
        return self.types[self.cleaned_data["event_type"]]


class AvoidedServiceForm(RecordRules, forms.Form):
    once = OnceField()
    date_rules = {"date": dates.AVOIDED_SERVICE}
    tidy_rules = {"quantity": avoided_quantity}
    unit_cost = forms.TypedChoiceField(
        label=gettext_lazy("What was avoided?"),
        help_text=gettext_lazy("From the programme's rate card"),
        coerce=int,
        error_messages={"required": gettext_lazy("Select what was avoided")},
    )
    quantity = forms.CharField(
        label=gettext_lazy("How many?"),
        help_text=gettext_lazy("In the item's units: hours, weeks, incidents, stays"),
        initial=1,
        widget=NumberInput(attrs={"class": "govuk-input--width-5"}, decimal=True),
        error_messages={"required": gettext_lazy("Enter how many")},
    )
    """Read as text and turned into a number by the service's rule (``avoided_quantity``),
    the same for a spreadsheet's Quantity column."""
    confidence = forms.ChoiceField(
        label=gettext_lazy("How sure are we?"),
        choices=Confidence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select how sure we are that it was avoided")},
    )
    date = _date_field()
    agency = forms.ChoiceField(
        label=gettext_lazy("Agency that would have paid (optional)"),
        help_text=gettext_lazy("Leave as it is to use the rate card's agency"),
        required=False,
        choices=[("", gettext_lazy("As on the rate card"))] + list(Agency.choices),
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, unit_costs: Sequence[UnitCost], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.costs = {c.pk: c for c in unit_costs}
        groups: dict[str, list[tuple[int, str]]] = {}
        for cost in unit_costs:
            groups.setdefault(cost.category or gettext("Other"), []).append(
                (
                    cost.pk,
                    f"{localised(cost, 'item')} (£{cost.amount:,.0f} {localised(cost, 'unit')})",
                )
            )
        self.fields["unit_cost"].choices = [("", gettext("Select an item"))] + list(groups.items())

    def chosen_cost(self) -> UnitCost:
        return self.costs[self.cleaned_data["unit_cost"]]


class SummaryForm(forms.Form):
    """The period, area and price year of the programme outcomes summary."""

    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=Programme.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Select a programme you can see")},
    )
    start = _date_field(
        gettext_lazy("From"),
        gettext_lazy("Enter the start of the period"),
        gettext_lazy("The start of the period must be a real date, like 3 March 2026"),
    )
    end = _date_field(
        gettext_lazy("To"),
        gettext_lazy("Enter the end of the period"),
        gettext_lazy("The end of the period must be a real date, like 3 March 2026"),
    )
    neighbourhood = forms.ModelChoiceField(
        label=gettext_lazy("Neighbourhood"),
        queryset=Neighbourhood.objects.none(),
        required=False,
        empty_label=gettext_lazy("All neighbourhoods"),
        error_messages={"invalid_choice": gettext_lazy("Select a neighbourhood of the programme")},
    )
    price_year = forms.ChoiceField(
        label=gettext_lazy("State money at the prices of"),
        choices=(),
        help_text=gettext_lazy(
            "A financial year; costs from other years are restated with the GDP deflator"
        ),
    )
    evidenced_only = forms.BooleanField(
        label=gettext_lazy("Only services avoided that a professional evidenced"),
        required=False,
    )

    def __init__(
        self, *args: Any, programmes: Any, today: date, prices: Prices, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(
            programme__in=programmes
        ).select_related("programme")
        self.fields["price_year"].choices = prices.choices()
        self.initial.setdefault("price_year", prices.year)
        start, end = default_period(today)  # the dashboard's too
        self.initial.setdefault("start", start)
        self.initial.setdefault("end", end)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", gettext("The end of the period must be on or after its start"))
        programme, neighbourhood = cleaned.get("programme"), cleaned.get("neighbourhood")
        if programme and neighbourhood and neighbourhood.programme_id != programme.pk:
            self.add_error(
                "neighbourhood", gettext("Select a neighbourhood of the chosen programme")
            )
        return cleaned
