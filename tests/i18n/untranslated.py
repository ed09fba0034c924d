"""Find text in a template that a reader sees but the translation machinery never meets.

Django's template lexer splits a template into text, variables and tags; text
outside ``{% translate %}`` and ``{% blocktranslate %}`` that still holds words
once the HTML tags, comments, scripts and entities are taken away is text a
Welsh reader would see in English. Words in the attributes people hear or
read (``aria-label``, ``title``, ``alt``, ``placeholder``) count too.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(ROOT.glob("lac/**/templates/**/*.html"))

_SPOKEN_ATTRIBUTES = re.compile(
    r"""\b(?:aria-label|title|alt|placeholder)\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL
)
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>", re.DOTALL)
_WORD = re.compile(r"[^\W\d_]{2,}")
# A block that fills in a parent's tag (`{% block form_attributes %} data-lac-draft`,
# `{% block button_class %} govuk-button--warning`) holds an attribute, not words.
_BARE_ATTRIBUTE = re.compile(r"(?<![\w-])(?:data-[\w-]+(?:=\"[^\"]*\")?|govuk-[\w-]+)")
_OPENS_UNTRANSLATED = {"comment", "verbatim"}


def untranslated_text(template: Path) -> list[str]:
    """The pieces of visible text in ``template`` that are not marked for translation."""
    found: list[str] = []
    skipping: str | None = None
    text = ""
    for token in Lexer(template.read_text(encoding="utf-8")).tokenize():
        if token.token_type is TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if skipping is not None:
                if name == f"end{skipping}":
                    skipping = None
                continue
            if name in _OPENS_UNTRANSLATED or name in {"blocktranslate", "blocktrans"}:
                skipping = "blocktranslate" if name.startswith("blocktrans") else name
                if name == "blocktrans":
                    skipping = "blocktrans"
            # A tag or variable between two texts joins them: `<a href="{% url %}">` is one tag.
            text += " TAG "
        elif token.token_type is TokenType.VAR:
            if skipping is None:
                text += " VAR "
        elif token.token_type is TokenType.TEXT and skipping is None:
            text += token.contents
    text = _HIDDEN.sub(" ", text)
    for _quote, value in _SPOKEN_ATTRIBUTES.findall(text):
        if _WORD.search(value.replace("TAG", "").replace("VAR", "")):
            found.append(value.strip())
    visible = html.unescape(_TAG.sub("\n", text))
    for line in visible.splitlines():
        words = _BARE_ATTRIBUTE.sub(" ", line.replace("TAG", " ").replace("VAR", " ")).strip()
        if _WORD.search(words):
            found.append(words)
    return found
