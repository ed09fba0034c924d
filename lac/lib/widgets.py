"""The form inputs every app uses for dates, times and numbers, written once.

Dates and times use the phone's own picker, which sends ISO values whatever the
page's language. Numbers are text boxes with a number keyboard, as the GOV.UK
Design System asks: a ``type="number"`` box sends nothing at all for "ten" or
"1,5" (the browser drops what it cannot read), so the page could only say the
answer was missing, and it changes a value when scrolled over. A text box sends
what was typed and the field's own rule says what is wrong with it.
"""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The phone's own date picker; it sends ISO dates."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """The phone's own time picker; it sends 24-hour times."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class NumberInput(forms.TextInput):
    """A text box with the number keyboard: whole numbers by default, ``decimal=True``
    for answers like 1.5."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, decimal: bool = False) -> None:
        keyboard = {"inputmode": "decimal" if decimal else "numeric", "spellcheck": "false"}
        super().__init__(attrs={**keyboard, **(attrs or {})})
