"""Django's own validation messages, read from its English message catalogue.

Every message Django's forms, validators and model fields can give is a
``msgid`` in ``django/conf/locale/en/LC_MESSAGES/django.po`` (and the auth
app's). A message shown on a lac form must be none of them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import django

# The parts of Django whose messages are validation messages.
SOURCES = ("forms/", "core/validators.py", "db/models/", "contrib/auth/forms.py")
CATALOGUES = ("conf/locale", "contrib/auth/locale")
PLACEHOLDER = re.compile(r"%(\(\w+\))?[sdr]")


def _entries(po: str) -> list[tuple[list[str], list[str]]]:
    """(source references, msgid and msgid_plural) for each entry of a .po file."""
    entries: list[tuple[list[str], list[str]]] = []
    refs: list[str] = []
    ids: list[str] = []
    current: list[str] | None = None
    for line in po.splitlines():
        if line.startswith("#:"):
            if ids:
                entries.append((refs, ids))
                refs, ids = [], []
            refs += line[2:].split()
        elif line.startswith(("msgid ", "msgid_plural ")):
            current = [line.split(" ", 1)[1]]
            ids.append("")
        elif line.startswith('"') and current is not None and ids:
            current.append(line)
        elif line.startswith("msgstr"):
            current = None
        if current is not None and ids:
            ids[-1] = "".join(part.strip()[1:-1] for part in current)
    if ids:
        entries.append((refs, ids))
    return entries


@cache
def default_messages() -> list[re.Pattern[str]]:
    """A pattern for each validation message Django has, placeholders matching anything."""
    root = Path(django.__file__).parent
    patterns = []
    for catalogue in CATALOGUES:
        po = (root / catalogue / "en/LC_MESSAGES/django.po").read_text()
        for refs, ids in _entries(po):
            if not any(source in ref for ref in refs for source in SOURCES):
                continue
            for msgid in ids:
                text = msgid.replace('\\"', '"')
                if len(PLACEHOLDER.sub("", text).split()) < 2:
                    continue  # "Yes", "%(value)s": not a message on its own
                patterns.append(re.compile(".+".join(re.escape(part) for part in text_parts(text))))
    return patterns


def text_parts(text: str) -> list[str]:
    """The literal text around each placeholder."""
    return PLACEHOLDER.sub("\x00", text).split("\x00")


def is_django_default(message: str) -> bool:
    return any(pattern.fullmatch(message) for pattern in default_messages())
