"""Every problem the engine words comes from a template an application can word again (#24)."""

import ast
from pathlib import Path
from string import Formatter

import lac.value
from lac.value import messages

ENGINE = Path(lac.value.__file__).parent


def test_the_engine_words_no_problem_outside_its_templates():
    """A Problem or Place built from raw words would reach a Welsh page in English."""
    raw = []
    for source in sorted(ENGINE.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text())):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", "")
            if name in {"Problem", "Place", "single"}:
                raw.append(f"{source.name}:{node.lineno}")
    assert raw == []


def test_every_template_fills_from_named_fields_only():
    """Templates are filled by name (``str.format``), so a translation may reorder them."""
    for name in dir(messages):
        template = getattr(messages, name)
        if name.isupper() and isinstance(template, str):
            fields = [field for _, field, _, _ in Formatter().parse(template) if field is not None]
            assert all(field.isidentifier() for field in fields), name
