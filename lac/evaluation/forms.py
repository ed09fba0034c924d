"""Forms for impact maps: the form-based editor, file upload, and a run's period.

The editor is three formsets (stakeholders, inputs, outcomes) under a header
form. It builds the value engine's plain data; the engine then checks it, and
its problems come back onto the row and field they name.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lac.accounts.models import Programme
from lac.evaluation.bindings import (
    FIELD_CONFIDENCE,
    FIELD_CONFIDENCE_REASON,
    FIELD_PROXY,
    FIELD_REASON,
    KIND_CHOICES,
    KINDS,
    confidence_of,
)
from lac.evaluation.models import ImpactMap, Mode
from lac.evaluation.services import ANNOTATIONS, DEFAULT_DRAWS, MAX_DRAWS
from lac.lib.fields import choice_field, model_choice_field
from lac.lib.widgets import DateInput
from lac.outcomes.value_problems import engine_problem
from lac.value.safeyaml import too_large


def _within_engine_limit(upload: Any) -> None:
    """Refuse an oversized map before a byte of it is read, with the engine's own limit."""
    problem = too_large(upload.size)
    if problem:
        message = engine_problem(problem)
        raise ValidationError(message[0].upper() + message[1:])


class MapForm(forms.Form):
    name = forms.CharField(
        max_length=200, label=_("Name"), error_messages={"required": _("Enter the map’s name")}
    )
    currency = forms.CharField(max_length=3, initial="GBP", label=_("Currency"))
    discount_rate = forms.FloatField(
        label=_("Discount rate"),
        min_value=0,
        max_value=1,
        initial=0.035,
        help_text=_("A fraction: 0.035 is the Green Book’s 3.5% a year"),
    )
    price_year = forms.RegexField(
        regex=r"^\d{4}-\d{2}$",
        required=False,
        label=_("Price year (optional)"),
        help_text=_(
            "The financial year whose prices the report states money in, like 2025-26. "
            "Inputs and proxies with their own price year are restated to it with GDP deflators."
        ),
        error_messages={"invalid": _("Enter the price year as a financial year, like 2025-26")},
    )
    note = forms.CharField(max_length=300, required=False, label=_("What changed (optional)"))
    engagement = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("How stakeholders were involved"),
        help_text=_(
            "Who was asked what changes for them, and how (the first SROI principle). "
            "Shown in each run’s principles annex."
        ),
    )


class NewMapForm(forms.Form):
    programme: forms.ModelChoiceField[Programme] = forms.ModelChoiceField(
        queryset=None, empty_label=None, label=_("Programme")
    )
    mode = forms.ChoiceField(
        label=_("Kind of map"),
        choices=Mode.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "A forecast takes typed-in quantities; "
            "an evaluative map may count them from the records"
        ),
    )
    file = forms.FileField(
        required=False,
        label=_("Impact map file (optional)"),
        validators=[_within_engine_limit],
        help_text=_(
            "YAML, JSON or XLSX in the value engine’s layout. Leave empty to start in the editor."
        ),
    )

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "programme").queryset = programmes


class PublishForm(forms.Form):
    note = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Note for the board"),
        help_text=_("Why this run is published and what it is for, in a sentence or two"),
        error_messages={"required": _("Enter a note for the board: why this run is published")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Why the run is withdrawn"),
        help_text=_("Shown at the top of its report, which is kept as it was"),
        error_messages={"required": _("Enter why the run is withdrawn")},
    )


class ForecastForm(forms.Form):
    forecast: forms.ModelChoiceField[ImpactMap] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label=_("None"),
        label=_("The forecast this map realises"),
        help_text=_(
            "Its newest published run is set beside this map’s runs when they are published"
        ),
    )

    def __init__(self, *args: Any, forecasts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "forecast").queryset = forecasts


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Impact map file"),
        validators=[_within_engine_limit],
        help_text=_("YAML, JSON or XLSX. The file replaces the map’s content in a new version."),
        error_messages={"required": _("Choose a YAML, JSON or XLSX file")},
    )
    note = forms.CharField(max_length=300, required=False, label=_("What changed (optional)"))


class StakeholderForm(forms.Form):
    id = forms.SlugField(label=_("Stakeholder id"), max_length=60)
    name = forms.CharField(max_length=200, label=_("Name"))


class InputForm(forms.Form):
    stakeholder = forms.CharField(
        max_length=200, required=False, label=_("Stakeholder"), help_text=_("Who puts it in")
    )
    description = forms.CharField(max_length=300, required=False, label=_("Description"))
    value = forms.FloatField(min_value=0, label=_("Value (£)"))
    year = forms.IntegerField(min_value=1, initial=1, label=_("Year"))
    price_year = forms.CharField(
        max_length=7, required=False, label=_("Price year (optional)"), help_text=_("Like 2016-17")
    )


NO_TABLE_PROXY = _("None: the proxy typed in above")


class OutcomeForm(forms.Form):
    id = forms.SlugField(label=_("Outcome id"), max_length=60)
    stakeholder = forms.SlugField(label=_("Stakeholder id"), max_length=60)
    description = forms.CharField(max_length=300, required=False, label=_("Description"))
    indicator = forms.CharField(max_length=300, required=False, label=_("Indicator"))
    quantity = forms.FloatField(min_value=0, label=_("Quantity"))
    proxy_value = forms.FloatField(label=_("Financial proxy (£ per unit)"))
    proxy_description = forms.CharField(
        max_length=300, required=False, label=_("What the proxy is")
    )
    proxy_source = forms.CharField(max_length=300, required=False, label=_("Proxy source"))
    proxy_price_year = forms.CharField(
        max_length=7,
        required=False,
        label=_("Proxy price year (optional)"),
        help_text=_("The year of the source’s prices, like 2014-15"),
    )
    duration = forms.IntegerField(min_value=1, initial=1, label=_("Duration (years)"))
    start_year = forms.IntegerField(min_value=1, initial=1, label=_("Start year"))
    deadweight = forms.FloatField(min_value=0, max_value=1, initial=0, label=_("Deadweight"))
    displacement = forms.FloatField(min_value=0, max_value=1, initial=0, label=_("Displacement"))
    attribution = forms.FloatField(min_value=0, max_value=1, initial=0, label=_("Attribution"))
    drop_off = forms.FloatField(min_value=0, max_value=1, initial=0, label=_("Drop-off"))
    include = forms.BooleanField(required=False, initial=True, label=_("Count this outcome"))
    excluded_reason = forms.CharField(
        max_length=500,
        required=False,
        label=_("Why it is not material (when not counted)"),
        help_text=_("Needed before a run of this map can be published"),
    )
    deadweight_source = forms.CharField(
        max_length=300, required=False, label=_("Source of the deadweight (optional)")
    )
    attribution_source = forms.CharField(
        max_length=300, required=False, label=_("Source of the attribution (optional)")
    )
    drop_off_source = forms.CharField(
        max_length=300, required=False, label=_("Source of the drop-off (optional)")
    )
    binding_kind = forms.ChoiceField(
        choices=KIND_CHOICES, required=False, label=_("Quantity from the records")
    )
    binding_parameter = forms.ChoiceField(
        choices=[("", _("None"))],
        required=False,
        label=_("Which outcome event type, life area, rate card item or level"),
    )
    binding_proxy = forms.ChoiceField(
        choices=[("", NO_TABLE_PROXY)],
        required=False,
        label=_("Proxy from a loaded table (optional)"),
        help_text=_(
            "Replaces the proxy above with the table’s value, source, licence and price "
            "year when the map is run"
        ),
    )
    binding_reason = forms.CharField(
        max_length=500,
        required=False,
        label=_("Reason for valuing an output (for outputs only)"),
        help_text=_(
            "People at a level or people connected count activity, not change: say why "
            "the map values them. Shown in the report."
        ),
    )
    count_reported = forms.BooleanField(
        required=False,
        label=_("Also count services the person reported (programme leads only)"),
        help_text=_(
            "Services avoided count only what a professional evidenced unless you add this"
        ),
    )
    confidence_reason = forms.CharField(
        max_length=500,
        required=False,
        label=_("Reason for counting reported services"),
        help_text=_("Shown in the report"),
    )


RANGED = {
    "quantity": (_("Low quantity"), _("High quantity")),
    "proxy": (_("Low proxy (£ per unit)"), _("High proxy (£ per unit)")),
    "deadweight": (_("Low deadweight"), _("High deadweight")),
    "displacement": (_("Low displacement"), _("High displacement")),
    "attribution": (_("Low attribution"), _("High attribution")),
    "drop_off": (_("Low drop-off"), _("High drop-off")),
}
"""Fields whose range the editor sets (with the labels of its low and high ends): sensitivity
and Monte Carlo draw between low and high."""

for _field, _ends in RANGED.items():
    for _end, _label in zip(("low", "high"), _ends, strict=True):
        OutcomeForm.base_fields[f"range_{_field}_{_end}"] = forms.FloatField(
            required=False, label=_label
        )


def _ranges(cleaned: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """The ranges the row gives; a triangular mode from the file is kept while its range is."""
    ranges = {}
    for field in RANGED:
        low, high = cleaned.get(f"range_{field}_low"), cleaned.get(f"range_{field}_high")
        if low is None and high is None:
            continue
        ranges[field] = {"low": low, "high": high}
        before = previous.get(field) or {}
        if "mode" in before and (before.get("low"), before.get("high")) == (low, high):
            ranges[field]["mode"] = before["mode"]
    return {**{k: v for k, v in previous.items() if k not in RANGED}, **ranges}


StakeholderFormSet = forms.formset_factory(StakeholderForm, extra=1, can_delete=True)
InputFormSet = forms.formset_factory(InputForm, extra=1, can_delete=True)
OutcomeFormSet = forms.formset_factory(OutcomeForm, extra=3, can_delete=True)


def _rows(formset: forms.BaseFormSet) -> list[forms.Form]:
    """Rows already in the map, and new rows filled in, that are not marked for deletion."""
    initial = len(formset.initial or [])
    return [
        f
        for i, f in enumerate(formset.forms)
        if (i < initial or f.has_changed())
        and f.cleaned_data  # empty when a row was skipped as blank
        and not f.cleaned_data.get("DELETE")
    ]


class MapEditor:
    """The header form and three formsets, built into a document and bindings."""

    def __init__(
        self,
        data: Any = None,
        *,
        document: dict[str, Any] | None = None,
        bindings: dict[str, Any] | None = None,
        parameters: dict[str, list[tuple[str, str]]] | None = None,
        proxies: list[tuple[str, str]] | None = None,
        annotations: dict[str, Any] | None = None,
        engagement: str = "",
    ) -> None:
        document = document or {"stakeholders": [], "inputs": [], "outcomes": []}
        bindings = bindings or {}
        annotations = annotations or {}
        self.previous = document
        self.header = MapForm(
            data,
            initial={
                **{
                    k: document.get(k)
                    for k in ("name", "currency", "discount_rate", "price_year")
                    if document.get(k) is not None
                },
                "engagement": engagement,
            },
        )
        self.stakeholders = StakeholderFormSet(
            data, prefix="stakeholder", initial=document["stakeholders"]
        )
        self.inputs = InputFormSet(data, prefix="input", initial=document["inputs"])
        self.outcomes = OutcomeFormSet(
            data,
            prefix="outcome",
            initial=[
                _outcome_initial(o, bindings.get(o["id"], {}), annotations.get(o["id"], {}))
                for o in document["outcomes"]
            ],
        )
        # Kinds sharing a parameter (event types, life areas) share one group.
        groups = {
            str(KINDS[code].parameters_label): options
            for code, options in (parameters or {}).items()
        }
        grouped = [("", _("None")), *groups.items()]
        for form in self.outcomes.forms:
            choice_field(form, "binding_parameter").choices = grouped
            choice_field(form, "binding_proxy").choices = [
                ("", NO_TABLE_PROXY),
                *(proxies or []),
            ]

    @property
    def forms(self) -> list[forms.Form]:
        return [self.header, *self.stakeholders.forms, *self.inputs.forms, *self.outcomes.forms]

    def is_valid(self) -> bool:
        return all(
            [
                self.header.is_valid(),
                self.stakeholders.is_valid(),
                self.inputs.is_valid(),
                self.outcomes.is_valid(),
            ]
        )

    def document(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The document and bindings the valid forms describe."""
        ranges = {o["id"]: o.get("ranges") or {} for o in self.previous["outcomes"]}
        header = self.header.cleaned_data
        outcomes, bindings = [], {}
        for form in _rows(self.outcomes):
            c = form.cleaned_data
            outcome = {
                "id": c["id"],
                "stakeholder": c["stakeholder"],
                "description": c["description"],
                "indicator": c["indicator"],
                "quantity": c["quantity"],
                "proxy": {
                    "value": c["proxy_value"],
                    "description": c["proxy_description"],
                    "source": c["proxy_source"],
                    **({"price_year": c["proxy_price_year"]} if c["proxy_price_year"] else {}),
                },
                "duration": c["duration"],
                "start_year": c["start_year"],
                "deadweight": c["deadweight"],
                "displacement": c["displacement"],
                "attribution": c["attribution"],
                "drop_off": c["drop_off"],
                "include": c["include"],
            }
            outcome_ranges = _ranges(c, ranges.get(c["id"], {}))
            if outcome_ranges:
                outcome["ranges"] = outcome_ranges
            outcomes.append(outcome)
            if c["binding_kind"]:
                bindings[c["id"]] = {
                    "kind": c["binding_kind"],
                    "parameter": c["binding_parameter"],
                    "reason": c["binding_reason"],
                    "confidence": ["evidenced", "reported"]
                    if c["count_reported"]
                    else ["evidenced"],
                    "confidence_reason": c["confidence_reason"],
                    "proxy": c["binding_proxy"],
                }
        document = {
            "name": header["name"],
            "currency": header["currency"] or "GBP",
            "discount_rate": header["discount_rate"]
            if header["discount_rate"] is not None
            else 0.035,
            "stakeholders": [
                {"id": f.cleaned_data["id"], "name": f.cleaned_data["name"]}
                for f in _rows(self.stakeholders)
            ],
            "inputs": [
                {
                    **{
                        k: f.cleaned_data[k]
                        for k in ("stakeholder", "description", "value", "year")
                    },
                    **(
                        {"price_year": f.cleaned_data["price_year"]}
                        if f.cleaned_data["price_year"]
                        else {}
                    ),
                }
                for f in _rows(self.inputs)
            ],
            "outcomes": outcomes,
        }
        if header["price_year"]:
            document["price_year"] = header["price_year"]
        if self.previous.get("deflators"):
            document["deflators"] = self.previous["deflators"]
        return document, bindings

    def annotations(self) -> dict[str, dict[str, str]]:
        """What each outcome says that the engine's document has no place for."""
        return {
            f.cleaned_data["id"]: {k: f.cleaned_data[k] for k in ANNOTATIONS}
            for f in _rows(self.outcomes)
        }

    def version_fields(self) -> dict[str, Any]:
        """What a new version of the map is saved with, for a new map and an edit alike:
        the document and bindings, what they have no place for, and the header's note."""
        document, bindings = self.document()
        return {
            "document": document,
            "bindings": bindings,
            "note": self.header.cleaned_data["note"],
            "annotations": self.annotations(),
            "engagement": self.header.cleaned_data["engagement"],
        }

    def apply_errors(self, error: ValidationError) -> None:
        """Put the engine's problems on the rows and fields they name, else on the header;
        a record rule's refusal of a header field (its length) goes on that field."""
        if hasattr(error, "error_dict"):
            for name in [name for name in error.error_dict if name in self.header.fields]:
                self.header.add_error(name, error.error_dict.pop(name))
            if not error.error_dict:
                return
        sections = {
            "stakeholders": _rows(self.stakeholders),
            "inputs": _rows(self.inputs),
            "outcomes": _rows(self.outcomes),
        }
        for message in error.messages:
            match = re.match(r"(stakeholders|inputs|outcomes)\[(\d+)\]\.?(\w+)?", message)
            if match:
                rows = sections[match[1]]
                index, field = int(match[2]), match[3] or ""
                field = {"proxy": "proxy_value"}.get(field, field)
                if field == "proxy_value" and "price_year" in message.split(":")[0]:
                    field = "proxy_price_year"
                if index < len(rows):
                    form = rows[index]
                    form.add_error(field if field in form.fields else None, message)
                    continue
            if message.split(":")[0] in {f.cleaned_data.get("id") for f in sections["outcomes"]}:
                for form in sections["outcomes"]:
                    if form.cleaned_data.get("id") == message.split(":")[0]:
                        form.add_error(_binding_field(message), message)
                continue
            header_field = message.split(":")[0] if message.startswith("price_year") else None
            self.header.add_error(header_field, message)


def _binding_field(message: str) -> str:
    """The editor field a binding problem names (see lac.evaluation.bindings.problem)."""
    field = message.split(":")[1].strip() if message.count(":") >= 1 else ""
    fields = {
        str(FIELD_REASON): "binding_reason",
        str(FIELD_CONFIDENCE): "confidence_reason",
        str(FIELD_CONFIDENCE_REASON): "confidence_reason",
        str(FIELD_PROXY): "binding_proxy",
    }
    return fields.get(field, "binding_parameter")


def _outcome_initial(
    outcome: dict[str, Any], binding: dict[str, Any], notes: dict[str, Any]
) -> dict[str, Any]:
    initial = {k: v for k, v in outcome.items() if k not in {"proxy", "ranges"}}
    for field, spread in (outcome.get("ranges") or {}).items():
        if field in RANGED:
            initial[f"range_{field}_low"] = spread.get("low")
            initial[f"range_{field}_high"] = spread.get("high")
    initial.update({k: notes.get(k, "") for k in ANNOTATIONS})
    initial["proxy_value"] = outcome["proxy"]["value"]
    initial["proxy_description"] = outcome["proxy"].get("description", "")
    initial["proxy_source"] = outcome["proxy"].get("source", "")
    initial["proxy_price_year"] = outcome["proxy"].get("price_year", "")
    initial["binding_kind"] = binding.get("kind", "")
    initial["binding_parameter"] = binding.get("parameter", "")
    initial["binding_reason"] = binding.get("reason", "")
    initial["binding_proxy"] = binding.get("proxy", "")
    initial["count_reported"] = "reported" in confidence_of(binding)
    initial["confidence_reason"] = binding.get("confidence_reason", "")
    return initial


class RunForm(forms.Form):
    start = forms.DateField(required=False, widget=DateInput(), label=_("Period start"))
    end = forms.DateField(required=False, widget=DateInput(), label=_("Period end"))
    draws = forms.IntegerField(
        min_value=100,
        max_value=MAX_DRAWS,
        initial=DEFAULT_DRAWS,
        label=_("Monte Carlo draws"),
    )
    seed = forms.IntegerField(
        min_value=0,
        initial=1,
        label=_("Seed"),
        help_text=_("The same seed always gives the same interval"),
    )
    background = forms.BooleanField(
        required=False,
        label=_("Run it in the background"),
        help_text=_("For a big map or many draws: you can leave the page and come back"),
    )

    def __init__(self, *args: Any, needs_period: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_period = needs_period
        self.fields["draws"].help_text = gettext("From 100 to %(most)s") % {
            "most": f"{MAX_DRAWS:,}"
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if self.needs_period:
            if start is None and "start" not in self.errors:
                self.add_error(
                    "start", gettext("Enter the start of the period the records come from")
                )
            if end is None and "end" not in self.errors:
                self.add_error("end", gettext("Enter the end of the period the records come from"))
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("end", gettext("The end of the period must be on or after its start"))
        return data


class ProxyTableForm(forms.Form):
    programme: forms.ModelChoiceField[Programme] = forms.ModelChoiceField(
        queryset=None, empty_label=None, label=_("Programme")
    )
    name = forms.CharField(max_length=200, label=_("What the table is called"))
    source = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Where the values come from"),
        help_text=_("Publisher, edition and year, as a report should cite them"),
    )
    licence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("The licence you use them under"),
        help_text=_("Shown beside every figure that uses a value from the table"),
    )
    price_year = forms.RegexField(
        regex=r"^\d{4}-\d{2}$",
        label=_("Price year of the values"),
        help_text=_("The financial year whose prices the values are in, like 2023-24"),
        error_messages={"invalid": _("Enter the price year as a financial year, like 2023-24")},
    )
    file = forms.FileField(
        label=_("The table (CSV or XLSX)"),
        help_text=_(
            "A header row naming the columns code, outcome and value (£ per person), "
            "then one row per outcome"
        ),
    )

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "programme").queryset = programmes
