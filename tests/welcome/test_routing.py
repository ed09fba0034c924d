"""Introductions go to the neighbourhood whose postcode list holds them most exactly."""

import pytest

from lac.accounts.models import Neighbourhood
from lac.welcome.routing import neighbourhood_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("postcode", "expected"),
    [
        ("DE23 6AB", "North"),  # the sector DE23 6 beats the district DE23
        ("de236ab", "North"),  # however it is typed
        ("DE23 8XY", "South"),  # only the district holds it
        ("DE1 1AA", "North"),  # a whole postcode listed
        ("DE1 1AB", None),  # nobody lists it
        ("", None),
        ("not a postcode", None),
    ],
)
def test_the_most_exact_line_wins(routed, postcode, expected):
    found = neighbourhood_for(Neighbourhood.objects.filter(programme=routed.programme), postcode)
    assert (found.name if found else None) == expected
