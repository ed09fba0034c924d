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
from django.utils.translation import gettext, pgettext

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
        template = gettext("Select %(name)s to continue")
    elif kind == "checkboxes":
        template = (
            gettext("Select at least one answer to %(name)s")
            if question
            else pgettext("checkboxes", "Select the %(name)s")
        )
    elif kind in CHOOSE_KINDS:
        template = (
            gettext("Select an answer to %(name)s")
            if question
            else pgettext("choice", "Select the %(name)s")
        )
    elif kind == "file":
        template = (
            gettext("Select a file for %(name)s")
            if question
            else pgettext("file", "Select the %(name)s")
        )
    elif kind == "date":
        template = (
            gettext("Enter a date for %(name)s")
            if question
            else pgettext("date", "Enter the %(name)s")
        )
    else:
        template = (
            gettext("Enter an answer to %(name)s") if question else gettext("Enter the %(name)s")
        )
    return template % {"name": name}


def invalid_message(field: forms.Field, who: str) -> str:
    """What "not in the right form" means for this kind of field."""
    if isinstance(field, forms.DateTimeField):
        template = gettext("%(who)s must be a real date and time")
    elif isinstance(field, forms.DateField):
        template = gettext("%(who)s must be a real date")
    elif isinstance(field, forms.TimeField):
        template = gettext("%(who)s must be a real time, like 14:30")
    # FloatField and DecimalField are IntegerFields to Django: ask about them first.
    elif isinstance(field, forms.FloatField | forms.DecimalField):
        template = gettext("%(who)s must be a number")
    elif isinstance(field, forms.IntegerField):
        template = gettext("%(who)s must be a whole number")
    elif isinstance(field, forms.EmailField):
        template = gettext("%(who)s must be an email address, like name@example.com")
    elif isinstance(field, forms.URLField):
        template = gettext("%(who)s must be a web address, like https://www.example.org")
    elif isinstance(field, forms.SlugField):
        template = gettext("%(who)s must use only letters, numbers, hyphens and underscores")
    elif isinstance(field, forms.FileField):
        template = gettext("%(who)s must be a file: select it again")
    elif isinstance(field, forms.JSONField):
        template = gettext("%(who)s must be valid JSON")
    else:
        template = gettext("%(who)s is not in the right format")
    return template % {"who": who}


# Django fills these in from the rule that failed, after the field is named: a message
# keeps them as placeholders.
_LEFT_FOR_DJANGO = {"limit_value": "%(limit_value)s", "max": "%(max)s"}


def field_messages(field: forms.Field, label: str, kind: str) -> dict[str, str]:
    """Every message a field can give, each naming the field, in the reader's language.

    Messages with placeholders (``%(limit_value)s``) are filled in by Django
    from the rule that failed, so the label's own "%" is doubled.
    """
    who = subject(label)
    who_fmt = who.replace("%", "%%")
    name_fmt = field_name(label).replace("%", "%%")

    def naming(template: str, name: str = who_fmt) -> str:
        return template % {"who": name, "name": name, **_LEFT_FOR_DJANGO}

    choose = naming(gettext("Select one of the options for %(name)s"), name_fmt)
    messages = {
        "required": required_message(label, kind),
        "invalid": invalid_message(field, who),
        "max_length": naming(gettext("%(who)s must be %(limit_value)s characters or fewer")),
        "min_length": naming(gettext("%(who)s must be %(limit_value)s characters or more")),
        "max_value": naming(gettext("%(who)s must be %(limit_value)s or less")),
        "min_value": naming(gettext("%(who)s must be %(limit_value)s or more")),
        "step_size": naming(gettext("%(who)s must be a multiple of %(limit_value)s")),
        "max_digits": naming(gettext("%(who)s must be %(max)s digits or fewer")),
        "max_decimal_places": naming(gettext("%(who)s must have %(max)s decimal places or fewer")),
        "max_whole_digits": naming(
            gettext("%(who)s must have %(max)s digits or fewer before the decimal point")
        ),
        "invalid_choice": choose,
        "invalid_list": choose,
        "invalid_pk_value": choose,
        "unique": naming(gettext("%(who)s is already used by another record")),
        "null_characters_not_allowed": naming(
            gettext("%(who)s must not contain null characters"), who
        ),
        "incomplete": naming(gettext("%(who)s is not complete"), who),
        "overflow": naming(gettext("%(who)s is too long a time"), who),
        "invalid_date": naming(gettext("%(who)s must be a real date"), who),
        "invalid_time": naming(gettext("%(who)s must be a real time"), who),
        "invalid_image": naming(gettext("%(who)s must be an image"), who),
    }
    if isinstance(field, forms.FileField):
        messages.update(
            {
                "missing": naming(gettext("Select a file for %(name)s"), field_name(label)),
                "empty": naming(
                    gettext("%(who)s is empty: select a file with something in it"), who
                ),
                "max_length": naming(
                    gettext("%(who)s: the file name must be %(max)s characters or fewer")
                ),
                "contradiction": naming(
                    gettext("%(who)s: either select a new file or tick to remove it, not both"), who
                ),
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
