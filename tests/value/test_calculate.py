import pytest

from lac.value import ImpactMapError, calculate, impact_map_from_dict

from .helpers import two_stakeholder_data, worked_map


def test_worked_check_gives_the_guides_present_value_by_year():
    result = calculate(worked_map())
    assert [round(v, 2) for v in result.present_value_by_year] == [11594.20, 10081.92, 8766.88]


def test_worked_check_gives_total_present_value_ratio_and_payback():
    result = calculate(worked_map())
    assert round(result.total_present_value, 2) == 30443.00
    assert round(result.sroi_ratio, 4) == 1.5222
    assert round(result.net_sroi_ratio, 4) == 0.5222
    assert round(result.net_present_value, 2) == 10443.00
    assert result.payback_months == pytest.approx(20.0)


def test_impact_applies_deadweight_displacement_and_attribution():
    result = calculate(worked_map(displacement=0.5))
    assert result.outcomes[0].impact == pytest.approx(20 * 1000 * 0.75 * 0.5 * 0.8)


def test_an_outcome_starting_in_year_three_is_discounted_from_year_three():
    result = calculate(impact_map_from_dict(two_stakeholder_data()))
    b1 = 4 * 2000 * 0.9
    assert result.present_value_by_year[2] == pytest.approx(b1 / 1.035**3)
    assert result.outcomes[1].present_value == pytest.approx(b1 / 1.035**3)


def test_drop_off_applies_from_the_second_year_only():
    result = calculate(impact_map_from_dict(two_stakeholder_data()))
    assert result.present_value_by_year[0] == pytest.approx(5000 / 1.035)
    assert result.present_value_by_year[1] == pytest.approx(2500 / 1.035**2)


def test_inputs_in_later_years_are_discounted_one_year_less_than_outcomes():
    result = calculate(impact_map_from_dict(two_stakeholder_data()))
    assert result.total_inputs == pytest.approx(10000 + 5000 / 1.035)


def test_excluded_outcome_is_reported_with_its_values_but_not_counted():
    result = calculate(impact_map_from_dict(two_stakeholder_data()))
    excluded = result.outcomes[2]
    assert excluded.included is False
    assert excluded.impact == pytest.approx(10000)
    assert excluded.present_value == pytest.approx(10000 / 1.035)
    counted = sum(o.present_value for o in result.outcomes if o.included)
    assert result.total_present_value == pytest.approx(counted)


def test_present_value_by_year_sums_to_the_total_and_spans_the_horizon():
    result = calculate(impact_map_from_dict(two_stakeholder_data()))
    assert result.horizon == 3
    assert sum(result.present_value_by_year) == pytest.approx(result.total_present_value)


def test_excluded_outcomes_do_not_extend_the_horizon():
    data = two_stakeholder_data()
    data["outcomes"][2].update(duration=9)
    assert calculate(impact_map_from_dict(data)).horizon == 3


def test_value_by_stakeholder_shares_sum_to_one():
    result = calculate(impact_map_from_dict(two_stakeholder_data()))
    shares = [s.share for s in result.value_by_stakeholder]
    assert sum(s for s in shares if s is not None) == pytest.approx(1.0)
    assert result.value_by_stakeholder[1].present_value == pytest.approx(4 * 2000 * 0.9 / 1.035**3)


def test_payback_uses_only_year_one_outcomes_and_is_null_without_them():
    data = two_stakeholder_data()
    result = calculate(impact_map_from_dict(data))
    assert result.payback_months == pytest.approx(result.total_inputs / 5000 * 12)
    data["outcomes"][0]["start_year"] = 2
    assert calculate(impact_map_from_dict(data)).payback_months is None


def test_inputs_of_zero_are_an_error_not_a_division_by_zero():
    data = two_stakeholder_data()
    data["inputs"] = [{"value": 0}]
    with pytest.raises(ImpactMapError, match="inputs total 0"):
        calculate(impact_map_from_dict(data))


def test_a_map_with_no_included_outcomes_has_zero_value_and_no_shares():
    data = two_stakeholder_data()
    for outcome in data["outcomes"]:
        outcome["include"] = False
    result = calculate(impact_map_from_dict(data))
    assert result.total_present_value == 0
    assert result.horizon == 0
    assert all(s.share is None for s in result.value_by_stakeholder)
