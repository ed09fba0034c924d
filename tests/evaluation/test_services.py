import pytest
from django.core.exceptions import ValidationError

from lac.audit.actor import Actor
from lac.evaluation.models import ImpactMapVersion, Mode, Run
from lac.evaluation.services import (
    document_from_file,
    document_to_file,
    impact_map_save_version,
    run_create,
    run_reproduce,
)
from lac.value import calculate, impact_map_from_dict
from tests.evaluation.factories import DERBY, derby_document, small_document, stored_map


def test_a_stored_forecast_gives_the_value_engines_own_ratio(world):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST, document=derby_document())
    run = run_create(
        version=impact_map.versions.get(), start=None, end=None, draws=500, seed=7, actor=Actor()
    )
    expected = calculate(impact_map_from_dict(derby_document())).sroi_ratio
    assert run.result["sroi_ratio"] == pytest.approx(expected, rel=1e-12)
    assert run.simulation["seed"] == 7
    assert run.sensitivity["one_at_a_time"]
    assert run.lac_version


def test_rerunning_a_frozen_run_gives_exactly_the_same_numbers(world):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST, document=derby_document())
    run = run_create(
        version=impact_map.versions.get(), start=None, end=None, draws=2000, seed=3, actor=Actor()
    )
    stored = Run.objects.get(pk=run.pk)
    again = run_reproduce(stored)
    assert again["result"] == stored.result
    assert again["sensitivity"] == stored.sensitivity
    assert again["simulation"] == stored.simulation


def test_each_save_makes_a_new_version_and_keeps_the_old_one(world):
    impact_map = stored_map(world.programme)
    changed = small_document()
    changed["outcomes"][0]["quantity"] = 20
    version = impact_map_save_version(
        impact_map=impact_map, document=changed, note="More people", actor=Actor()
    )
    assert version.number == 2
    first = ImpactMapVersion.objects.get(impact_map=impact_map, number=1)
    assert first.document["outcomes"][0]["quantity"] == 10
    assert version.document["outcomes"][0]["quantity"] == 20


def test_a_broken_document_is_refused_with_the_field_named_and_nothing_saved(world):
    impact_map = stored_map(world.programme)
    broken = small_document()
    broken["outcomes"][0]["attribution"] = 1.4
    with pytest.raises(ValidationError) as caught:
        impact_map_save_version(impact_map=impact_map, document=broken, actor=Actor())
    assert "outcomes[0].attribution: must be between 0 and 1" in str(caught.value)
    assert impact_map.versions.count() == 1


def test_a_binding_to_an_unknown_kind_or_outcome_is_refused(world):
    impact_map = stored_map(world.programme)
    with pytest.raises(ValidationError, match="joined: quantity from the records: unknown kind"):
        impact_map_save_version(
            impact_map=impact_map,
            document=small_document(),
            bindings={"joined": {"kind": "magic"}},
            actor=Actor(),
        )
    with pytest.raises(ValidationError, match="does not have"):
        impact_map_save_version(
            impact_map=impact_map,
            document=small_document(),
            bindings={"nowhere": {"kind": "new_groups"}},
            actor=Actor(),
        )
    with pytest.raises(ValidationError, match="joined: outcome event type: choose one of"):
        impact_map_save_version(
            impact_map=impact_map,
            document=small_document(),
            bindings={"joined": {"kind": "event_people", "parameter": ""}},
            actor=Actor(),
        )


def test_a_forecast_map_cannot_take_bindings(world):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST)
    with pytest.raises(ValidationError, match="Only an evaluative map"):
        impact_map_save_version(
            impact_map=impact_map,
            document=small_document(),
            bindings={"joined": {"kind": "new_groups"}},
            actor=Actor(),
        )


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_a_map_exported_in_each_format_reads_back_the_same(fmt):
    document = derby_document()
    data = document_to_file(document, fmt)
    assert document_from_file(f"map.{fmt}", data) == document


def test_an_uploaded_file_with_problems_lists_them(db):
    with pytest.raises(ValidationError) as caught:
        document_from_file("map.yaml", b"name: x\nstakeholders: []\ninputs: []\n")
    assert "outcomes" in str(caught.value)
    with pytest.raises(ValidationError, match="YAML, JSON or XLSX"):
        document_from_file("map.txt", b"hello")


def test_an_evaluative_run_needs_a_period(world):
    impact_map = stored_map(world.programme, bindings={"joined": {"kind": "new_groups"}})
    with pytest.raises(ValidationError, match="period"):
        run_create(
            version=impact_map.versions.first(), start=None, end=None, draws=10, actor=Actor()
        )


def test_the_shipped_example_loads(db):
    assert DERBY.exists()


def test_a_parameter_the_programme_does_not_have_is_refused_naming_outcome_and_field(world):
    impact_map = stored_map(world.programme)
    cases = {
        "event_people": "outcome event type",
        "level2_improved": "life area",
        "avoided_items": "rate card item",
        "people_at_level": "level",
    }
    for kind, field in cases.items():
        binding = {"kind": kind, "parameter": "Less isolated", "reason": "A reason"}
        with pytest.raises(ValidationError) as caught:
            impact_map_save_version(
                impact_map=impact_map,
                document=small_document(),
                bindings={"joined": binding},
                actor=Actor(),
            )
        assert f"joined: {field}: “Less isolated” is not one of the programme’s" in str(
            caught.value
        )
    assert impact_map.versions.count() == 1


def test_the_programmes_own_parameters_are_accepted(world):
    impact_map = stored_map(world.programme)
    bindings = {
        "joined": {"kind": "level2_improved", "parameter": "people-support"},
        "volunteers": {"kind": "avoided_items", "parameter": "A&E attendance"},
    }
    version = impact_map_save_version(
        impact_map=impact_map, document=small_document(), bindings=bindings, actor=Actor()
    )
    assert version.bindings["volunteers"]["confidence"] == ["evidenced"]


def test_valuing_an_output_needs_a_written_reason(world):
    impact_map = stored_map(world.programme)
    binding = {"kind": "people_at_level", "parameter": "1"}
    with pytest.raises(ValidationError, match="joined: reason for valuing an output"):
        impact_map_save_version(
            impact_map=impact_map,
            document=small_document(),
            bindings={"joined": binding},
            actor=Actor(),
        )
    binding["reason"] = "Level 1 support is itself the outcome the forecast values"
    version = impact_map_save_version(
        impact_map=impact_map,
        document=small_document(),
        bindings={"joined": binding},
        actor=Actor(),
    )
    assert version.bindings["joined"]["reason"].startswith("Level 1 support")


def test_counting_reported_services_needs_a_lead_and_a_reason(world):
    impact_map = stored_map(world.programme)
    binding = {
        "kind": "avoided_items",
        "parameter": "A&E attendance",
        "confidence": ["evidenced", "reported"],
    }
    with pytest.raises(ValidationError, match="joined: reason for counting reported services"):
        impact_map_save_version(
            impact_map=impact_map,
            document=small_document(),
            bindings={"joined": binding},
            actor=Actor(),
        )
    binding["confidence_reason"] = "A&E letters are not shared with coordinators"
    with pytest.raises(ValidationError, match="only a programme lead may count"):
        impact_map_save_version(
            impact_map=impact_map,
            document=small_document(),
            bindings={"joined": binding},
            actor=Actor(user=world.user("eve")),
        )
    version = impact_map_save_version(
        impact_map=impact_map,
        document=small_document(),
        bindings={"joined": binding},
        actor=Actor(user=world.user("lena")),
    )
    assert version.bindings["joined"]["confidence"] == ["evidenced", "reported"]
    binding["confidence"] = ["evidenced", "judged"]
    with pytest.raises(ValidationError, match="joined: confidence counted"):
        impact_map_save_version(
            impact_map=impact_map,
            document=small_document(),
            bindings={"joined": binding},
            actor=Actor(),
        )
