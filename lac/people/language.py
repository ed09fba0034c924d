"""Speaking to a person in their own language (``Person.preferred_language``).

What is made for the person — their plan and its PDF, the pages their
one-time links open, news about them — is in the language they chose, not
the language of whoever happens to be signed in. A reader who presses the
language switch on the page has chosen for themselves, and that choice wins.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from lac.accounts.language import LANGUAGE_CODES
from lac.people.models import Person


def language_of(person: Person | None) -> str:
    """The language to speak to ``person`` in: theirs, else lac's default (English)."""
    chosen = person.preferred_language if person is not None else ""
    return chosen if chosen in LANGUAGE_CODES else settings.LANGUAGE_CODE


def speaking_to(person: Person | None) -> AbstractContextManager[None]:
    """Render inside this to render in the person's language (a PDF, a message)."""
    return translation.override(language_of(person))


def page_language_for(request: HttpRequest, person: Person) -> None:
    """Speak the person's language on a page they open, unless the reader chose with the switch."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = chosen if chosen in LANGUAGE_CODES else language_of(person)
    translation.activate(language)
    request.LANGUAGE_CODE = language
