import numpy as np
import pytest

from lac.value import calculate, impact_map_from_dict, simulate
from lac.value.arithmetic import present_value
from lac.value.montecarlo import draw_sample, precision, simulated_ratios

from .helpers import two_stakeholder_data, worked_map

RANGED = {
    "proxy": {"low": 600, "high": 1400, "mode": 900},
    "deadweight": {"low": 0.1, "high": 0.4},
    "drop_off": {"low": 0.0, "high": 0.5},
    "duration": {"low": 1, "high": 5},
    "start_year": {"low": 1, "high": 2},
    "quantity": {"low": 10, "high": 30},
}


def test_the_same_seed_gives_the_same_result():
    first = simulate(worked_map(ranges=RANGED), draws=2000, seed=11)
    again = simulate(worked_map(ranges=RANGED), draws=2000, seed=11)
    assert first == again
    assert np.array_equal(first.ratios, again.ratios)


def test_a_different_seed_gives_different_draws():
    first = simulate(worked_map(ranges=RANGED), draws=2000, seed=11)
    other = simulate(worked_map(ranges=RANGED), draws=2000, seed=12)
    assert first.p50 != other.p50


def test_without_ranges_every_draw_is_the_deterministic_ratio():
    simulation = simulate(worked_map(), draws=100, seed=1)
    ratio = calculate(worked_map()).sroi_ratio
    assert simulation.p5 == simulation.p95 == pytest.approx(ratio)
    assert simulation.probability_above_1 == 1.0


def test_percentiles_are_ordered_and_probability_counts_ratios_above_one():
    simulation = simulate(worked_map(ranges=RANGED), draws=5000, seed=3)
    assert simulation.p5 < simulation.p50 < simulation.p95
    assert simulation.probability_above_1 == pytest.approx(np.mean(simulation.ratios > 1))


def test_draws_stay_within_their_ranges_and_whole_number_fields_stay_whole():
    sample = draw_sample(worked_map(ranges=RANGED), 5000, np.random.default_rng(5))
    durations = sample.values["duration"]
    assert set(np.unique(durations)) == {1, 2, 3, 4, 5}
    assert sample.values["proxy"].min() >= 600 and sample.values["proxy"].max() <= 1400
    assert set(np.unique(sample.values["start_year"])) == {1, 2}


def test_a_triangular_range_centres_draws_on_its_mode():
    sample = draw_sample(
        worked_map(ranges={"proxy": {"low": 0, "high": 1000, "mode": 1000}}),
        20000,
        np.random.default_rng(9),
    )
    # Triangular(0, 1000, 1000) has mean 666.7; a uniform draw would give 500.
    assert sample.values["proxy"].mean() == pytest.approx(2000 / 3, rel=0.02)


def test_vectorised_ratios_equal_the_spec_arithmetic_draw_by_draw():
    data = two_stakeholder_data()
    data["outcomes"][0]["ranges"] = RANGED
    impact_map = impact_map_from_dict(data)
    sample = draw_sample(impact_map, 50, np.random.default_rng(2))
    ratios = simulated_ratios(impact_map, 50, np.random.default_rng(2), np.float64)
    drawn = sample.outcomes[0]
    fixed = sum(present_value(o, 0.035) for o in impact_map.outcomes[1:2])
    inputs = calculate(impact_map).total_inputs
    for row in range(50):
        outcome = drawn
        for name, values in sample.values.items():
            outcome = outcome.with_value(
                name, float(values[row, 0] if values.ndim == 2 else values[0])
            )
        assert ratios[row] == pytest.approx(
            (present_value(outcome, 0.035) + fixed) / inputs, rel=1e-12
        )


@pytest.mark.parametrize(
    "ranges", [RANGED, {**RANGED, "duration": {"low": 1, "high": 5, "mode": 2}}]
)
def test_single_precision_moves_the_percentiles_by_under_a_millionth(ranges):
    """The arithmetic runs in float32 for speed; the uniform numbers stay float64."""
    data = two_stakeholder_data()
    for outcome in data["outcomes"]:
        outcome["ranges"] = ranges
    impact_map = impact_map_from_dict(data)
    single = simulated_ratios(impact_map, 30_000, np.random.default_rng(4))
    double = simulated_ratios(impact_map, 30_000, np.random.default_rng(4), np.float64)
    assert single.dtype == np.float64
    moved = np.percentile(single, [5, 50, 95]) / np.percentile(double, [5, 50, 95]) - 1
    assert np.abs(moved).max() <= 1e-6
    assert np.mean(single > 1) == pytest.approx(np.mean(double > 1), abs=1e-4)


def test_zero_width_ranges_give_the_deterministic_ratio():
    ranges = {
        name: {"low": v, "high": v}
        for name, v in {"proxy": 1000, "deadweight": 0.25, "drop_off": 0.1, "duration": 3}.items()
    }
    ranges["attribution"] = {"low": 0.2, "high": 0.2, "mode": 0.2}
    simulation = simulate(worked_map(ranges=ranges), draws=500, seed=4)
    # To single precision's error, which the arithmetic runs in (see below).
    assert simulation.p5 == pytest.approx(calculate(worked_map()).sroi_ratio, rel=1e-6)
    assert simulation.p95 == pytest.approx(simulation.p5, rel=1e-6)


def test_excluded_outcomes_are_not_simulated():
    data = two_stakeholder_data()
    data["outcomes"][2]["ranges"] = {"proxy": {"low": 0, "high": 1e9}}
    simulation = simulate(impact_map_from_dict(data), draws=200, seed=1)
    assert simulation.p95 == pytest.approx(calculate(impact_map_from_dict(data)).sroi_ratio)


def test_draws_and_seed_are_validated():
    with pytest.raises(ValueError, match="draws must be at least 1"):
        simulate(worked_map(), draws=0, seed=1)
    with pytest.raises(ValueError, match="seed must be 0 or more"):
        simulate(worked_map(), draws=10, seed=-1)


def test_without_a_seed_one_is_chosen_and_reported_so_the_run_can_be_repeated():
    first = simulate(worked_map(ranges=RANGED), draws=300)
    assert simulate(worked_map(ranges=RANGED), draws=300, seed=first.seed) == first


def test_more_draws_than_one_block_are_all_computed():
    simulation = simulate(worked_map(ranges=RANGED), draws=25_001, seed=8)
    assert simulation.ratios.shape == (25_001,)
    assert np.isfinite(simulation.ratios).all()


def test_a_disbenefit_is_simulated_in_double_precision():
    """A negative proxy could cancel other outcomes and magnify single precision's error."""
    data = two_stakeholder_data()
    data["outcomes"][0]["ranges"] = {"proxy": {"low": -500, "high": 200}}
    assert precision(impact_map_from_dict(data)) is np.float64
    data["outcomes"][0]["ranges"] = RANGED
    assert precision(impact_map_from_dict(data)) is np.float32
