"""Every template a reader sees goes through the translation machinery, or is listed as not yet."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.i18n.untranslated import ROOT, TEMPLATES, untranslated_text

LIST = Path(__file__).with_name("not_yet_in_welsh.txt")


def not_yet_translated() -> set[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def name(template: Path) -> str:
    return str(template.relative_to(ROOT))


@pytest.mark.parametrize(
    "template", [t for t in TEMPLATES if name(t) not in not_yet_translated()], ids=name
)
def test_a_translated_template_has_no_unmarked_text(template):
    assert untranslated_text(template) == [], (
        f"{name(template)}: mark this text with {{% translate %}}"
    )


def test_the_list_of_templates_not_yet_translated_only_names_ones_that_still_need_it():
    present = {name(t) for t in TEMPLATES}
    listed = not_yet_translated()
    assert listed <= present, f"no such template: {sorted(listed - present)}"
    done = sorted(t for t in listed if not untranslated_text(ROOT / t))
    assert done == [], f"translated now: take these off {LIST.name}: {done}"


def test_the_scanner_finds_unmarked_words_and_spoken_attributes(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<h1>{% translate "Caseload" %}</h1><p>Walking alongside</p>'
        '<nav aria-label="Pages"></nav>{% blocktranslate %}Back by {{ t }}{% endblocktranslate %}'
        "<script>let english = 1;</script>{# a note #}{% comment %}notes{% endcomment %}"
        "{% block form_attributes %} data-lac-draft{% endblock %}",
        encoding="utf-8",
    )
    assert untranslated_text(page) == ["Pages", "Walking alongside"]
