"""Small display helpers for casework: status tags and next-contact wording."""

from __future__ import annotations

from datetime import date, timedelta

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from lac.casework.models import ProgressStatus
from lac.people.models import Status

register = template.Library()

STATUS_COLOURS: dict[str, str] = {
    Status.ACTIVE: "green",
    Status.PAUSED: "yellow",
    Status.CLOSED: "grey",
}
PROGRESS_COLOURS: dict[str, str] = {
    ProgressStatus.NOT_STARTED: "grey",
    ProgressStatus.IN_PROGRESS: "light-blue",
    ProgressStatus.COMPLETED: "green",
    ProgressStatus.STOPPED: "grey",
}


@register.simple_tag
def status_tag(status: str) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS.get(status, "grey"),
        Status(status).label,
    )


@register.simple_tag
def progress_tag(status: str) -> str:
    colour = PROGRESS_COLOURS.get(status, "grey")
    label = ProgressStatus(status).label
    if status == ProgressStatus.COMPLETED:
        return str(label)  # the GOV.UK task list shows "Completed" as plain text
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)


@register.simple_tag
def next_contact(when: date | None, today: date | None = None) -> str:
    """ "3 March 2026" with an "Overdue" or "This week" tag in front when it matters."""
    if when is None:
        return _("Not set")
    today = today or timezone.localdate()
    text = formats.date_format(when, "j F Y")  # the month in the reader's language
    if when < today:
        return format_html(
            '<strong class="govuk-tag govuk-tag--red">{}</strong> {}', _("Overdue"), text
        )
    if when <= today + timedelta(days=7):
        return format_html(
            '<strong class="govuk-tag govuk-tag--orange">{}</strong> {}', _("This week"), text
        )
    return text
