import pytest
from django.core.exceptions import ValidationError

from lac.lib.rules.health import NHS_NUMBER_INVALID, nhs_number, nhs_number_shown


@pytest.mark.parametrize("typed", ["9434765919", "943 476 5919", "943-476-5919", " 94347 65919 "])
def test_an_nhs_number_is_kept_as_its_ten_digits_however_it_is_typed(typed):
    assert nhs_number(typed) == "9434765919"


@pytest.mark.parametrize("typed", ["9434765918", "943476591", "94347659190", "943A765919"])
def test_a_number_failing_the_modulus_11_check_or_the_shape_is_refused_naming_the_field(typed):
    with pytest.raises(ValidationError) as error:
        nhs_number(typed)
    assert error.value.message_dict == {"nhs_number": [NHS_NUMBER_INVALID]}


def test_blank_stays_blank_and_a_number_is_shown_in_3_3_4_groups():
    assert nhs_number("  ") == ""
    assert nhs_number_shown("9434765919") == "943 476 5919"
