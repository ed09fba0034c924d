"""The timeout warning counts down in the page's language, each number in its plural form."""

from __future__ import annotations

import json

from django.utils import translation

from lac.web.countdown import countdown_words


def test_english_counts_one_minute_and_many_minutes():
    with translation.override("en"):
        words = countdown_words()
    minutes = json.loads(words["minutes"])
    assert minutes["one"] == "{n} minute"
    assert minutes["other"] == "{n} minutes"
    assert json.loads(words["seconds"])["other"] == "{n} seconds"
    assert words["announce"] == "We will sign you out in {n}"


def test_welsh_counts_in_its_six_forms_two_minutes_mutating():
    with translation.override("cy"):
        words = countdown_words()
    minutes = json.loads(words["minutes"])
    assert set(minutes) == {"zero", "one", "two", "few", "many", "other"}
    assert minutes["two"] == "{n} funud"
    assert minutes["few"] == minutes["other"] == "{n} munud"
    assert json.loads(words["seconds"])["other"] == "{n} eiliad"
    assert words["announce"] == "Byddwn yn eich allgofnodi ymhen {n}"
