"""Error messages name their field, in the same words on every form."""

from __future__ import annotations

from django import forms
from django.utils import translation

from lac.people.forms import MemorableDateInput


class PersonDetails(forms.Form):
    first_name = forms.CharField(label="First name", max_length=200)
    date_of_introduction = forms.DateField(label="Date of introduction")
    date_of_birth = forms.DateField(
        label="Date of birth (optional)", required=False, widget=MemorableDateInput()
    )
    minutes = forms.IntegerField(label="Minutes", min_value=1, max_value=720, required=False)
    level = forms.ChoiceField(label="Level", choices=[("1", "Level 1"), ("2", "Level 2")])
    met = forms.ChoiceField(
        label="How did you meet?", choices=[("phone", "Phone")], widget=forms.RadioSelect
    )
    file = forms.FileField(label="HSDS file", required=False)
    drop_off = forms.FloatField(label="Drop-off (%)", max_value=100, required=False)
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=10,
        error_messages={"max_length": "Keep the note short"},
    )


def errors(**data: str) -> dict[str, list[str]]:
    form = PersonDetails(data)
    form.is_valid()
    return {name: list(form[name].errors) for name in form.fields if form[name].errors}


def test_an_empty_field_is_asked_for_by_name():
    shown = errors()
    assert shown["first_name"] == ["Enter the first name"]
    assert shown["date_of_introduction"] == ["Enter the date of introduction"]
    assert shown["level"] == ["Select the level"]
    assert shown["met"] == ["Select an answer to “How did you meet?”"]


def test_too_long_too_big_and_not_a_date_name_the_field_and_the_limit():
    shown = errors(
        first_name="x" * 201,
        date_of_introduction="2024-02-30",
        date_of_birth_day="30",
        date_of_birth_month="2",
        date_of_birth_year="1948",
        minutes="721",
        level="9",
        met="post",
        drop_off="101",
    )
    assert shown["first_name"] == ["First name must be 200 characters or fewer"]
    assert shown["date_of_introduction"] == ["Date of introduction must be a real date"]
    assert shown["date_of_birth"] == ["Date of birth must be a real date"]
    assert shown["minutes"] == ["Minutes must be 720 or less"]
    assert shown["level"] == ["Select one of the options for level"]
    assert shown["met"] == ["Select one of the options for “How did you meet?”"]
    assert shown["drop_off"] == ["Drop-off (%) must be 100 or less"]


def test_numbers_and_acronyms_read_as_written():
    shown = errors(minutes="ten", drop_off="lots")
    assert shown["minutes"] == ["Minutes must be a whole number"]
    assert shown["drop_off"] == ["Drop-off (%) must be a number"]
    assert errors(minutes="0")["minutes"] == ["Minutes must be 1 or more"]


def test_a_message_the_form_writes_itself_is_kept():
    assert errors(note="x" * 11)["note"] == ["Keep the note short"]


def test_form_errors_hold_the_same_words_as_the_page():
    form = PersonDetails({"first_name": ""})
    assert form.errors["first_name"] == ["Enter the first name"]


def test_a_welsh_reader_gets_each_message_in_welsh_naming_the_field_as_labelled():
    with translation.override("cy"):
        shown = errors(first_name="x" * 201, minutes="721", level="9")
        empty = errors()
    assert shown["first_name"] == ["First name: dim mwy na 200 o nodau"]
    assert shown["minutes"] == ["Minutes: rhaid iddo fod yn 720 neu lai"]
    assert shown["level"] == ["Dewiswch un o’r opsiynau ar gyfer level"]
    assert empty["first_name"] == ["Rhowch ateb ar gyfer first name"]
    assert empty["date_of_introduction"] == ["Rhowch ateb ar gyfer date of introduction"]
    assert empty["met"] == ["Dewiswch ateb i “How did you meet?”"]
