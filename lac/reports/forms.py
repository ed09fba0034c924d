"""The dashboard's choices: programme, period (financial years as presets) and neighbourhoods."""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import date
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

from lac.accounts.models import Neighbourhood, Programme, User
from lac.disclosures.models import Kind as DisclosureKind
from lac.lib.choices import ModelMultipleChoiceField
from lac.lib.fields import choice_field, model_choice_field
from lac.lib.periods import default_period, financial_year, financial_year_of
from lac.lib.widgets import DateInput
from lac.outcomes.selectors import Prices
from lac.reports.banding import evaluators_of
from lac.reports.models import Extract

DATES_BELOW = gettext_lazy("The dates below")
"""The year picker's empty choice: the period is the one the dates give."""


def financial_years(first: date, today: date) -> list[tuple[str, str]]:
    start, end = financial_year_of(first), financial_year_of(today)
    words = gettext("April %(start)s to March %(end)s")
    return [(str(y), words % {"start": y, "end": y + 1}) for y in range(end, start - 1, -1)]


def clean_period(form: forms.Form, data: dict[str, Any]) -> dict[str, Any]:
    """Dates given must make a period; otherwise the financial year chosen (or this one)."""
    start, end, year = data.get("start"), data.get("end"), data.get("year")
    if start or end:
        if not start:
            form.add_error(
                "start", gettext("Enter the start of the period, or choose a financial year")
            )
        if not end:
            form.add_error(
                "end", gettext("Enter the end of the period, or choose a financial year")
            )
        if start and end and end < start:
            form.add_error("end", gettext("The end of the period must be on or after its start"))
    elif year:
        data["start"], data["end"] = financial_year(int(year))
    else:
        data["start"], data["end"] = default_period(form.today)  # type: ignore[attr-defined]
    return data


def period_shown(data: Any, today: date) -> Any:
    """The request's choices with the year picker showing the period in effect.

    Dates typed in win over a year, so the picker then says "The dates
    below"; with neither, the picker shows the default year rather than a
    prompt beside figures for a year it does not name.
    """
    data = data.copy()
    if data.get("start") or data.get("end"):
        data["year"] = ""
    elif not data.get("year"):
        data["year"] = str(financial_year_of(today))
    return data


class ChoosesPeriod(forms.Form):
    """A financial year or two dates, the picker always naming the period in effect."""

    year = forms.ChoiceField(label=gettext_lazy("Financial year"), required=False)
    start = forms.DateField(required=False, widget=DateInput(), label=gettext_lazy("Or from"))
    end = forms.DateField(required=False, widget=DateInput(), label=gettext_lazy("To"))

    def choose_period(self, first: date, today: date) -> None:
        self.today = today
        choice_field(self, "year").choices = [("", DATES_BELOW), *financial_years(first, today)]
        if self.is_bound:
            self.data = period_shown(self.data, today)
        else:
            self.initial.setdefault("year", str(financial_year_of(today)))


class NeighbourhoodsField(ModelMultipleChoiceField):
    """Neighbourhoods by name, with their programme's when the page covers several."""

    several_programmes = False

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.programme.name})" if self.several_programmes else obj.name


class EarlierExtractField(forms.ModelChoiceField[Extract]):
    """An earlier extract, by its number, programme and day."""

    def label_from_instance(self, obj: Extract) -> str:
        return gettext("Extract %(number)s: %(programme)s, %(day)s") % {
            "number": obj.pk,
            "programme": obj.programme.name,
            "day": formats.date_format(obj.created, "d F Y"),
        }


class PeriodForm(ChoosesPeriod):
    field_order = ["programme", "year", "start", "end"]
    programme: forms.ModelChoiceField[Programme] = forms.ModelChoiceField(
        queryset=None, empty_label=None, label=gettext_lazy("Programme")
    )
    neighbourhoods = NeighbourhoodsField(
        queryset=None,
        label=gettext_lazy("Neighbourhoods"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Leave all unticked for the whole programme"),
    )
    prices = forms.ChoiceField(
        label=gettext_lazy("State money at the prices of"),
        required=False,
        help_text=gettext_lazy(
            "A financial year; costs from other years are restated with the GDP deflator"
        ),
    )

    def __init__(
        self, *args: Any, programmes: Any, today: date, prices: Prices, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.default_prices = prices
        choice_field(self, "prices").choices = prices.choices()
        model_choice_field(self, "programme").queryset = programmes
        self.choose_period(min((p.start_date for p in programmes), default=today), today)
        if self.is_bound and not self.data.get("prices"):
            data = self.data
            assert isinstance(data, MutableMapping)  # the view's own copy of the query
            data["prices"] = prices.year  # the picker shows the year money is stated in
        neighbourhoods = self.fields["neighbourhoods"]
        assert isinstance(neighbourhoods, NeighbourhoodsField)  # declared above
        neighbourhoods.queryset = Neighbourhood.objects.filter(
            programme__in=programmes
        ).select_related("programme")
        neighbourhoods.several_programmes = len(programmes) > 1

    def clean(self) -> dict[str, Any]:
        data = clean_period(self, super().clean() or {})
        year = data.get("prices") or self.default_prices.year
        data["prices"] = Prices(year, self.default_prices.deflators)
        programme = data.get("programme")
        chosen = data.get("neighbourhoods") or []
        if programme and any(n.programme_id != programme.pk for n in chosen):
            self.add_error(
                "neighbourhoods", gettext("Choose neighbourhoods in the chosen programme only")
            )
        return data


class NetworkPeriodForm(ChoosesPeriod):
    def __init__(self, *args: Any, first: date, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choose_period(first, today)

    def clean(self) -> dict[str, Any]:
        return clean_period(self, super().clean() or {})


class ExtractForm(ChoosesPeriod):
    field_order = ["programme", "year", "start", "end"]
    programme: forms.ModelChoiceField[Programme] = forms.ModelChoiceField(
        queryset=None, empty_label=None, label=gettext_lazy("Programme")
    )
    file_format = forms.ChoiceField(
        label=gettext_lazy("File"),
        choices=[("csv", gettext_lazy("CSV")), ("xlsx", gettext_lazy("Spreadsheet (XLSX)"))],
        widget=forms.RadioSelect,
        initial="csv",
    )
    same_pseudonyms_as = EarlierExtractField(
        queryset=None,
        required=False,
        label=gettext_lazy("Use the same pseudonyms as an earlier extract (optional)"),
        help_text=gettext_lazy(
            "To follow the same people over time. Otherwise each extract has new pseudonyms."
        ),
    )
    background = forms.BooleanField(
        required=False,
        label=gettext_lazy("Prepare it in the background"),
        help_text=gettext_lazy(
            "For a large programme: you can leave the page and come back for the file"
        ),
    )

    def __init__(
        self, *args: Any, programmes: Any, extracts: Any, today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "programme").queryset = programmes
        self.choose_period(min((p.start_date for p in programmes), default=today), today)
        model_choice_field(self, "same_pseudonyms_as").queryset = extracts

    def clean(self) -> dict[str, Any]:
        data = clean_period(self, super().clean() or {})
        earlier, programme = data.get("same_pseudonyms_as"), data.get("programme")
        if earlier and programme and earlier.programme_id != programme.pk:
            self.add_error(
                "same_pseudonyms_as", gettext("Choose an earlier extract of the same programme")
            )
        return data


class DisclosureLogForm(ChoosesPeriod):
    """The disclosure log's choices: programme, period and kind of share."""

    field_order = ["programme", "kind", "year", "start", "end"]
    programme: forms.ModelChoiceField[Programme] = forms.ModelChoiceField(
        queryset=None, empty_label=None, label=gettext_lazy("Programme")
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind of share"), required=False)

    def __init__(self, *args: Any, programmes: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "programme").queryset = programmes
        choice_field(self, "kind").choices = [("", gettext("Every kind")), *DisclosureKind.choices]
        self.choose_period(min((p.start_date for p in programmes), default=today), today)

    def clean(self) -> dict[str, Any]:
        return clean_period(self, super().clean() or {})


class BandingForm(forms.Form):
    """One evaluator's extracts of one programme: with the banded answers, or without."""

    programme = forms.ModelChoiceField(queryset=Programme.objects.none())
    evaluator = forms.ModelChoiceField(queryset=User.objects.none())
    include = forms.TypedChoiceField(
        choices=[("yes", gettext_lazy("yes")), ("no", gettext_lazy("no"))],
        coerce=lambda said: said == "yes",
    )
    not_an_evaluator = gettext_lazy("Choose one of the programme’s evaluators")

    def __init__(self, *args: object, programmes: list[Programme], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        model_choice_field(self, "programme").queryset = Programme.objects.filter(
            pk__in=[p.pk for p in programmes]
        )
        model_choice_field(self, "evaluator").queryset = User.objects.all()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        programme, evaluator = data.get("programme"), data.get("evaluator")
        if programme and evaluator and evaluator not in [u for u, _ in evaluators_of(programme)]:
            self.add_error("evaluator", self.not_an_evaluator)
        return data
