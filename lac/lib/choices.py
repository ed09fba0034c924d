"""A pick-many list of records that answers every id with a message, never a crash."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# The largest id any database lac runs on can store (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField[Any]):
    """Django's, except that an id too big for the database is "not one of the
    options", as any other unknown id is, instead of an error from the database
    (SQLite cannot even bind it)."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for pk in value:
                text = str(pk).strip().removeprefix("-")
                if text.isdigit() and int(text) > LARGEST_ID:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super().clean(value)
