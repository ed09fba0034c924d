"""One length limit per kind of free text, checked on every record before it is saved.

Two kinds: a *line* (a name, a title, who else was there) is limited by its
column's ``max_length``; a *note* (anything typed in a text area: notes, hopes,
a vision, what was agreed) is limited to ``NOTE``, long enough for a careful
write-up of a visit and short enough that a pasted document or a runaway
client cannot fill the database. Django checks a line's length itself but in
words that do not say which field; this says it, and holds notes to a limit
that the database does not.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

NOTE = 10_000
"""The most characters in any note-like field: about four pages of typed text."""

TOO_LONG = _("%(what)s must be %(limit)s characters or fewer")

NAMES = {
    "casework.vision.text": _("Their vision of a good life"),
    "casework.introduction.hopes": _("What they hope for"),
    "casework.introduction.imported_note": _("Notes"),
    "casework.introduction.introducer": _("The introducer's name or team"),
    "casework.conversation.who_was_there": _("Who else was there"),
    "casework.goal.title": _("The goal"),
    "casework.step.description": _("The step"),
    "casework.statuschange.outcome_skipped": _("Why there is nothing to record"),
    "disclosures.disclosure.description": _("What was shared"),
    "disclosures.disclosure.recipient_name": _("Who it was shared with"),
    "evaluation.impactmapversion.engagement": _("How stakeholders were involved"),
    "people.person.address_line_1": _("Address line 1"),
    "people.person.address_line_2": _("Address line 2"),
    "people.person.town": _("Town or city"),
}
"""Field → the words naming it, where its own verbose name would not read well."""


def limit(field: models.Field) -> int | None:  # type: ignore[type-arg]
    """A field's limit by its kind: a note's is ``NOTE``, a line's its column's."""
    if isinstance(field, models.TextField):
        return NOTE
    if isinstance(field, models.CharField):
        return field.max_length
    return None


def name(field: models.Field) -> str:  # type: ignore[type-arg]
    """How a message names the field: from ``NAMES``, else its verbose name."""
    key = f"{field.model._meta.label_lower}.{field.name}"
    if key in NAMES:
        return str(NAMES[key])
    return str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:]


def too_long(field: models.Field, value: str) -> str | None:  # type: ignore[type-arg]
    """The message refusing ``value`` for ``field``, or None when it fits."""
    most = limit(field)
    if most is None or len(value) <= most:
        return None
    return str(TOO_LONG) % {"what": name(field), "limit": f"{most:,}"}


def check(record: models.Model, *, exclude: tuple[str, ...] = ()) -> None:
    """Refuse a record any of whose text fields is longer than its kind allows, naming
    each such field (call before ``full_clean``, whose own words do not). Fields the
    record keeps for itself (``editable=False``: search keys) are not typed by anyone."""
    problems = {
        field.name: message
        for field in record._meta.concrete_fields
        if field.editable
        and field.name not in exclude
        and isinstance(value := getattr(record, field.attname), str)
        and (message := too_long(field, value)) is not None
    }
    if problems:
        raise ValidationError(problems)
