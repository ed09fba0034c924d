"""Forms for the import pages: upload, columns, values, and the final confirmation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lac.imports.fields import FIELDS, FIRST, IGNORE, LATEST, score_field
from lac.imports.limits import Limits, TooLarge, check_upload
from lac.imports.rowcheck import Area
from lac.submissions.services import OnceField

ACCEPTED = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")
FIELD_CHOICES = [(IGNORE, gettext_lazy("Do not import")), *((f.name, f.label) for f in FIELDS)]
SCORE_LABELS = {
    FIRST: gettext_lazy("%(area)s: first score"),
    LATEST: gettext_lazy("%(area)s: latest score"),
}
"""A progress score column's choice, worded whole for each moment (a language may need to
put "first" elsewhere)."""


def column_choices(areas: Mapping[str, Area]) -> list[tuple[str, str]]:
    """Every field a column can hold: the fixed ones, then a first and a latest progress
    score for each life area of the programme's framework."""
    scores = [
        (score_field(key, moment), SCORE_LABELS[moment] % {"area": area.name})
        for key, area in areas.items()
        for moment in (FIRST, LATEST)
    ]
    return [*FIELD_CHOICES, *scores]


class UploadForm(forms.Form):
    programme = forms.ModelChoiceField(
        queryset=None, empty_label=None, label=gettext_lazy("Programme")
    )
    coordinator = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Coordinator"),
        required=False,
        empty_label=gettext_lazy(
            "The file has a coordinator column, or use each ward's coordinator"
        ),
        help_text=gettext_lazy("Whose spreadsheet this is"),
    )
    mapping = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Saved mapping"),
        empty_label=gettext_lazy("None: suggest from the headers"),
        help_text=gettext_lazy("Use the columns and values you chose for this layout before"),
    )
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("Excel (.xlsx, .xls), OpenDocument (.ods) or CSV"),
    )

    def __init__(
        self, *args: Any, programmes: Any, coordinators: Any, mappings: Any, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["coordinator"].queryset = coordinators
        self.fields["mapping"].queryset = mappings
        self.fields["coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.size, Limits.from_settings())
        except TooLarge as exc:
            raise forms.ValidationError(str(exc)) from None
        if not upload.name.lower().endswith(ACCEPTED):
            raise forms.ValidationError(
                _("The spreadsheet must be an .xlsx, .xls, .ods or .csv file.")
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        mapping = data.get("mapping")
        if mapping is not None and data.get("programme") != mapping.programme:
            self.add_error("mapping", _("Choose a mapping saved for this programme."))
        return data


class ColumnsForm(forms.Form):
    """One choice per distinct header: which field it holds."""

    def __init__(
        self,
        *args: Any,
        columns: list[dict[str, Any]],
        choices: list[tuple[str, str]] = FIELD_CHOICES,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.columns = columns
        for index, column in enumerate(columns):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=column["header"],
                choices=choices,
                initial=column["field"] or IGNORE,
                help_text=", ".join(column["samples"])[:120] or _("No values in the first rows"),
            )

    def mapping_columns(self) -> dict[str, str]:
        return {
            column["key"]: self.cleaned_data[f"col_{index}"]
            for index, column in enumerate(self.columns)
        }


class ValuesForm(forms.Form):
    """One choice per value the engine did not recognise."""

    def __init__(
        self, *args: Any, unmapped: dict[str, list[str]], choices: dict[str, Any], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.items: list[tuple[str, str, str]] = []
        labels = {f.name: f.label for f in FIELDS}
        for field_name, values in unmapped.items():
            for value in values:
                name = f"v_{len(self.items)}"
                self.items.append((name, field_name, value))
                self.fields[name] = forms.ChoiceField(
                    label=f"{labels[field_name]}: “{value}”",
                    choices=[("", _("Choose…")), *choices[field_name]],
                )

    def decisions(self) -> dict[str, dict[str, str]]:
        chosen: dict[str, dict[str, str]] = {}
        for name, field_name, value in self.items:
            chosen.setdefault(field_name, {})[value] = self.cleaned_data[name]
        return chosen


class ConfirmForm(forms.Form):
    once = OnceField()
    save_as = forms.CharField(
        max_length=200,
        required=False,
        label=gettext_lazy("Save this mapping as (optional)"),
        help_text=gettext_lazy("For example, “Jo's monitoring sheet”, to use for Jo's next file"),
    )
