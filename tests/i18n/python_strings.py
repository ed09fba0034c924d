"""Find text written in Python that a reader sees but the translation machinery never meets.

Templates are checked by ``untranslated.py``; this module reads lac's Python
with ``ast`` and finds the string literals (and f-strings) in the places whose
words reach a page, an API answer or an import's problem report:

- form fields' ``label``, ``help_text``, ``empty_label`` and ``error_messages``;
- models' and fields' ``verbose_name`` and ``verbose_name_plural`` (a model
  field's, given first, as ``models.CharField("Reference number", …)`` does, too);
- choices: the labels of ``TextChoices``/``IntegerChoices`` members and of
  ``choices=[(value, "label"), …]``;
- ``messages.<level>(request, "…")``;
- ``ValidationError("…")`` (its message, a list of them or a dict of them),
  ``PermissionDenied("…")`` (the 403 page shows it) and the errors lac defines
  for its services to raise;
- ``HttpResponse("…")`` and its kin;
- the reports' tables: a ``Table``'s title, row heading and note, and a ``Column``'s
  name (the dashboard, its downloads and the PDFs show them);
- widget ``attrs`` people hear or read: ``placeholder``, ``aria-label``, ``title``;
- a form's ``Meta`` ``labels``, ``help_texts`` and ``error_messages``, and a
  class's ``verbose_name`` (a model's ``Meta``, an app's config);
- constants outside functions (``FLAG_REVIEW_PAST = "The review date must be …"``):
  a module or class name in capitals holding words with spaces between them,
  which is how a service keeps the messages it raises and its tests compare.

A literal there that is not the argument of ``gettext``, ``gettext_lazy``,
``_``, ``ngettext``, ``pgettext`` (or their lazy and no-op forms) is reported by
a key that survives edits elsewhere in the file: ``path::function::text``.

An error class counts only where it is defined or imported from its defining
module, so the value engine's ``Problem(path, message)`` record is not taken
for lac.imports' ``Problem`` exception.
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
    "gettext_noop",
}
_TEXT_KEYWORDS = {"label", "help_text", "empty_label", "verbose_name", "verbose_name_plural"}
_SPOKEN_ATTRS = {"placeholder", "aria-label", "title"}
_MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
_RESPONSES = re.compile(r"^HttpResponse\w*$")
_CHOICES_BASES = {"TextChoices", "IntegerChoices", "Choices"}
_WORD = re.compile(r"[^\W\d_]{2,}")
_CONSTANT = re.compile(r"^_?[A-Z][A-Z0-9_]*$")
_PROSE = re.compile(r"[^\W\d_]{2,}[,:;.?!’']?\s+\S*[^\W\d_]")
_FORM_META = {"labels", "help_texts", "error_messages"}
_RELATIONS = {"OneToOneField", "ManyToManyField"}  # given first: the model it points to
# lac.reports.tables: the positions and keywords of the words a table shows.
_TABLE_WORDS = {
    "Table": ((1, "title"), (2, "row_header"), (None, "note")),
    "Column": ((0, "name"),),
}


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


def _is_prose(node: ast.AST) -> bool:
    """Words a person reads, not a code, key or file name: two words or more, in lower case.

    A constant holding ``"flags_in_force"`` or ``"GET, HEAD, OPTIONS"`` is a key;
    ``"The review date must be today or later"`` is a sentence.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
    else:
        return False
    return bool(_PROSE.search(text)) and any(c.islower() for c in text)


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


def _is_model_field(call: ast.Call) -> bool:
    """``models.<Kind>Field(…)``, whose first argument, when given, is its name for people."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "models"
        and func.attr.endswith("Field")
        and func.attr not in _RELATIONS
    )


def _names(bases: list[ast.expr]) -> list[str]:
    return [
        b.id if isinstance(b, ast.Name) else b.attr
        for b in bases
        if isinstance(b, ast.Name | ast.Attribute)
    ]


def _error_classes(tree: ast.Module) -> set[str]:
    """Exceptions a module defines: lac's services raise them with words for people."""
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(name.endswith(("Error", "Exception")) for name in _names(node.bases))
    }


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_error_classes(tree: ast.Module, module: str) -> set[str]:
    """The names under which a module imports an error class from the module defining it."""
    names: set[str] = set()
    package = module.rsplit(".", 1)[0] if "." in module else module
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        source = node.module or ""
        if node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            source = f"{base}.{source}" if source else base
        defined = _LAC_ERROR_CLASSES.get(source, set())
        names |= {alias.asname or alias.name for alias in node.names if alias.name in defined}
    return names


class _Finder(ast.NodeVisitor):
    def __init__(self, error_classes: set[str]) -> None:
        self.scope: list[str] = []
        self.classes: list[str] = []
        self.functions = 0
        self.error_classes = error_classes | {"ValidationError", "PermissionDenied"}
        self.found: list[tuple[str, ast.AST]] = []

    def _report(self, node: ast.AST) -> None:
        self.found.append(("::".join(self.scope) or "<module>", node))

    def _visit_scope(self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.functions += 1
        self._visit_scope(node)
        self.functions -= 1

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.functions += 1
        self._visit_scope(node)
        self.functions -= 1

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if any(name in _CHOICES_BASES for name in _names(node.bases)):
            for statement in node.body:
                value = statement.value if isinstance(statement, ast.Assign) else None
                if isinstance(value, ast.Tuple) and value.elts and _is_text(value.elts[-1]):
                    self.scope.append(node.name)
                    self._report(value.elts[-1])
                    self.scope.pop()
        self.classes.append(node.name)
        self._visit_scope(node)
        self.classes.pop()

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._assigned(target, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._assigned(node.target, node.value)
        self.generic_visit(node)

    def _assigned(self, target: ast.AST, value: ast.AST) -> None:
        """Words kept outside a function: a constant, a class's name for people, a form's Meta."""
        if self.functions or not isinstance(target, ast.Name):
            return
        in_class = bool(self.classes)
        if (
            _CONSTANT.match(target.id)
            and _is_prose(value)
            or in_class
            and target.id in {"verbose_name", "verbose_name_plural"}
            and _is_text(value)
        ):
            self._report(value)
        elif target.id.endswith("LABELS") and isinstance(value, ast.Dict):
            # A table of labels for people ({Status.ACTIVE: "Reopen: …"}): each value.
            for label in value.values:
                if _is_text(label):
                    self._report(label)
        elif in_class and self.classes[-1] == "Meta" and target.id in _FORM_META:
            for literal in _messages_in(value):
                self._report(literal)

    def visit_Call(self, node: ast.Call) -> None:
        name = _called_name(node)
        if name in TRANSLATORS:
            return  # what it wraps is marked; nothing inside needs looking at
        literals = [*self._in_keywords(node), *self._in_message(node, name)]
        if _is_model_field(node) and node.args and _is_text(node.args[0]):
            literals.append(node.args[0])  # its verbose name
        if name in self.error_classes and node.args:
            literals += _messages_in(node.args[0])
        if _RESPONSES.match(name) and node.args and _is_text(node.args[0]):
            literals.append(node.args[0])
        literals += self._in_table(node, name)
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
    def _in_table(node: ast.Call, name: str) -> Iterator[ast.AST]:
        """A report table's title, row heading and note, or a column's name."""
        for position, keyword in _TABLE_WORDS.get(name, ()):
            given = [k.value for k in node.keywords if k.arg == keyword]
            if position is not None and len(node.args) > position:
                given.append(node.args[position])
            for value in given:
                if isinstance(value, ast.BinOp):  # "…" + ("…" if x else "…")
                    value = value.left
                if _is_text(value):
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
    inside = path.is_relative_to(ROOT)
    module = _module_name(path) if inside else path.stem
    finder = _Finder(_error_classes(tree) | _imported_error_classes(tree, module))
    finder.visit(tree)
    where = path.relative_to(ROOT) if inside else Path(path.name)
    return sorted({f"{where}::{scope}::{_text_of(node)}" for scope, node in finder.found})


def _all_error_classes() -> dict[str, set[str]]:
    """Each lac module's own error classes, by dotted module name."""
    return {
        _module_name(path): _error_classes(ast.parse(path.read_text(encoding="utf-8")))
        for path in python_files()
    }


_LAC_ERROR_CLASSES = _all_error_classes()
