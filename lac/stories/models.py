"""A person's story: what changed for them, in their own words, to quote with their consent.

Whether a story may be shown or quoted is never stored here: it follows the
person's consent at the moment of use (:func:`lac.stories.selectors.usable`),
so withdrawing consent takes the story out of every page, report and file at
once, even a report published before.
"""

from __future__ import annotations

from django.db import models
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

from lac.accounts.models import RecordedBy


class Story(RecordedBy):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="stories")
    words = models.TextField(
        gettext_lazy("In their own words"),
        help_text=gettext_lazy("What they said, as they said it"),
    )
    what_changed = models.TextField(
        gettext_lazy("What changed for them"),
        blank=True,
        help_text=gettext_lazy("In a sentence or two"),
    )
    told_on = models.DateField(gettext_lazy("When they told it"))
    outcome_events = models.ManyToManyField(
        "outcomes.OutcomeEvent",
        blank=True,
        related_name="stories",
        verbose_name=gettext_lazy("The changes it tells of"),
    )

    class Meta:
        ordering = ["-told_on", "-pk"]
        verbose_name = gettext_lazy("story")
        verbose_name_plural = gettext_lazy("stories")

    def __str__(self) -> str:
        return gettext("Story told on %(date)s") % {
            "date": formats.date_format(self.told_on, "j F Y")
        }
