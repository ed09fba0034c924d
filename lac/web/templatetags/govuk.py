"""Render Django forms as GOV.UK Design System components.

Every app's forms go through these tags, so every field has its label, hint
and an error message that names the problem, and every page with errors
starts with an error summary linking to the fields.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField

register = template.Library()


def field_kind(bound_field: BoundField) -> str:
    widget = bound_field.field.widget
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


INPUT_CLASSES = {
    "input": "govuk-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
}


@register.inclusion_tag("govuk/field.html")
def govuk_field(bound_field: BoundField, width: str = "", label_size: str = "") -> dict[str, Any]:
    """A form group: label (or legend), hint, error message and the control."""
    kind = field_kind(bound_field)
    attrs: dict[str, str] = {}
    css = INPUT_CLASSES.get(kind)
    if css:
        classes = [css]
        if width:
            classes.append(f"govuk-input--width-{width}" if kind == "input" else "")
        if bound_field.errors:
            classes.append(f"{css}--error")
        attrs["class"] = " ".join(c for c in classes if c)
    if kind == "date" and bound_field.errors:
        attrs["class"] = "govuk-input--error"
    if bound_field.help_text and kind != "date":
        attrs["aria-describedby"] = f"{bound_field.auto_id}-hint"
    if bound_field.errors and kind != "date":
        described = attrs.get("aria-describedby", "")
        attrs["aria-describedby"] = f"{described} {bound_field.auto_id}-error".strip()
    return {
        "field": bound_field,
        "kind": kind,
        "widget_html": bound_field.as_widget(attrs=attrs)
        if kind not in {"radios", "checkboxes"}
        else "",
        "label_size": label_size,
    }


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_to_check: forms.BaseForm) -> dict[str, Any]:
    """Links to every field in error; errors about the whole form link to its first field."""
    errors = []
    for form in forms_to_check:
        if form is None or not form.is_bound or not form.errors:
            continue
        first_field = next(iter(form), None)
        for message in form.non_field_errors():
            errors.append(
                {"href": f"#{first_field.auto_id}" if first_field else "", "message": message}
            )
        for bound_field in form:
            for message in bound_field.errors:
                anchor = bound_field.auto_id
                if field_kind(bound_field) in {"radios", "checkboxes"}:
                    anchor = f"{anchor}_0"
                elif field_kind(bound_field) == "date":
                    anchor = f"{anchor}_day"
                errors.append({"href": f"#{anchor}", "message": message})
    return {"errors": errors}
