"""UK postcodes, phone numbers and email addresses, tidied then checked by one rule each:
refused in the same words on the person page, the new-introduction page, the API and the
import."""

from __future__ import annotations

import json
import random
import re

import phonenumbers
import pytest
from django.core.exceptions import ValidationError

from lac.casework.models import IntroductionSource
from lac.lib.rules import contact
from lac.people.models import Person
from tests.api.data import bearer, token
from tests.lib.rules.paths import api_refusal, import_refusal, intro_row, web_refusal
from tests.people.factories import PersonFactory

EMAIL_TOO_LONG = "Email must be 254 characters or fewer"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("de11aa", "DE1 1AA"),
        (" sw1a  2aa ", "SW1A 2AA"),
        ("s w 1 a 2 a a", "SW1A 2AA"),
        ("M11AE", "M1 1AE"),
        ("dm21wj", "DM2 1WJ"),
        ("", ""),
    ],
)
def test_a_postcode_is_stored_upper_case_with_one_space(typed, stored):
    assert contact.postcode(typed) == stored


@pytest.mark.parametrize(
    "typed", ["NOT A POSTCODE!!", "ABCDEFGHIJ", "DE1", "12345", "DE1 1AAA", "DE1 1AA DE1 1AA"]
)
def test_anything_not_shaped_like_a_postcode_is_refused_naming_the_field(typed):
    with pytest.raises(ValidationError) as refused:
        contact.postcode(typed)
    assert refused.value.message_dict == {"postcode": [contact.POSTCODE_INVALID]}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07700900982", "07700 900982"),
        ("+44 7700 900982", "07700 900982"),
        ("(01632) 960 001", "01632 960001"),
        ("+33 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("", ""),
    ],
)
def test_a_phone_number_is_stored_in_its_usual_written_form(typed, stored):
    assert contact.phone(typed) == stored


def _by_the_parser(text: str) -> str | None:
    """What the rule answered before it read UK numbers itself: libphonenumber throughout."""
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return str(phonenumbers.format_number(number, style))


def _numbers_written_the_usual_way() -> list[str]:
    """UK numbers of every leading three digits, ten and eleven digits long, with and
    without a space, and numbers of other lengths and 00 numbers, which the parser reads."""
    rng = random.Random(20)
    numbers = ["00 33 1 23 45 67 89", "0044 7700 900982", "010 907 1", "0 7700 900982"]
    for prefix in range(100, 1000):
        for length in (7, 9, 10, 11, 12):
            digits = f"0{prefix}" + "".join(rng.choice("0123456789") for _ in range(length - 4))
            numbers += [digits, f"{digits[:5]} {digits[5:]}"]
    return numbers


def test_a_uk_number_read_without_the_parser_is_stored_and_refused_as_the_parser_would():
    numbers = _numbers_written_the_usual_way()
    assert sum(contact._uk_digits(n) is not None for n in numbers) > 3000
    for number in numbers:
        contact._phone_written.cache_clear()
        contact._uk_layout.cache_clear()
        assert contact._phone_written(number) == _by_the_parser(number), number


def test_a_uk_number_is_laid_out_as_the_parser_lays_out_every_number_of_its_prefix():
    """Every four leading digits after the 0, ten and eleven digits long: a number laid
    out as the first number of its seven leading digits and length was is written as the
    parser writes it, spaces and all, and refused when the parser refuses it."""
    rng = random.Random(2020)
    contact._phone_written.cache_clear()
    contact._uk_layout.cache_clear()

    def digits(count: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(count))

    for prefix in range(1000, 10000):
        for length in (10, 11):
            leading = f"0{prefix}{digits(2)}"
            first = second = leading + digits(length - 7)
            while second == first:
                second = leading + digits(length - 7)
            contact._phone_written(first)  # lays out its leading digits and length
            assert contact._phone_written(second) == _by_the_parser(second), second
    assert contact._uk_layout.cache_info().hits >= 9000 * 2  # each second number reused it


def test_libphonenumber_lays_out_uk_numbers_by_their_leading_digits_and_length_alone():
    """What the rule's layout of UK numbers rests on (``contact.UK_LEADING``): each of
    libphonenumber's ways of writing a UK number of the lengths the rule reads itself
    (9 or 10 digits after the 0) is chosen by a pattern of at most six leading digits and
    applies to groups of any digits, so numbers of one length and the same first seven
    digits are written alike."""
    import re._parser as parser  # the width of what a pattern can match

    metadata = phonenumbers.PhoneMetadata.metadata_for_region("GB")
    lengths = {length - 1 for length in contact.UK_LENGTHS}
    ways = 0
    for way in metadata.number_format:
        groups = re.fullmatch(r"(\(\\d\{\d+(,\d+)?\}\))+", way.pattern)
        assert groups, way.pattern  # groups of any digits
        shortest, longest = parser.parse(way.pattern).getwidth()
        if not lengths & set(range(shortest, longest + 1)):
            continue  # never chosen for the numbers the rule lays out
        ways += 1
        if way.leading_digits_pattern:
            widest = parser.parse(way.leading_digits_pattern[-1]).getwidth()[1]
            assert widest <= contact.UK_LEADING - 1, way.leading_digits_pattern[-1]
    assert ways >= 4


@pytest.mark.parametrize("typed", ["call me maybe", "1", "111", "0770090098212345", "+44"])
def test_anything_that_cannot_be_a_phone_number_is_refused_naming_the_field(typed):
    with pytest.raises(ValidationError) as refused:
        contact.phone(typed)
    assert refused.value.message_dict == {"phone": [contact.PHONE_INVALID]}


@pytest.mark.parametrize("typed", ["not-an-email", "ann@example", "ann@example.c", "a b@x.org"])
def test_anything_djangos_email_field_would_refuse_is_refused_naming_the_field(typed):
    with pytest.raises(ValidationError) as refused:
        contact.email(typed)
    assert refused.value.message_dict == {"email": [contact.EMAIL_INVALID]}
    assert contact.email(" ann@example.org ") == "ann@example.org"


def _edit(person, **changes) -> dict:
    return {
        "full_name": person.full_name,
        "neighbourhood": person.neighbourhood_id,
        "version": person.version,
        **changes,
    }


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("postcode", "NOT A POSTCODE!!", contact.POSTCODE_INVALID),
        ("postcode", "ABCDEFGHIJ", contact.POSTCODE_INVALID),
        ("phone", "call me maybe", contact.PHONE_INVALID),
    ],
)
def test_the_person_page_refuses_them_with_a_message_not_a_server_error(
    client_for, world, field, typed, message
):
    person = PersonFactory(neighbourhood=world.north, postcode="DE1 1AA", phone="")
    url = f"/people/{person.pk}/edit/"
    assert message in web_refusal(client_for("alice"), url, _edit(person, **{field: typed}))
    person.refresh_from_db()
    assert (person.postcode, person.phone) == ("DE1 1AA", "")


def test_the_person_page_tidies_a_postcode_typed_with_spaces_between_every_letter(
    client_for, world
):
    person = PersonFactory(neighbourhood=world.north)
    response = client_for("alice").post(
        f"/people/{person.pk}/edit/", _edit(person, postcode="s w 1 a 2 a a", phone="07700900982")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.postcode, person.phone) == ("SW1A 2AA", "07700 900982")


@pytest.mark.parametrize(
    ("field", "typed", "message", "column"),
    [
        ("postcode", "NOT A POSTCODE!!", contact.POSTCODE_INVALID, "Postcode"),
        ("postcode", "ABCDEFGHIJ", contact.POSTCODE_INVALID, "Postcode"),
        ("phone", "call me maybe", contact.PHONE_INVALID, "Phone"),
    ],
)
def test_the_api_and_the_import_refuse_them_alike(
    client, world, capsys, tmp_path, field, typed, message, column
):
    body = {
        "date": "2025-01-06",
        "person": {"full_name": "Orla Contact", "neighbourhood_id": world.north.pk, field: typed},
    }
    assert api_refusal(client, world.alice, "/api/introductions", body) == {field: [message]}
    header, row = intro_row(**{column: typed})
    assert import_refusal(capsys, tmp_path, header, row) == {column: message}
    assert not Person.objects.filter(full_name="Orla Contact").exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ann@example.c", contact.EMAIL_INVALID),
        (f"{'a' * 250}@example.org", EMAIL_TOO_LONG),
    ],
)
def test_the_person_page_the_api_and_the_import_refuse_an_email_address_alike(
    client, client_for, world, capsys, tmp_path, typed, message
):
    """The import took "ann@example.c", which the person page refuses: now one rule. The
    API took no email for a new person: now it takes one, by the same rule."""
    person = PersonFactory(neighbourhood=world.north, email="")
    url = f"/people/{person.pk}/edit/"
    assert message in web_refusal(client_for("alice"), url, _edit(person, email=typed))
    person.refresh_from_db()
    assert person.email == ""
    body = {
        "date": "2025-01-06",
        "person": {"full_name": "Rowan Rules", "neighbourhood_id": world.north.pk, "email": typed},
    }
    assert api_refusal(client, world.alice, "/api/introductions", body) == {"email": [message]}
    header, row = intro_row(Email=typed)
    assert import_refusal(capsys, tmp_path, header, row) == {"Email": message}
    assert not Person.objects.filter(full_name="Rowan Rules").exists()


def test_the_api_stores_a_new_persons_email_as_the_person_page_does(client, world):
    body = {
        "date": "2025-01-06",
        "person": {
            "full_name": "Orla Contact",
            "neighbourhood_id": world.north.pk,
            "email": " orla@example.org ",
        },
    }
    response = client.post(
        "/api/introductions",
        json.dumps(body),
        content_type="application/json",
        **bearer(token(world.alice)),
    )
    assert response.status_code == 201, response.content
    assert Person.objects.get(full_name="Orla Contact").email == "orla@example.org"


@pytest.mark.parametrize("typed", ["NOT A POSTCODE!!", "ABCDEFGHIJ"])
def test_the_new_introduction_page_refuses_a_postcode_in_the_same_words(client_for, world, typed):
    source = IntroductionSource.objects.get(code="primary-health")
    form = {
        "full_name": "Orla Contact",
        "neighbourhood": world.north.pk,
        "date": "2025-01-06",
        "level": "1",
        "source": source.pk,
        "postcode": typed,
    }
    page = web_refusal(client_for("alice"), "/casework/introductions/new/", form)
    assert contact.POSTCODE_INVALID in page
    assert not Person.objects.filter(full_name="Orla Contact").exists()
