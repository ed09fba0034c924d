"""Casework's record forms start their date as today, and keep a date they are given."""

from datetime import date

import pytest
from django.utils import timezone

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
