"""The timeout warning's countdown in the page's language, for ``lac/timeout.js``.

The script counts down in the browser, where gettext cannot reach, and Welsh counts in
six forms ("1 munud", "2 funud", "3 munud"). So the server renders each unit's words
once for each plural form, with ``{n}`` where the number goes, and the script picks
the form with the browser's own plural rules (``Intl.PluralRules``). Those name the
forms as CLDR does, and CLDR's six for Welsh (zero, one, two, few, many, other) are
the catalogue's six, in order; English uses two of them (one, other).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.utils.translation import gettext, ngettext

NUMBER = "{n}"
"""Where the script puts the number."""

SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 6, "other": 7}
"""A number in each CLDR plural category, for the languages lac speaks."""


def _forms(words: Callable[[int], str]) -> str:
    return json.dumps({category: words(n) for category, n in SAMPLES.items()}, ensure_ascii=False)


def _minutes(n: int) -> str:
    return ngettext("%(minutes)s minute", "%(minutes)s minutes", n) % {"minutes": NUMBER}


def _seconds(n: int) -> str:
    return ngettext("%(seconds)s second", "%(seconds)s seconds", n) % {"seconds": NUMBER}


def countdown_words() -> dict[str, str]:
    """Each unit's words by plural category (JSON), and the sentence a screen reader hears."""
    return {
        "minutes": _forms(_minutes),
        "seconds": _forms(_seconds),
        "announce": gettext("We will sign you out in %(time)s") % {"time": NUMBER},
    }
