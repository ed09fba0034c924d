"""Dates of birth are typed into the GOV.UK date input: day, month and year."""

from __future__ import annotations

from datetime import date

from lac.casework.services import default_lists_ensure
from lac.people.models import Person
from tests.people.factories import PersonFactory


def test_the_edit_page_shows_three_boxes_filled_in(client_for, client, world):
    person = PersonFactory(neighbourhood=world.north, date_of_birth=date(1948, 3, 27))
    client_for("alice")
    page = client.get(f"/people/{person.pk}/edit/").text
    assert 'class="govuk-date-input"' in page
    for box, value in (("day", "27"), ("month", "3"), ("year", "1948")):
        assert f'name="date_of_birth_{box}" type="text" inputmode="numeric" value="{value}"' in page
    assert 'autocomplete="bday-year"' in page


def test_a_date_that_does_not_exist_names_the_field_and_links_to_the_day(client_for, client, world):
    default_lists_ensure()
    client_for("alice")
    page = client.post(
        "/casework/introductions/new/",
        {
            "full_name": "Ffion Ŵyn",
            "neighbourhood": world.north.pk,
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "1948",
        },
    ).text
    assert "Enter a real date of birth" in page
    assert 'href="#id_date_of_birth_day"' in page
    assert 'id="id_date_of_birth_day"' in page, "the link goes to the day box"
    assert 'value="31"' in page  # what was typed is kept
    assert not Person.objects.exists()
