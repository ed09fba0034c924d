import pytest

from lac.value import break_even, calculate, impact_map_from_dict, one_at_a_time

from .helpers import two_stakeholder_data, worked_data, worked_map


def break_even_values(impact_map):
    return {(b.outcome, b.field): b.value for b in break_even(impact_map)}


def test_worked_check_break_even_values_match_the_guide():
    values = break_even_values(worked_map())
    assert round(values[("wellbeing", "deadweight")] * 100, 2) == 50.73
    assert round(values[("wellbeing", "attribution")] * 100, 2) == 47.44
    assert round(values[("wellbeing", "proxy")], 2) == 656.97


@pytest.mark.parametrize(
    "field", ["quantity", "proxy", "deadweight", "displacement", "attribution", "drop_off"]
)
def test_each_break_even_value_gives_a_ratio_of_exactly_one(field):
    value = break_even_values(worked_map())[("wellbeing", field)]
    changed = worked_data()
    if field == "proxy":
        changed["outcomes"][0]["proxy"] = {"value": value}
    else:
        changed["outcomes"][0][field] = value
    assert calculate(impact_map_from_dict(changed)).sroi_ratio == pytest.approx(1.0, abs=1e-9)


def test_break_even_is_null_when_no_value_in_the_domain_reaches_one():
    # Even with no drop-off at all, 20 × 100 a year cannot repay £20,000.
    values = break_even_values(worked_map(proxy={"value": 100}))
    assert values[("wellbeing", "drop_off")] is None
    assert values[("wellbeing", "deadweight")] is None
    assert values[("wellbeing", "quantity")] == pytest.approx(20 * 656.9654427645787 / 100)


def test_break_even_is_null_for_a_field_that_cannot_move_the_ratio():
    values = break_even_values(worked_map(quantity=0))
    assert values[("wellbeing", "proxy")] is None
    assert values[("wellbeing", "quantity")] == pytest.approx(13.1393088553)


def test_drop_off_break_even_is_null_for_a_one_year_outcome():
    assert break_even_values(worked_map(duration=1))[("wellbeing", "drop_off")] is None


def test_break_even_lists_every_included_outcome_and_continuous_field_only():
    found = break_even(impact_map_from_dict(two_stakeholder_data()))
    assert {b.outcome for b in found} == {"a1", "b1"}
    assert {b.field for b in found} == {
        "quantity",
        "proxy",
        "deadweight",
        "displacement",
        "attribution",
        "drop_off",
    }


def test_one_at_a_time_uses_default_spreads_where_no_range_is_given():
    swings = {s.field: s for s in one_at_a_time(worked_map())}
    assert (swings["proxy"].low, swings["proxy"].high) == (500, 1500)
    assert (swings["quantity"].low, swings["quantity"].high) == (10, 30)
    assert swings["deadweight"].low == pytest.approx(0.05)
    assert swings["deadweight"].high == pytest.approx(0.45)
    assert (swings["attribution"].low, swings["displacement"].low) == (0.0, 0.0)
    assert swings["displacement"].high == pytest.approx(0.2)


def test_one_at_a_time_uses_a_given_range_and_adds_ranged_whole_number_fields():
    swings = {
        s.field: s
        for s in one_at_a_time(
            worked_map(
                ranges={"proxy": {"low": 900, "high": 1100}, "duration": {"low": 2, "high": 4}}
            )
        )
    }
    assert (swings["proxy"].low, swings["proxy"].high) == (900, 1100)
    assert swings["proxy"].ratio_low == pytest.approx(1.5221500780800528 * 0.9)
    assert swings["duration"].ratio_high > swings["duration"].ratio_low


def test_one_at_a_time_is_sorted_by_swing_descending():
    swings = one_at_a_time(impact_map_from_dict(two_stakeholder_data()))
    sizes = [s.swing for s in swings]
    assert sizes == sorted(sizes, reverse=True)
    assert len(swings) == 12  # two included outcomes × six default fields


def test_excluded_outcomes_are_not_part_of_the_sensitivity_analysis():
    swings = one_at_a_time(impact_map_from_dict(two_stakeholder_data()))
    assert "b2" not in {s.outcome for s in swings}
