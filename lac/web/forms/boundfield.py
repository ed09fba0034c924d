"""A form field as GOV.UK shows it: which component, and the ids that tie a
control to its hint, its error and the error summary."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy

from lac.lib.widgets import NumberInput
from lac.web.forms.messages import is_django_wording, name_errors


def field_kind(field: forms.Field) -> str:
    """The GOV.UK component a field is shown as, from its widget."""
    widget = field.widget
    if isinstance(widget, forms.MultiWidget):
        return "date"
    # CheckboxSelectMultiple is a subclass of RadioSelect: ask about it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


DJANGO_BLANK = "---------"
"""The label Django gives a select's empty choice (``BLANK_CHOICE_DASH``, a model choice
field's ``empty_label``): dashes a screen reader reads out, in no language."""
BLANK_LABEL = gettext_lazy("Choose")


def word_the_blank_choice(field: forms.Field) -> None:
    """A select's empty choice says "Choose" (in the reader's language), unless the form
    gave it words of its own ("Select a neighbourhood")."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_BLANK:
            field.empty_label = BLANK_LABEL
    elif isinstance(field, forms.ChoiceField):
        choices = list(cast("Iterable[tuple[Any, Any]]", field.choices))
        if ("", DJANGO_BLANK) in choices:
            field.choices = [
                (value, BLANK_LABEL if (value, label) == ("", DJANGO_BLANK) else label)
                for value, label in choices
            ]


def as_text_with_number_keyboard(field: forms.Field) -> None:
    """A number field Django would show as ``type="number"`` (an integer or decimal
    field's own widget) is shown as a text box with the number keyboard instead, for
    the reasons :mod:`lac.lib.widgets` gives; the field still reads and checks the
    number. The browser's own limits (min, max, step) go with the number box: the
    field's messages say them."""
    if type(field.widget) is forms.NumberInput:
        attrs = {k: v for k, v in field.widget.attrs.items() if k not in {"min", "max", "step"}}
        field.widget = NumberInput(
            attrs, decimal=isinstance(field, forms.FloatField | forms.DecimalField)
        )


CONTROL_CLASSES = {
    "input": "govuk-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
}

# A select and a file upload lay out like a text input: label, hint, error, control.
TEMPLATE_KINDS = {"select": "input", "file": "input"}


class GovukBoundField(BoundField):
    """Renders with ``govuk/fields/<kind>.html`` and words its errors from its label.

    The messages are set when the form first binds the field, which Django
    does before cleaning it, so ``form.errors`` holds the same words the page
    shows, whichever way the form was filled in.
    """

    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        as_text_with_number_keyboard(field)
        self.kind = field_kind(field)
        name_errors(field, str(self.label), self.kind)
        if self.kind == "select":
            word_the_blank_choice(field)
        if self.character_limit:
            # The count tells people the limit and lets them type past it to edit.
            field.widget.attrs.pop("maxlength", None)

    @property
    def errors(self) -> ErrorList:
        """The field's errors as the page shows them. The odd message Django
        raises without going through the field's messages (a null character in
        a choice of records) is put in the field's words here."""
        shown = []
        for error in super().errors.as_data():
            code = error.code
            if code in self.field.error_messages and is_django_wording(
                self.field, code, str(error.message)
            ):
                error = ValidationError(
                    self.field.error_messages[code], code=code, params=error.params
                )
            shown.append(error)
        return self.form.error_class(shown, renderer=self.form.renderer)

    @property
    def template_name(self) -> str:
        kind = TEMPLATE_KINDS.get(self.kind, self.kind)
        own: str | None = getattr(self.field, "template_name", None)
        return own or f"govuk/fields/{kind}.html"

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the first box or option."""
        if self.kind in {"radios", "checkboxes"}:
            return f"{self.auto_id}_0"
        if self.kind == "date":
            return f"{self.auto_id}_day"
        return str(self.auto_id)

    @property
    def described_by(self) -> str:
        """Ids of the hint, character count and error, for ``aria-describedby``."""
        ids = []
        if self.help_text:
            ids.append(self.hint_id)
        if self.character_limit:
            ids.append(f"{self.auto_id}-info")
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def character_limit(self) -> int | None:
        """A long answer with a limit gets the GOV.UK character count."""
        if self.kind != "textarea":
            return None
        return getattr(self.field, "max_length", None)

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if (widget or self.field.widget).is_hidden:
            return attrs
        css = CONTROL_CLASSES.get(self.kind)
        if css:
            given = (widget or self.field.widget).attrs.get("class", "")
            classes = [css, given, attrs.get("class", "")]
            if self.errors:
                classes.append(f"{css}--error")
            if self.character_limit:
                classes.append("govuk-js-character-count")
            attrs["class"] = " ".join(c for c in classes if c)
        if self.kind == "date" and self.errors:
            attrs["class"] = "govuk-input--error"
        # Radios, checkboxes and date inputs describe their fieldset, not each control.
        if self.kind in {"input", "select", "textarea", "file", "checkbox"}:
            if self.described_by:
                attrs["aria-describedby"] = self.described_by
            else:
                attrs.pop("aria-describedby", None)
        return attrs

    def get_context(self, width: str = "", label_size: str = "") -> dict[str, Any]:
        """What the field's template needs; a page may ask for a fixed width
        (``"5"``, ``"10"``, ``"one-half"``) or a bigger label (``"m"``)."""
        attrs: dict[str, str | bool] = {}
        if width:
            attrs["class"] = (
                f"govuk-input--width-{width}" if width.isdigit() else f"govuk-!-width-{width}"
            )
        control = "" if self.kind in {"radios", "checkboxes"} else self.as_widget(attrs=attrs)
        return {"field": self, "control": control, "label_size": label_size}
