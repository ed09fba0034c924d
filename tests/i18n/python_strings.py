"""Find text written in Python that a reader sees but the translation machinery never meets.

Templates are checked by ``untranslated.py``; this module reads lac's Python
with ``ast`` and finds the string literals (and f-strings) in the places whose
words reach a page, an API answer or an import's problem report:

- form fields' ``label``, ``help_text``, ``empty_label`` and ``error_messages``;
- models' and fields' ``verbose_name`` and ``verbose_name_plural``;
- choices: the labels of ``TextChoices``/``IntegerChoices`` members and of
  ``choices=[(value, "label"), …]``;
- ``messages.<level>(request, "…")``;
- ``ValidationError("…")`` (its message, a list of them or a dict of them) and
  the errors lac defines for its services to raise;
- ``HttpResponse("…")`` and its kin;
- widget ``attrs`` people hear or read: ``placeholder``, ``aria-label``, ``title``.

A literal there that is not the argument of ``gettext``, ``gettext_lazy``,
``_``, ``ngettext``, ``pgettext`` (or their lazy forms) is reported by a key
that survives edits elsewhere in the file: ``path::function::text``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRECTORIES = {"migrations", "locale", "static", "templates", "__pycache__"}

TRANSLATORS = {
    "gettext",
    "gettext_lazy",
    "_",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
_TEXT_KEYWORDS = {"label", "help_text", "empty_label", "verbose_name", "verbose_name_plural"}
_SPOKEN_ATTRS = {"placeholder", "aria-label", "title"}
_MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
_RESPONSES = re.compile(r"^HttpResponse\w*$")
_CHOICES_BASES = {"TextChoices", "IntegerChoices", "Choices"}
_WORD = re.compile(r"[^\W\d_]{2,}")


def python_files() -> list[Path]:
    """lac's modules, without migrations (generated, never shown)."""
    return sorted(
        path
        for path in (ROOT / "lac").rglob("*.py")
        if not SKIPPED_DIRECTORIES.intersection(path.relative_to(ROOT).parts)
    )


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_text(node: ast.AST) -> bool:
    """A literal with words in it: a string constant or an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_WORD.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(part) for part in node.values)
    return False


def _text_of(node: ast.AST) -> str:
    text = node.value if isinstance(node, ast.Constant) else ast.unparse(node)
    return " ".join(str(text).split())


def _messages_in(node: ast.AST) -> Iterator[ast.AST]:
    """The literals an error or a label is made of: itself, or a list's or dict's values."""
    if isinstance(node, ast.Dict):
        for value in node.values:
            yield from _messages_in(value)
    elif isinstance(node, ast.List | ast.Tuple):
        for item in node.elts:
            yield from _messages_in(item)
    elif _is_text(node):
        yield node


def _choice_labels(node: ast.AST) -> Iterator[ast.AST]:
    """The label of each ``(value, label)`` pair in a list of choices."""
    if isinstance(node, ast.List | ast.Tuple):
        for item in node.elts:
            if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                label = item.elts[1]
                if isinstance(label, ast.List | ast.Tuple):
                    yield from _choice_labels(label)  # a named group of choices
                elif _is_text(label):
                    yield label


def _error_classes(tree: ast.Module) -> set[str]:
    """Exceptions a module defines: lac's services raise them with words for people."""
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(
            (isinstance(base, ast.Name) and base.id.endswith(("Error", "Exception")))
            or (isinstance(base, ast.Attribute) and base.attr.endswith(("Error", "Exception")))
            for base in node.bases
        )
    }


class _Finder(ast.NodeVisitor):
    def __init__(self, error_classes: set[str]) -> None:
        self.scope: list[str] = []
        self.error_classes = error_classes | {"ValidationError"}
        self.found: list[tuple[str, ast.AST]] = []

    def _report(self, node: ast.AST) -> None:
        self.found.append(("::".join(self.scope) or "<module>", node))

    def _visit_scope(self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._visit_scope(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._visit_scope(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        is_choices = any(
            (isinstance(b, ast.Name) and b.id in _CHOICES_BASES)
            or (isinstance(b, ast.Attribute) and b.attr in _CHOICES_BASES)
            for b in node.bases
        )
        if is_choices:
            for statement in node.body:
                value = statement.value if isinstance(statement, ast.Assign) else None
                if isinstance(value, ast.Tuple) and value.elts and _is_text(value.elts[-1]):
                    self.scope.append(node.name)
                    self._report(value.elts[-1])
                    self.scope.pop()
        self._visit_scope(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _called_name(node)
        if name in TRANSLATORS:
            return  # what it wraps is marked; nothing inside needs looking at
        literals = [*self._in_keywords(node), *self._in_message(node, name)]
        if name in self.error_classes and node.args:
            literals += _messages_in(node.args[0])
        if _RESPONSES.match(name) and node.args and _is_text(node.args[0]):
            literals.append(node.args[0])
        for literal in literals:
            self._report(literal)
        self.generic_visit(node)

    @staticmethod
    def _in_keywords(node: ast.Call) -> Iterator[ast.AST]:
        for keyword in node.keywords:
            if keyword.arg in _TEXT_KEYWORDS and _is_text(keyword.value):
                yield keyword.value
            elif keyword.arg == "error_messages":
                yield from _messages_in(keyword.value)
            elif keyword.arg == "choices":
                yield from _choice_labels(keyword.value)
            elif keyword.arg == "attrs" and isinstance(keyword.value, ast.Dict):
                for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
                    spoken = isinstance(key, ast.Constant) and key.value in _SPOKEN_ATTRS
                    if spoken and _is_text(value):
                        yield value

    @staticmethod
    def _in_message(node: ast.Call, name: str) -> Iterator[ast.AST]:
        """The text of ``messages.<level>(request, text)``."""
        func = node.func
        if not (isinstance(func, ast.Attribute) and name in _MESSAGE_LEVELS):
            return
        if isinstance(func.value, ast.Name) and func.value.id == "messages":
            text = node.args[1:2] or [k.value for k in node.keywords if k.arg == "message"]
            yield from (literal for literal in text if _is_text(literal))


def unmarked_strings(path: Path, source: str | None = None) -> list[str]:
    """Keys (``path::function::text``) of the unmarked user-facing literals in ``path``."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    finder = _Finder(_error_classes(tree) | _LAC_ERROR_CLASSES)
    finder.visit(tree)
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else Path(path.name)
    return sorted({f"{where}::{scope}::{_text_of(node)}" for scope, node in finder.found})


def _all_error_classes() -> set[str]:
    names: set[str] = set()
    for path in python_files():
        names |= _error_classes(ast.parse(path.read_text(encoding="utf-8")))
    return names


_LAC_ERROR_CLASSES = _all_error_classes()
