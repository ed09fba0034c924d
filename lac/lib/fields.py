"""A form's fields by name, typed as what they are.

``form.fields[name]`` is a plain ``Field`` to a type checker, so a form that sets a
choice field's choices or a model field's queryset in ``__init__`` went unchecked;
these look the field up and check that it is the kind the form means to change.
"""

from __future__ import annotations

from typing import Any

from django import forms


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's choice field ``name`` (model choice fields included)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name`` choosing records (one or several)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} does not choose records")
    return field
