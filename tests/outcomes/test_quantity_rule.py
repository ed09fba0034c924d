"""How many of a rate card item were avoided: one rule (``avoided_quantity``), refused in
the same words by the page, the service and the import (its Quantity column, and a
quantity written with the item)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lac.audit.actor import Actor
from lac.outcomes import services
from lac.outcomes.models import AvoidedService
from tests.lib.rules.paths import import_refusal, intro_row, records_refusal, web_refusal
from tests.outcomes.factories import shared_cost
from tests.people.factories import PersonFactory

AVOIDED_HEADER = ["Ref", "Service avoided", "Quantity", "Date avoided", "Confidence"]
BAD = [
    (0, services.QUANTITY_NOT_POSITIVE),
    (-1, services.QUANTITY_NOT_POSITIVE),
    (1.234, services.QUANTITY_TOO_PRECISE),
    (1_000_000, services.QUANTITY_TOO_MANY),
    ("abc", services.QUANTITY_NOT_A_NUMBER),
]


@pytest.mark.parametrize(("typed", "message"), BAD)
def test_a_bad_quantity_is_refused_alike_by_page_service_and_import(
    world, client_for, capsys, tmp_path, typed, message
):
    person = PersonFactory(neighbourhood=world.north)
    cost = shared_cost("A&E attendance")
    page = web_refusal(
        client_for("alice"),
        f"/outcomes/people/{person.pk}/services-avoided/new/",
        {
            "unit_cost": cost.pk,
            "quantity": str(typed),
            "confidence": "judged",
            "date": "2025-06-01",
        },
    )
    assert message in page
    with pytest.raises(ValidationError) as caught:
        services.avoided_service_record(
            person=person,
            unit_cost=cost,
            when=date(2025, 6, 1),
            quantity=typed,  # type: ignore[arg-type]
            confidence="judged",
            actor=Actor(user=world.alice),
        )
    assert caught.value.message_dict == {"quantity": [message]}
    row = ["R1", "GP consultations", typed, "10/05/2024", "Evidenced"]
    assert records_refusal(capsys, tmp_path, AVOIDED_HEADER, row) == {"Quantity": message}
    assert not AvoidedService.objects.exists()


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("0", services.QUANTITY_NOT_POSITIVE),
        ("1.234", services.QUANTITY_TOO_PRECISE),
        ("1000000", services.QUANTITY_TOO_MANY),
    ],
)
def test_a_quantity_written_with_its_item_is_held_to_the_same_rule(
    world, capsys, tmp_path, written, message
):
    """ "GP consultations x 0" on a sheet of introductions: not a negative, which does not
    read as a quantity at all (the whole is an item to map)."""
    header, row = intro_row(**{"Services avoided": f"GP consultations x {written}"})
    assert import_refusal(capsys, tmp_path, header, row) == {"Services avoided": message}


@pytest.mark.parametrize(
    ("given", "stored"), [("1", "1.00"), (2.5, "2.50"), ("1.500", "1.50"), ("999999.99", None)]
)
def test_a_good_quantity_is_kept_as_the_column_holds_it(given, stored):
    assert services.avoided_quantity(given) == Decimal(stored or given)


def test_the_largest_quantity_a_page_takes_a_sheet_takes_too(world, capsys, tmp_path):
    row = ["R1", "GP consultations", 999_999.99, "10/05/2024", "Evidenced"]
    assert records_refusal(capsys, tmp_path, AVOIDED_HEADER, row) == {}
