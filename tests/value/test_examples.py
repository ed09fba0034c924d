"""Every shipped example impact map loads and gives a plausible result."""

from pathlib import Path

import pytest

from lac.value import break_even, calculate, load_impact_map, one_at_a_time, simulate

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "value").glob("*.yaml"))


def test_there_are_at_least_two_examples():
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_each_example_loads_and_has_a_plausible_ratio(path):
    impact_map = load_impact_map(path)
    result = calculate(impact_map)
    assert 3.0 <= result.sroi_ratio <= 5.0  # Thurrock-like 3.14, Derby-like 3.98
    assert one_at_a_time(impact_map) and break_even(impact_map)
    assert simulate(impact_map, 2000, seed=1).p5 > 1.0


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_each_example_says_its_numbers_are_illustrative(path):
    assert "ILLUSTRATIVE" in path.read_text(encoding="utf-8")


def test_the_derby_like_example_has_the_published_shape():
    result = calculate(load_impact_map(EXAMPLES[0].with_name("derby-like-forecast.yaml")))
    shares = {s.name: s.share for s in result.value_by_stakeholder}
    published = {
        "Level 2 individuals": 0.630,
        "Level 1 individuals": 0.228,
        "The Council": 0.108,
        "Health": 0.024,
        "Fire and Police": 0.006,
        "Local community": 0.003,
    }
    for name, share in published.items():
        assert shares[name] == pytest.approx(share, abs=0.0015)
    assert result.sroi_ratio == pytest.approx(3.976, abs=0.001)


def test_the_derby_like_example_models_three_yearly_cohorts_of_the_seeds_people():
    impact_map = load_impact_map(EXAMPLES[0].with_name("derby-like-forecast.yaml"))
    assert sum(i.value for i in impact_map.inputs) == 1_760_000  # £1.76m, a third a year
    assert sorted({o.start_year for o in impact_map.outcomes}) == [1, 2, 3]
    cohorts = {
        year: sum(o.quantity for o in impact_map.outcomes if o.id == f"l1_informed_y{year}")
        for year in (1, 2, 3)
    }
    assert cohorts == {1: 500, 2: 500, 3: 500}
    result = calculate(impact_map)
    # Three years' inputs against the first cohort's first-year impact: about a year.
    assert result.payback_months == pytest.approx(12.0, abs=0.1)


def test_the_thurrock_like_example_counts_value_over_three_years_as_its_seed_does():
    result = calculate(load_impact_map(EXAMPLES[0].with_name("thurrock-like-forecast.yaml")))
    assert result.horizon == 3
    # Below the seed's "over £4.8m" and £3.50-£4 per £1; the header explains why.
    assert result.total_present_value == pytest.approx(3_955_792.52, abs=0.01)
    assert result.sroi_ratio == pytest.approx(3.138, abs=0.001)
