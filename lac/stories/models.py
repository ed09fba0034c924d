"""A person's story: what changed for them, in their own words, to quote with their consent.

Whether a story may be shown or quoted is never stored here: it follows the
person's consent at the moment of use (:func:`lac.stories.selectors.usable`),
so withdrawing consent takes the story out of every page, report and file at
once, even a report published before.
"""

from __future__ import annotations

from django.db import models

from lac.accounts.models import RecordedBy


class Story(RecordedBy):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="stories")
    words = models.TextField("In their own words", help_text="What they said, as they said it")
    what_changed = models.TextField(
        "What changed for them", blank=True, help_text="In a sentence or two"
    )
    told_on = models.DateField("When they told it")
    outcome_events = models.ManyToManyField(
        "outcomes.OutcomeEvent",
        blank=True,
        related_name="stories",
        verbose_name="The changes it tells of",
    )

    class Meta:
        ordering = ["-told_on", "-pk"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return f"Story told on {self.told_on.day} {self.told_on:%B %Y}"
