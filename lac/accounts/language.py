"""Which language lac speaks: English or Welsh (Cymraeg), chosen by the reader.

Public bodies in Wales must offer their services in Welsh no less favourably
than in English. A signed-in user's saved preference wins; otherwise Django's
LocaleMiddleware has already chosen from the language switch's cookie or the
browser. Choosing with the switch saves the preference for a signed-in user,
so it follows them to another device.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import trans_real

from lac.accounts.models import User

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class Language:
    """A language as the switch offers it: in its own name, with its ``lang`` attribute."""

    code: str
    own_name: str
    lang: str


#: Each language named in itself, whatever language the page is in.
SWITCH = (Language("en-gb", "English", "en-GB"), Language("cy", "Cymraeg", "cy"))


def language_switch(request: HttpRequest) -> dict[str, Any]:
    """The header's switch and the page's ``lang`` attribute, for every template."""
    current = next((lang for lang in SWITCH if lang.code == translation.get_language()), SWITCH[0])
    return {"languages": SWITCH, "language": current}


class PreferredLanguageMiddleware:
    """Speak a signed-in user's saved language (after authentication has run)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        preferred = getattr(request.user, "preferred_language", "")
        if preferred in LANGUAGE_CODES and preferred != request.LANGUAGE_CODE:
            translation.activate(preferred)
            request.LANGUAGE_CODE = preferred
        return self.get_response(request)


def user_language_set(*, user: User, language: str) -> None:
    """Save the language a user chose, so every page and device follows it."""
    if language not in LANGUAGE_CODES:
        raise ValueError(f"language: {language!r} is not one lac speaks")
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def drop_empty_fallbacks() -> None:
    """Read each language's translations now, without the empty catalogues behind them.

    Python's gettext chains every package's ``en`` catalogue behind its ``en_GB``
    one, and Django keeps each of them in the chain: six catalogues holding
    nothing but their header. A string with no translation (every English
    string on an English page) was then looked up in each in turn, hundreds of
    times a page. Catalogues with entries stay where they are, so every string
    translates as before. Called once per process, when the apps are ready.
    """
    for code in LANGUAGE_CODES:
        node: Any = trans_real.translation(code)
        while node is not None:
            after = getattr(node, "_fallback", None)
            while after is not None and _holds_nothing(after):
                after = getattr(after, "_fallback", None)
            node._fallback = after
            node = after


def _holds_nothing(catalogue: Any) -> bool:
    """A plain gettext catalogue with no entry but its header."""
    entries = getattr(catalogue, "_catalog", None)
    return type(entries) is dict and set(entries) <= {""}


def translations_reset(*, setting: str, **kwargs: Any) -> None:
    """After Django drops its translations (a change of the settings they are read from),
    read them again without the empty catalogues."""
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        drop_empty_fallbacks()
