"""Every string Python shows a reader is marked for translation, or listed as not yet."""

from __future__ import annotations

from pathlib import Path

from tests.i18n.python_strings import python_files, unmarked_strings

LIST = Path(__file__).with_name("not_yet_in_welsh_python.txt")


def not_yet_translated() -> set[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def found() -> set[str]:
    return {key for path in python_files() for key in unmarked_strings(path)}


def test_python_shows_no_unmarked_text_except_what_is_listed_as_not_yet_in_welsh():
    new = sorted(found() - not_yet_translated())
    assert new == [], f"mark these with gettext_lazy (or gettext, ngettext): {new}"


def test_the_list_of_python_strings_not_yet_translated_only_names_ones_that_still_need_it():
    done = sorted(not_yet_translated() - found())
    assert done == [], f"translated now (or gone): take these off {LIST.name}: {done}"


SAMPLE = """
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext as _, gettext_lazy


class Kind(models.TextChoices):
    GROUP = "group", "Group"
    PLACE = "place", gettext_lazy("Place")


class ChangedError(Exception):
    pass


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note",
        help_text=gettext_lazy("A few words"),
        error_messages={"required": "Enter a note", "max_length": _("Too long")},
        widget=forms.TextInput(attrs={"placeholder": "e.g. a walk", "class": "govuk-input"}),
    )
    when = forms.ChoiceField(choices=[("1", "Today"), ("2", _("Tomorrow"))])
    name = models.CharField(verbose_name=f"name of {Kind.GROUP}")


def save(request, note):
    if not note:
        raise ValidationError({"note": "Say something", "when": _("Choose a day")})
    if note == "x":
        raise ChangedError("Someone else changed it")
    messages.success(request, "Saved")
    messages.info(request, _("Saved again"))
    return HttpResponse("Not here", status=404)
"""


def test_the_scanner_finds_unmarked_text_in_each_place_and_passes_marked_text(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(SAMPLE, encoding="utf-8")
    assert unmarked_strings(module) == [
        "views.py::Kind::Group",
        "views.py::NoteForm::Enter a note",
        "views.py::NoteForm::Note",
        "views.py::NoteForm::Today",
        "views.py::NoteForm::e.g. a walk",
        "views.py::NoteForm::f'name of {Kind.GROUP}'",
        "views.py::save::Not here",
        "views.py::save::Saved",
        "views.py::save::Say something",
        "views.py::save::Someone else changed it",
    ]
