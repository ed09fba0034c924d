"""The Welsh catalogue is complete, compiled, and holds every string marked for translation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "lac" / "locale" / "cy" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}|</?\w+>")


def entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def test_every_string_has_a_welsh_translation_that_is_not_a_guess_left_fuzzy():
    untranslated = [e.msgid for e in entries() if not e.translated()]
    fuzzy = [e.msgid for e in entries() if "fuzzy" in e.flags]
    assert untranslated == [] and fuzzy == []


def test_each_translation_keeps_its_placeholders_and_markup():
    broken = [
        e.msgid
        for e in entries()
        for source, welsh in [(e.msgid, e.msgstr)]
        + list(zip([e.msgid_plural] * len(e.msgstr_plural), e.msgstr_plural.values(), strict=False))
        if welsh and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(welsh))
    ]
    assert broken == []


def as_texts(catalogue) -> dict[tuple[str, str], tuple[str, ...]]:
    """Each message's translation (or its plural forms in order), by its context and words
    ("Enter the %(name)s" is one message for a date and another for a text box), header
    left out."""
    return {
        (e.msgctxt or "", e.msgid): (e.msgstr,)
        if not e.msgid_plural
        else tuple(text for _n, text in sorted((int(n), t) for n, t in e.msgstr_plural.items()))
        for e in catalogue
        if e.msgid and not e.obsolete
    }


def test_the_compiled_catalogue_matches_the_one_translators_edit():
    assert as_texts(polib.mofile(str(COMPILED))) == as_texts(entries()), (
        "run `make messages` to compile lac/locale/cy/LC_MESSAGES/django.po"
    )


def test_the_catalogue_holds_every_string_marked_for_translation(tmp_path, settings, monkeypatch):
    copy = tmp_path / "lac"
    shutil.copytree(ROOT / "lac", copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["cy"], no_obsolete=True, verbosity=0)
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/cy/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in entries()}
    assert extracted - committed == set(), "new strings: run `make messages` and translate them"
    assert committed - extracted == set(), "strings no longer used: run `make messages`"


WELSH_PLURALS = (
    "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 :(n==6) ? 4 : 5;"
)
"""Welsh's six plural forms (CLDR: zero, one, two, few, many, other), as
WeblateOrg/weblate weblate/langdata/languages.py writes the equation."""


def test_the_catalogue_counts_in_welshs_six_plural_forms_and_every_plural_fills_all_six():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.metadata["Plural-Forms"] == WELSH_PLURALS
    short = [e.msgid for e in entries() if e.msgid_plural and len(e.msgstr_plural) != 6]
    assert short == []


def test_two_minutes_reads_as_welsh_says_it():
    from django.utils import translation

    with translation.override("cy"):
        two = translation.ngettext(
            'Wait %(minutes)s minute, then <a class="govuk-link" href="%(sign_in_url)s">try '
            "signing in again</a>.",
            'Wait %(minutes)s minutes, then <a class="govuk-link" href="%(sign_in_url)s">try '
            "signing in again</a>.",
            2,
        )
        ten = translation.ngettext(
            'Wait %(minutes)s minute, then <a class="govuk-link" '
            'href="%(sign_in_url)s">try signing in again</a>.',
            'Wait %(minutes)s minutes, then <a class="govuk-link" href="%(sign_in_url)s">try '
            "signing in again</a>.",
            10,
        )
    assert two.startswith("Arhoswch %(minutes)s funud") and ten.startswith(
        "Arhoswch %(minutes)s munud"
    )


def test_the_readme_counts_the_entries_awaiting_a_welsh_speaker_as_the_catalogue_has_them():
    """The README tells a Welsh reviewer how much there is to check; a count left behind
    as strings are added would understate it."""
    stated = re.search(
        r"\((\d[\d,]*) of its (\d[\d,]*) entries\)", (ROOT / "README.md").read_text()
    )
    assert stated, "README's Welsh section no longer states the counts"
    review = [e for e in entries() if (e.tcomment or "").lstrip().startswith("Review:")]
    counts = (len(review), len(entries()))
    assert tuple(int(n.replace(",", "")) for n in stated.groups()) == counts, counts
