import math

import pytest

from lac.value import ImpactMapError, impact_map_from_dict

from .helpers import two_stakeholder_data, worked_data


def problems(data: object) -> list[str]:
    with pytest.raises(ImpactMapError) as caught:
        impact_map_from_dict(data)
    return [str(p) for p in caught.value.problems]


def test_defaults_follow_the_spec():
    data = worked_data()
    del data["outcomes"][0]["deadweight"]
    impact_map = impact_map_from_dict(data)
    outcome = impact_map.outcomes[0]
    assert impact_map.currency == "GBP"
    assert impact_map.discount_rate == 0.035
    assert impact_map.inputs[0].year == 1
    assert (outcome.start_year, outcome.deadweight, outcome.displacement) == (1, 0.0, 0.0)
    assert outcome.include is True


def test_an_attribution_above_one_is_named_with_its_path_and_value():
    data = two_stakeholder_data()
    data["outcomes"].append(dict(data["outcomes"][0], id="extra", attribution=1.4))
    assert "outcomes[3].attribution: must be between 0 and 1, got 1.4" in problems(data)


def test_every_problem_is_reported_not_just_the_first():
    data = worked_data(quantity=-1, drop_off=2, colour="red")
    found = problems(data)
    assert "outcomes[0].quantity: must be at least 0, got -1" in found
    assert "outcomes[0].drop_off: must be between 0 and 1, got 2" in found
    assert any(p.startswith("outcomes[0].colour: unknown key") for p in found)


def test_unknown_keys_are_errors_at_every_level():
    data = worked_data(proxy={"value": 1, "currency": "GBP"})
    data["author"] = "me"
    data["stakeholders"][0]["email"] = "x"
    found = problems(data)
    assert any(p.startswith("author: unknown key") for p in found)
    assert any(p.startswith("stakeholders[0].email: unknown key") for p in found)
    assert any(p.startswith("outcomes[0].proxy.currency: unknown key") for p in found)


def test_required_fields_are_reported_as_required():
    data = worked_data()
    del data["outcomes"][0]["proxy"]
    del data["name"]
    found = problems(data)
    assert "outcomes[0].proxy: is required" in found
    assert "name: is required" in found


def test_an_outcome_must_name_a_known_stakeholder():
    found = problems(worked_data(stakeholder="nobody"))
    assert (
        "outcomes[0].stakeholder: must name a stakeholder id, got 'nobody' (known: people)" in found
    )


def test_duplicate_outcome_and_stakeholder_ids_are_rejected():
    data = two_stakeholder_data()
    data["outcomes"][1]["id"] = "a1"
    data["stakeholders"].append({"id": "a"})
    found = problems(data)
    assert "outcomes[1].id: duplicate id 'a1' (also outcomes[0])" in found
    assert "stakeholders[2].id: duplicate id 'a' (also stakeholders[0])" in found


def test_duration_must_be_a_whole_number_of_at_least_one_year():
    assert "outcomes[0].duration: must be a whole number, got 2.5" in problems(
        worked_data(duration=2.5)
    )
    assert "outcomes[0].duration: must be at least 1, got 0" in problems(worked_data(duration=0))


def test_a_whole_number_written_as_a_float_is_accepted_for_duration():
    assert impact_map_from_dict(worked_data(duration=3.0)).outcomes[0].duration == 3


def test_booleans_and_text_are_not_numbers():
    found = problems(worked_data(quantity=True, deadweight="25%"))
    assert "outcomes[0].quantity: must be a number, got True" in found
    assert "outcomes[0].deadweight: must be a number, got '25%'" in found


def test_non_finite_numbers_are_rejected():
    assert "outcomes[0].quantity: must be a finite number, got nan" in problems(
        worked_data(quantity=math.nan)
    )


def test_inputs_must_be_listed_and_not_negative():
    data = worked_data()
    data["inputs"] = []
    assert "inputs: must list at least one input" in problems(data)
    data["inputs"] = [{"value": -5}]
    assert "inputs[0].value: must be at least 0, got -5" in problems(data)


def test_negative_proxies_are_allowed_for_negative_outcomes():
    assert impact_map_from_dict(worked_data(proxy={"value": -50})).outcomes[0].proxy.value == -50


def test_ranges_need_low_not_above_high_and_a_mode_between_them():
    found = problems(
        worked_data(
            ranges={
                "proxy": {"low": 900, "high": 800},
                "deadweight": {"low": 0.1, "high": 0.3, "mode": 0.5},
                "attribution": {"low": 0.1, "high": 1.5},
                "colour": {"low": 1, "high": 2},
            }
        )
    )
    assert (
        "outcomes[0].ranges.proxy: low must not exceed high, got low 900.0 and high 800.0" in found
    )
    assert (
        "outcomes[0].ranges.deadweight.mode: must be between low 0.1 and high 0.3, got 0.5" in found
    )
    assert "outcomes[0].ranges.attribution.high: must be between 0 and 1, got 1.5" in found
    assert any(p.startswith("outcomes[0].ranges.colour: unknown key") for p in found)


def test_a_range_needs_both_ends():
    found = problems(worked_data(ranges={"proxy": {"low": 1}}))
    assert "outcomes[0].ranges.proxy.high: is required" in found


def test_ranges_are_kept_on_the_outcome():
    outcome = impact_map_from_dict(
        worked_data(ranges={"quantity": {"low": 10, "high": 30, "mode": 20}})
    ).outcomes[0]
    assert outcome.ranges["quantity"].mode == 20


def test_a_file_that_is_not_a_mapping_is_rejected():
    assert problems([1, 2]) == ["must be a mapping of keys to values, got [1, 2]"]
