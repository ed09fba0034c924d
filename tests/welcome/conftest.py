import pytest

from lac.audit.actor import Actor
from lac.welcome.models import Route
from lac.welcome.services import incoming_submit


@pytest.fixture
def routed(world):
    return route_by_postcode(world)


def route_by_postcode(world):
    """North covers the DE23 6 sector, South the DE23 district."""
    world.north.postcodes = "DE23 6\nDE1 1AA"
    world.north.save()
    world.south.postcodes = "DE23"
    world.south.save()
    return world


def from_ivy(world, **given):
    """An introduction ivy (an introducer at a GP practice) sends."""
    details = {
        "full_name": "Dot Wren",
        "phone": "07700 900123",
        "postcode": "DE23 6AB",
        "hopes": "To get out more",
        "agreed_to_contact": True,
    } | given
    return incoming_submit(
        Actor.working_as(world.ivy, job="test"),
        programme=world.programme,
        route=Route.PARTNER,
        **details,
    )
