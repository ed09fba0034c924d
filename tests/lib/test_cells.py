"""Spreadsheet cells that cannot run (OWASP CSV injection)."""

from datetime import date
from decimal import Decimal

import pytest

from lac.lib.cells import safe_cell, safe_row, unquoted_cell


@pytest.mark.parametrize(
    "typed",
    ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("x")'],
)
def test_text_a_spreadsheet_would_run_gets_a_quote_in_front(typed):
    assert safe_cell(typed) == "'" + typed
    assert unquoted_cell(safe_cell(typed)) == typed


@pytest.mark.parametrize("value", ["Ann Example", "<5", "[c]", "", None, 3, -2, 1.5, Decimal("-4")])
def test_words_numbers_and_blanks_are_left_alone(value):
    assert safe_cell(value) == value
    assert unquoted_cell(value) == value


def test_a_row_is_made_safe_cell_by_cell():
    assert safe_row(["=1+1", 2, date(2025, 1, 1)]) == ["'=1+1", 2, date(2025, 1, 1)]


def test_a_quote_someone_typed_themselves_is_kept():
    assert unquoted_cell("'tis the season") == "'tis the season"


def test_a_label_marked_for_translation_is_written_as_text_in_the_readers_language():
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    label = gettext_lazy("Active")
    assert safe_cell(label) == "Active" and type(safe_cell(label)) is str
    with translation.override("cy"):
        assert safe_cell(label) == "Gweithredol"
    assert safe_cell(gettext_lazy("=Active")) == "'=Active"
