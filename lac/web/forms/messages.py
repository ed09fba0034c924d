"""Error messages that name their field, written from its label in one place.

Django's own messages ("This field is required.", "Ensure this value has at
most 200 characters") don't say which field is wrong, and the GOV.UK error
summary lists them away from their fields. Every field's messages come from
here instead, so the wording is the same on every form and a new form needs
nothing to get it. A message a form writes itself (``error_messages=...``)
is kept: that is where a form says something more specific.
"""

from __future__ import annotations

from django import forms
from django.core import validators

# What a field asks for decides the verb of "you left it empty".
CHOOSE_KINDS = {"select", "radios", "checkboxes"}


def field_name(label: str) -> str:
    """The label as it reads inside a sentence: "(optional)" dropped,
    a question quoted, otherwise lower-cased unless it starts with an acronym."""
    name = label.replace("(optional)", "").strip()
    if name.endswith("?"):
        return f"“{name}”"
    first = name.split(" ", 1)[0]
    if first.isupper() and len(first) > 1:
        return name
    return name[:1].lower() + name[1:]


def subject(label: str) -> str:
    """The field as the subject of a sentence: "Date of introduction must …"."""
    name = field_name(label)
    return name if name.startswith("“") else name[:1].upper() + name[1:]


def required_message(label: str, kind: str) -> str:
    name = field_name(label)
    question = name.startswith("“")
    if kind == "checkbox":
        return f"Select {name} to continue"
    if kind == "checkboxes":
        return f"Select at least one answer to {name}" if question else f"Select the {name}"
    if kind in CHOOSE_KINDS:
        return f"Select an answer to {name}" if question else f"Select the {name}"
    if kind == "file":
        return f"Select a file for {name}" if question else f"Select the {name}"
    if kind == "date":
        return f"Enter a date for {name}" if question else f"Enter the {name}"
    return f"Enter an answer to {name}" if question else f"Enter the {name}"


def invalid_message(field: forms.Field, who: str) -> str:
    """What "not in the right form" means for this kind of field."""
    if isinstance(field, forms.DateTimeField):
        return f"{who} must be a real date and time"
    if isinstance(field, forms.DateField):
        return f"{who} must be a real date"
    if isinstance(field, forms.TimeField):
        return f"{who} must be a real time, like 14:30"
    # FloatField and DecimalField are IntegerFields to Django: ask about them first.
    if isinstance(field, forms.FloatField | forms.DecimalField):
        return f"{who} must be a number"
    if isinstance(field, forms.IntegerField):
        return f"{who} must be a whole number"
    if isinstance(field, forms.EmailField):
        return f"{who} must be an email address, like name@example.com"
    if isinstance(field, forms.URLField):
        return f"{who} must be a web address, like https://www.example.org"
    if isinstance(field, forms.SlugField):
        return f"{who} must use only letters, numbers, hyphens and underscores"
    if isinstance(field, forms.FileField):
        return f"{who} must be a file: select it again"
    if isinstance(field, forms.JSONField):
        return f"{who} must be valid JSON"
    return f"{who} is not in the right format"


def field_messages(field: forms.Field, label: str, kind: str) -> dict[str, str]:
    """Every message a field can give, each naming the field.

    Messages with placeholders (``%(limit_value)s``) are filled in by Django
    from the rule that failed, so the label's own "%" is doubled.
    """
    who = subject(label)
    who_fmt = who.replace("%", "%%")
    name_fmt = field_name(label).replace("%", "%%")
    choose = f"Select one of the options for {name_fmt}"
    messages = {
        "required": required_message(label, kind),
        "invalid": invalid_message(field, who),
        "max_length": f"{who_fmt} must be %(limit_value)d characters or fewer",
        "min_length": f"{who_fmt} must be %(limit_value)d characters or more",
        "max_value": f"{who_fmt} must be %(limit_value)s or less",
        "min_value": f"{who_fmt} must be %(limit_value)s or more",
        "step_size": f"{who_fmt} must be a multiple of %(limit_value)s",
        "max_digits": f"{who_fmt} must be %(max)s digits or fewer",
        "max_decimal_places": f"{who_fmt} must have %(max)s decimal places or fewer",
        "max_whole_digits": f"{who_fmt} must have %(max)s digits or fewer before the decimal point",
        "invalid_choice": choose,
        "invalid_list": choose,
        "invalid_pk_value": choose,
        "unique": f"{who_fmt} is already used by another record",
        "null_characters_not_allowed": f"{who} must not contain null characters",
        "incomplete": f"{who} is not complete",
        "overflow": f"{who} is too long a time",
        "invalid_date": f"{who} must be a real date",
        "invalid_time": f"{who} must be a real time",
        "invalid_image": f"{who} must be an image",
    }
    if isinstance(field, forms.FileField):
        messages.update(
            {
                "missing": f"Select a file for {field_name(label)}",
                "empty": f"{who} is empty: select a file with something in it",
                "max_length": f"{who_fmt}: the file name must be %(max)d characters or fewer",
                "contradiction": f"{who}: either select a new file or tick to remove it, not both",
            }
        )
    return messages


def django_defaults(field: forms.Field) -> dict[str, str]:
    """The messages Django gives this kind of field when a form says none."""
    defaults: dict[str, str] = {}
    for klass in reversed(type(field).__mro__):
        defaults.update(getattr(klass, "default_error_messages", {}))
    return defaults


# Validators' own messages, for the few a Django field raises itself
# rather than through its validators (a null character in a choice of records).
VALIDATOR_MESSAGES = {
    (str(getattr(klass, "code", "")), str(getattr(klass, "message", "")))
    for klass in vars(validators).values()
    if isinstance(klass, type) and isinstance(getattr(klass, "code", None), str)
}


def is_django_wording(field: forms.Field, code: str | None, message: str) -> bool:
    """The message is one Django wrote for this code, not one a form wrote."""
    if code is None:
        return False
    return message == str(django_defaults(field).get(code)) or (code, message) in VALIDATOR_MESSAGES


def name_errors(field: forms.Field, label: str, kind: str) -> None:
    """Give a form's own copy of a field messages that name it, keeping any
    message the form wrote itself."""
    defaults = django_defaults(field)
    for code, message in field_messages(field, label, kind).items():
        current = field.error_messages.get(code)
        if current is None or current == defaults.get(code):
            field.error_messages[code] = message
