"""Every string Python shows a reader is marked for translation, or listed: as English by
design (with the reason), or as not yet in Welsh."""

from __future__ import annotations

from pathlib import Path

from tests.i18n.python_strings import python_files, unmarked_strings

NOT_YET = Path(__file__).with_name("not_yet_in_welsh_python.txt")
ENGLISH = Path(__file__).with_name("english_by_design.txt")
BECAUSE = " -- "


def _lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def not_yet_translated() -> set[str]:
    return set(_lines(NOT_YET))


def english_by_design() -> dict[str, str]:
    """Each string kept in English on purpose, with why: ``key -- reason``."""
    return dict(line.rpartition(BECAUSE)[::2] for line in _lines(ENGLISH))


def found() -> set[str]:
    return {key for path in python_files() for key in unmarked_strings(path)}


def test_python_shows_no_unmarked_text_except_what_is_listed():
    listed = not_yet_translated() | set(english_by_design())
    new = sorted(found() - listed)
    assert new == [], (
        "mark these with gettext_lazy (or gettext, ngettext), or, if a reader should see "
        f"them in English whatever their language, list them in {ENGLISH.name} with why: {new}"
    )


def test_the_lists_only_name_strings_that_are_still_unmarked():
    gone = sorted((not_yet_translated() | set(english_by_design())) - found())
    assert gone == [], f"translated now (or gone): take these off their list: {gone}"


def test_each_string_english_by_design_says_why_and_is_not_also_not_yet_translated():
    lines = _lines(ENGLISH)
    without_reason = [
        line for line in lines if BECAUSE not in line or not line.rpartition(BECAUSE)[2].strip()
    ]
    assert without_reason == []
    assert len(english_by_design()) == len(lines), "a string is listed twice"
    assert set(english_by_design()) & not_yet_translated() == set()


SAMPLE = """
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext as _, gettext_lazy

from lac.imports.values import Problem as CellProblem
from lac.value.errors import Problem


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
    LABELS = {"paused": "Pause for now", "closed": gettext_lazy("Close")}
    name = models.CharField(verbose_name=f"name of {Kind.GROUP}")
    reference = models.CharField("Reference number", max_length=100)
    place = models.OneToOneField("community.Place", on_delete=models.CASCADE)


def save(request, note):
    if not note:
        raise ValidationError({"note": "Say something", "when": _("Choose a day")})
    if note == "x":
        raise ChangedError("Someone else changed it")
    messages.success(request, "Saved")
    messages.info(request, _("Saved again"))
    return HttpResponse("Not here", status=404)


TOO_LATE = "The review date must be today or later"
ON_TIME = gettext_lazy("The review date is today")
KEY = "flags_in_force"
METHODS = "GET, HEAD, OPTIONS"


class HouseholdForm(forms.ModelForm):
    class Meta:
        labels = {"name": "Household name", "notes": gettext_lazy("Notes")}
        error_messages = {"name": {"required": "Enter a name"}}
        verbose_name = "household"


def refuse(path):
    if not path:
        raise PermissionDenied("Only managers can import")
    if path == "x":
        raise CellProblem("not a real date")  # lac.imports' error: its words are shown
    raise Problem(("items",), "must list at least one unit cost")  # lac.value's record


def reach(words, rows):
    return Table(
        "reach_sex",
        f"Who the programme reaches: {words}",
        _("Sex"),
        [Column("People supported"), Column(_("Introductions")), Column(name="Residents (%)")],
        rows,
        note="Introductions made in the period. " + ("More" if rows else "Less"),
    )
"""


def test_the_scanner_finds_unmarked_text_in_each_place_and_passes_marked_text(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(SAMPLE, encoding="utf-8")
    assert unmarked_strings(module) == [
        "views.py::<module>::The review date must be today or later",
        "views.py::HouseholdForm::Meta::Enter a name",
        "views.py::HouseholdForm::Meta::Household name",
        "views.py::HouseholdForm::Meta::household",
        "views.py::Kind::Group",
        "views.py::NoteForm::Enter a note",
        "views.py::NoteForm::Note",
        "views.py::NoteForm::Pause for now",
        "views.py::NoteForm::Reference number",
        "views.py::NoteForm::Today",
        "views.py::NoteForm::e.g. a walk",
        "views.py::NoteForm::f'name of {Kind.GROUP}'",
        "views.py::reach::Introductions made in the period.",
        "views.py::reach::People supported",
        "views.py::reach::Residents (%)",
        "views.py::reach::f'Who the programme reaches: {words}'",
        "views.py::refuse::Only managers can import",
        "views.py::refuse::not a real date",
        "views.py::save::Not here",
        "views.py::save::Saved",
        "views.py::save::Say something",
        "views.py::save::Someone else changed it",
    ]
