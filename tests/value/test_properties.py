"""Properties that must hold for any impact map, checked on generated ones."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lac.value import calculate, impact_map_from_dict, simulate

FRACTIONS = ("deadweight", "displacement", "attribution", "drop_off")
fraction = st.floats(0, 1, allow_nan=False)
outcome = st.fixed_dictionaries(
    {
        "quantity": st.floats(0, 1e4, allow_nan=False),
        "proxy": st.floats(0, 1e5, allow_nan=False),
        "duration": st.integers(1, 8),
        "start_year": st.integers(1, 4),
        **{name: fraction for name in FRACTIONS},
    }
)
maps = st.tuples(st.lists(outcome, min_size=1, max_size=5), st.floats(0, 0.2, allow_nan=False))


def build(outcomes, rate, inputs=1000.0):
    return impact_map_from_dict(
        {
            "name": "generated",
            "discount_rate": rate,
            "stakeholders": [{"id": "s"}],
            "inputs": [{"value": inputs}],
            "outcomes": [
                {**o, "id": f"o{i}", "stakeholder": "s", "proxy": {"value": o["proxy"]}}
                for i, o in enumerate(outcomes)
            ],
        }
    )


@settings(max_examples=60, deadline=None)
@given(maps, st.integers(0, 4), st.sampled_from(FRACTIONS), st.floats(0, 1, allow_nan=False))
def test_the_ratio_never_rises_when_a_reducing_fraction_rises(generated, which, name, more):
    outcomes, rate = generated
    which %= len(outcomes)
    raised = [dict(o) for o in outcomes]
    raised[which][name] = raised[which][name] + (1 - raised[which][name]) * more
    before = calculate(build(outcomes, rate)).sroi_ratio
    after = calculate(build(raised, rate)).sroi_ratio
    assert after <= before * (1 + 1e-12) + 1e-12


@settings(max_examples=60, deadline=None)
@given(maps, st.floats(0, 100, allow_nan=False))
def test_scaling_every_proxy_by_k_scales_present_value_by_k(generated, k):
    outcomes, rate = generated
    scaled = [dict(o, proxy=o["proxy"] * k) for o in outcomes]
    base = calculate(build(outcomes, rate)).total_present_value
    assert calculate(build(scaled, rate)).total_present_value == pytest.approx(
        base * k, rel=1e-9, abs=1e-9
    )


@settings(max_examples=40, deadline=None)
@given(maps, st.integers(0, 2**32 - 1))
def test_monte_carlo_with_zero_width_ranges_equals_the_deterministic_ratio(generated, seed):
    outcomes, rate = generated
    pinned = [
        dict(
            o, ranges={name: {"low": o[name], "high": o[name]} for name in (*FRACTIONS, "quantity")}
        )
        for o in outcomes
    ]
    simulation = simulate(build(pinned, rate), draws=20, seed=seed)
    expected = calculate(build(outcomes, rate)).sroi_ratio
    # The simulation's arithmetic runs in single precision (lac.value.montecarlo.precision).
    assert simulation.p5 == pytest.approx(expected, rel=1e-6, abs=1e-12)
    assert simulation.p95 == pytest.approx(expected, rel=1e-6, abs=1e-12)
