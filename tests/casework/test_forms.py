"""Casework's record forms: the date starts as today; choices are in the reader's language."""

from datetime import date

import pytest
from django.utils import timezone, translation

from lac.casework import forms
from lac.casework.models import Challenge, ClosureReason, IntroductionSource, Level, Status

FORMS = {
    "introduction": (
        forms.IntroductionDetailsForm,
        lambda: {
            "sources": IntroductionSource.objects.none(),
            "challenges": Challenge.objects.none(),
        },
    ),
    "conversation": (forms.ConversationForm, dict),
    "level": (forms.LevelForm, lambda: {"current": Level.LEVEL_1}),
    "status": (
        forms.StatusForm,
        lambda: {"current": Status.ACTIVE, "reasons": ClosureReason.objects.none()},
    ),
    "vision": (forms.VisionForm, dict),
}
"""Each form with what it needs besides its data."""


@pytest.mark.parametrize("name", FORMS)
def test_the_date_starts_as_today_unless_one_is_given(db, name):
    form_class, needs = FORMS[name]
    kwargs = needs()
    assert form_class(**kwargs).initial["date"] == timezone.localdate()
    given = form_class(initial={"date": date(2026, 3, 1)}, **kwargs)
    assert given.initial["date"] == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("current", "offered"),
    [
        (Status.ACTIVE, ["Oedi am y tro", "Cau: mae’r cerdded gyda’ch gilydd yn dod i ben"]),
        (Status.PAUSED, ["Ailddechrau: cerdded ochr yn ochr eto", "Cau:"]),
        (Status.CLOSED, ["Ailagor: cerdded ochr yn ochr eto", "Oedi am y tro"]),
    ],
)
def test_the_changes_of_status_are_offered_in_welsh(db, current, offered):
    with translation.override("cy"):
        form = forms.StatusForm(current=current, reasons=ClosureReason.objects.none())
        labels = [str(label) for _, label in form.fields["status"].choices]
    assert len(labels) == 2
    assert all(label.startswith(start) for label, start in zip(labels, offered, strict=True))
