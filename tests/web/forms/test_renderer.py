"""``{{ form }}`` renders every kind of field as its GOV.UK component."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import translation

from lac.accounts.models import Neighbourhood
from lac.people.forms import MemorableDateInput
from tests.web.forms.html import Page


class EverythingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Full name", help_text="As they say it", max_length=200)
    note = forms.CharField(label="Note", widget=forms.Textarea, max_length=500, required=False)
    story = forms.CharField(label="Story", widget=forms.Textarea, required=False)
    area = forms.ChoiceField(label="Neighbourhood", choices=[("", "Select"), ("n", "North")])
    mode = forms.ChoiceField(
        label="How did you meet?",
        choices=[("phone", "Phone"), ("visit", "Visit")],
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label="Topics", choices=[("a", "Art"), ("b", "Bowls")], widget=forms.CheckboxSelectMultiple
    )
    born = forms.DateField(label="Date of birth", widget=MemorableDateInput())
    agreed = forms.BooleanField(label="They agreed")
    file = forms.FileField(label="Spreadsheet")


def rendered(form: forms.Form, template: str = "{{ form }}") -> Page:
    return Page(Template("{% load govuk %}" + template).render(Context({"form": form})))


def test_each_field_is_its_govuk_component_with_its_label():
    page = rendered(EverythingForm())
    name = page.find("input", id="id_name")
    assert name.classes == {"govuk-input"}
    assert name["aria-describedby"] == "id_name-hint"
    assert page.find("label", **{"for": "id_name"}).text == "Full name"
    assert page.find(id="id_name-hint").text == "As they say it"
    assert page.find("select", id="id_area").classes == {"govuk-select"}
    assert page.find("textarea", id="id_story").classes == {"govuk-textarea"}
    assert page.find("input", id="id_file").classes == {"govuk-file-upload"}
    mode = page.find("input", id="id_mode_0")
    assert mode.within("govuk-radios")
    legends = [node.text for node in page.all("legend")]
    assert legends == ["How did you meet?", "Topics", "Date of birth"]
    assert page.find("input", id="id_topics_1").within("govuk-checkboxes")
    born = page.all("input", css_class="govuk-date-input__input")
    assert [node["id"] for node in born] == ["id_born_day", "id_born_month", "id_born_year"]
    assert page.find("input", id="id_agreed").within("govuk-checkboxes__item")
    hidden = page.find("input", name="version")
    assert hidden["type"] == "hidden" and not hidden["class"]


def test_a_long_answer_with_a_limit_counts_its_characters():
    page = rendered(EverythingForm())
    note = page.find("textarea", id="id_note")
    group = dict(note.within("govuk-character-count").attributes)
    assert group["data-maxlength"] == "500"
    assert page.find(id="id_note-info").text == "You can enter up to 500 characters"
    assert "govuk-js-character-count" in note.classes
    assert note["aria-describedby"] == "id_note-info"
    assert not note["maxlength"], "the count lets people type past the limit to edit"
    assert not page.find("textarea", id="id_story").within("govuk-character-count")


def test_errors_sit_by_their_field_and_the_summary_links_to_each():
    form = EverythingForm(
        {"name": "", "note": "x" * 501, "born_day": "31", "born_month": "2", "born_year": "1948"},
        {"file": SimpleUploadedFile("a.csv", b"a")},
    )
    page = rendered(form, "{% govuk_error_summary form %}{{ form }}")
    summary = {a["href"]: a.text for a in page.all("a") if a.within("govuk-error-summary")}
    assert summary == {
        "#id_name": "Enter the full name",
        "#id_note": "Note must be 500 characters or fewer",
        "#id_area": "Select the neighbourhood",
        "#id_mode_0": "Select an answer to “How did you meet?”",
        "#id_topics_0": "Select the topics",
        "#id_born_day": "Date of birth must be a real date",
        "#id_agreed": "Select they agreed to continue",
    }
    name = page.find("input", id="id_name")
    assert name.classes == {"govuk-input", "govuk-input--error"}
    assert name["aria-describedby"] == "id_name-hint id_name-error"
    assert name.within("govuk-form-group--error")
    assert page.find(id="id_name-error").text == "Error: Enter the full name"
    assert page.find("fieldset", role="group")["aria-describedby"] == "id_born-error"
    assert "govuk-input--error" in page.find("input", id="id_born_day").classes


def test_a_page_may_give_a_field_a_width_and_a_bigger_label():
    page = rendered(EverythingForm(), '{% govuk_field form.name width="10" label_size="m" %}')
    assert page.find("input", id="id_name").classes == {"govuk-input", "govuk-input--width-10"}
    assert page.find("label").classes == {"govuk-label", "govuk-label--m"}


class BlankChoiceForm(forms.Form):
    level = forms.TypedChoiceField(label="Level", choices=[("", "---------"), ("1", "Level 1")])
    neighbourhood = forms.ModelChoiceField(label="Neighbourhood", queryset=Neighbourhood.objects)
    chosen = forms.ModelChoiceField(
        label="Chosen", queryset=Neighbourhood.objects, empty_label="Select a neighbourhood"
    )


def test_a_selects_empty_choice_says_choose_in_the_readers_language(world):
    with translation.override("cy"):
        blanks = [option.text for option in rendered(BlankChoiceForm()).all("option", value="")]
    assert blanks == ["Dewiswch", "Dewiswch", "Select a neighbourhood"]
    with translation.override("en-gb"):
        english = rendered(BlankChoiceForm())
    assert [option.text for option in english.all("option", value="")][0] == "Choose"
    assert "---------" not in english.html


class NumbersForm(forms.Form):
    people = forms.IntegerField(label="How many people", min_value=1, max_value=36)
    hours = forms.FloatField(label="How many hours", min_value=0)


def test_a_number_is_a_text_box_with_the_number_keyboard():
    """GOV.UK's advice: ``type="number"`` drops what the browser cannot read, so "ten"
    would arrive as nothing and the page could only say the answer was missing."""
    page = rendered(NumbersForm())
    people, hours = page.find("input", id="id_people"), page.find("input", id="id_hours")
    assert (people["type"], people["inputmode"]) == ("text", "numeric")
    assert (hours["type"], hours["inputmode"]) == ("text", "decimal")
    assert people["spellcheck"] == "false"
    assert not people["min"] and not people["max"] and not hours["step"]


def test_words_typed_for_a_number_are_named_as_not_a_number():
    form = NumbersForm({"people": "ten", "hours": "1,5"})
    page = rendered(form, "{% govuk_error_summary form %}{{ form }}")
    summary = [a.text for a in page.all("a") if a.within("govuk-error-summary")]
    assert len(summary) == 2
    assert not any("Enter" in text and "missing" in text for text in summary)
    assert page.find("input", id="id_people")["value"] == "ten"
