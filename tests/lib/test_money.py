from decimal import Decimal

import pytest

from lac.lib.money import pounds


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (Decimal("1234.5"), 0, "£1,234"),
        (Decimal("1235.5"), 0, "£1,236"),
        (1234.567, 2, "£1,234.57"),
        (12, 0, "£12"),
        ("2500", 0, "£2,500"),
        (Decimal("-1234"), 0, "−£1,234"),
        (-0.001, 2, "£0.00"),
        (None, 0, "–"),
        ("", 0, "–"),
    ],
)
def test_money_is_shown_one_way(value, places, shown):
    assert pounds(value, places) == shown
