from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from lac.lib.rules import dates
from lac.lib.widgets import DateInput
from lac.outcomes.models import OutcomeEvent
from lac.people.forms import RecordRules
from lac.submissions.services import OnceField


class StoryForm(RecordRules, forms.Form):
    once = OnceField()
    date_rules = {"told_on": dates.STORY_TOLD}
    words = forms.CharField(
        label=gettext_lazy("Their story, in their own words"),
        help_text=gettext_lazy(
            "Write what they said as they said it. It is quoted without their name "
            "unless they agreed to be named."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    what_changed = forms.CharField(
        label=gettext_lazy("What changed for them (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    told_on = forms.DateField(label=gettext_lazy("When they told it"), widget=DateInput())
    outcome_events = forms.TypedMultipleChoiceField(
        label=gettext_lazy("The changes it tells of (optional)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, events: Sequence[OutcomeEvent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events = {e.pk: e for e in events}
        if events:
            self.fields["outcome_events"].choices = [(e.pk, str(e)) for e in events]  # type: ignore[attr-defined]
        else:
            del self.fields["outcome_events"]

    def chosen_events(self) -> list[OutcomeEvent]:
        return [self.events[pk] for pk in self.cleaned_data.get("outcome_events", [])]
