"""The inventory of where a person's data can live: complete, and checked on every start."""

from __future__ import annotations

from django.apps import apps
from django.core import checks

from lac.people import inventory
from lac.people.inventory import Handling, fields_handled
from lac.people.models import Person
from lac.people.subject_access import MAX_DEPTH, owned_relations


def reached_from_person() -> set[str]:
    """Every model the relation walk (subject access and erasure) reaches from a person."""
    seen: set[str] = set()
    frontier = [Person]
    for _depth in range(MAX_DEPTH):
        frontier = [r.model for m in frontier for r in owned_relations(m)]
        seen.update(m._meta.label_lower for m in frontier)
    return seen


def test_every_field_that_could_hold_personal_data_is_classified():
    assert inventory.unclassified() == []
    assert checks.run_checks(tags=[checks.Tags.models]) == []


def test_a_new_field_left_out_of_the_inventory_fails_the_system_check(monkeypatch):
    monkeypatch.delitem(inventory.INVENTORY, "casework.vision")
    assert inventory.unclassified() == ["casework.vision.text", "casework.vision.date"]
    errors = inventory.check_inventory()
    assert [e.id for e in errors] == ["lac.E001", "lac.E001"]
    assert "casework.vision.text could hold personal data" in errors[0].msg


def test_a_field_added_to_a_listed_model_is_caught_too(monkeypatch):
    person_fields = dict(inventory.INVENTORY["people.person"])
    del person_fields["postcode"]
    monkeypatch.setitem(inventory.INVENTORY, "people.person", person_fields)
    assert inventory.unclassified() == ["people.person.postcode"]


def test_the_records_erasure_walks_to_are_exactly_those_listed_as_walked():
    walked = {m._meta.label_lower for m in fields_handled(Handling.WALKED)}
    assert walked <= reached_from_person()
    holding_text = {
        label
        for label in reached_from_person()
        if any(map(inventory.could_hold_personal_data, apps.get_model(label)._meta.concrete_fields))
    }
    assert holding_text <= walked
