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


def as_texts(catalogue) -> dict[str, tuple[str, ...]]:
    """Each message's translation (or its plural forms in order), header left out."""
    return {
        e.msgid: (e.msgstr,)
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
