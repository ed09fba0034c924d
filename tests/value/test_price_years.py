"""VALUE-SPEC.md "Price years": restating money to the map's year, and every error rule.

Expected figures are worked by hand from the spec's formulas, not by calling
the engine's own helpers.
"""

import json

import pytest

from lac.value import (
    ImpactMapError,
    calculate,
    impact_map_from_dict,
    impact_map_to_dict,
    load_deflators,
    simulate,
)
from lac.value.cli import main
from lac.value.sensitivity import break_even, one_at_a_time

from .helpers import worked_data

DEFLATORS = {"2014-15": 80.0, "2016-17": 90.0, "2025-26": 120.0}


def priced(**outcome_changes):
    """The worked check with a 2014-15 proxy and a 2016-17 input, stated at 2025-26 prices."""
    data = worked_data(**outcome_changes)
    data["price_year"] = "2025-26"
    data["deflators"] = dict(DEFLATORS)
    data["outcomes"][0]["proxy"]["price_year"] = "2014-15"
    data["inputs"][0]["price_year"] = "2016-17"
    return data


def by_hand(proxy_restated, inputs_restated):
    """PV and ratio of the worked check (20 people, 3 years, dw .25, attr .2, drop-off .1)."""
    impact = 20 * proxy_restated * 0.75 * 0.8
    pv = impact / 1.035 + impact * 0.9 / 1.035**2 + impact * 0.81 / 1.035**3
    return impact, pv, pv / inputs_restated


def test_values_with_their_own_price_year_are_restated_by_the_deflator_ratio():
    result = calculate(impact_map_from_dict(priced()))
    impact, pv, ratio = by_hand(1000 * 120 / 80, 20000 * 120 / 90)
    assert result.outcomes[0].impact == pytest.approx(impact, rel=1e-12)
    assert result.total_present_value == pytest.approx(pv, rel=1e-12)
    assert result.total_inputs == pytest.approx(20000 * 120 / 90, rel=1e-12)
    assert result.sroi_ratio == pytest.approx(ratio, rel=1e-12)
    assert result.payback_months == pytest.approx(20000 * 120 / 90 / impact * 12, rel=1e-12)
    assert result.price_year == "2025-26"


def test_a_value_without_a_price_year_is_already_in_the_maps_year():
    data = priced()
    del data["inputs"][0]["price_year"]
    result = calculate(impact_map_from_dict(data))
    assert result.total_inputs == 20000
    assert result.sroi_ratio == pytest.approx(by_hand(1500, 20000)[2], rel=1e-12)


def test_a_map_without_price_years_gives_exactly_the_plain_figures():
    plain = calculate(impact_map_from_dict(worked_data()))
    stated = worked_data()
    stated["price_year"] = "2025-26"
    stated["deflators"] = dict(DEFLATORS)
    same = calculate(impact_map_from_dict(stated))
    assert same.sroi_ratio == plain.sroi_ratio
    assert same.total_present_value == plain.total_present_value
    assert plain.price_year is None


def test_without_its_own_deflators_a_map_uses_the_shipped_series():
    table = load_deflators()
    early, late = sorted(table.index)[0], sorted(table.index)[-1]
    data = worked_data()
    data["price_year"] = late
    data["outcomes"][0]["proxy"]["price_year"] = early
    result = calculate(impact_map_from_dict(data))
    factor = table.index[late] / table.index[early]
    assert result.sroi_ratio == pytest.approx(by_hand(1000 * factor, 20000)[2], rel=1e-12)
    assert table.release in result.deflator_series


def test_break_even_of_a_proxy_is_stated_in_its_own_price_year():
    impact_map = impact_map_from_dict(priced())
    found = {(b.outcome, b.field): b.value for b in break_even(impact_map)}
    # PV = 20 × p × 1.5 × 0.75 × 0.8 × annuity must equal the restated inputs.
    annuity = 1 / 1.035 + 0.9 / 1.035**2 + 0.81 / 1.035**3
    expected = (20000 * 120 / 90) / (20 * 1.5 * 0.75 * 0.8 * annuity)
    assert found[("wellbeing", "proxy")] == pytest.approx(expected, rel=1e-9)


def test_one_at_a_time_reports_the_proxy_range_as_typed_and_restates_it_for_the_ratio():
    impact_map = impact_map_from_dict(priced(ranges={"proxy": {"low": 900, "high": 1100}}))
    swing = next(s for s in one_at_a_time(impact_map) if s.field == "proxy")
    assert (swing.low, swing.high) == (900, 1100)
    inputs = 20000 * 120 / 90
    assert swing.ratio_low == pytest.approx(by_hand(900 * 1.5, inputs)[2], rel=1e-12)
    assert swing.ratio_high == pytest.approx(by_hand(1100 * 1.5, inputs)[2], rel=1e-12)


def test_monte_carlo_draws_the_proxy_range_restated():
    impact_map = impact_map_from_dict(priced(ranges={"proxy": {"low": 999.999, "high": 1000.001}}))
    simulation = simulate(impact_map, draws=200, seed=1)
    assert simulation.p50 == pytest.approx(by_hand(1500, 20000 * 120 / 90)[2], rel=1e-5)


def test_price_years_and_deflators_survive_saving_and_loading():
    impact_map = impact_map_from_dict(priced())
    assert impact_map_from_dict(impact_map_to_dict(impact_map)) == impact_map


def test_the_workbook_keeps_price_years_and_the_maps_deflators(tmp_path):
    from lac.value import load_impact_map, save_impact_map

    impact_map = impact_map_from_dict(priced())
    save_impact_map(impact_map, tmp_path / "map.xlsx")
    assert load_impact_map(tmp_path / "map.xlsx") == impact_map


# --- the command line: price_year in JSON, and exit 2 naming the field ---------------


def run(capsys, tmp_path, data, *extra):
    path = tmp_path / "map.json"
    path.write_text(json.dumps(data))
    status = main(["value", "report", str(path), *extra])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_report_names_the_price_year(capsys, tmp_path):
    status, out, _ = run(capsys, tmp_path, priced(), "--format", "json")
    report = json.loads(out)
    assert status == 0
    assert report["price_year"] == "2025-26"
    assert report["sroi_ratio"] == pytest.approx(by_hand(1500, 20000 * 120 / 90)[2], rel=1e-12)


def test_text_report_says_which_prices_and_series(capsys, tmp_path):
    _, out, _ = run(capsys, tmp_path, priced())
    assert "Money at 2025-26 prices, restated with the map's deflators." in out


def broken(change):
    data = priced()
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d.update(price_year="2025/26"), "price_year:", "YYYY-YY"),
        (lambda d: d.update(price_year="2025-27"), "price_year:", "consecutive"),
        (lambda d: d.update(price_year=2025), "price_year:", "YYYY-YY"),
        (
            lambda d: d["outcomes"][0]["proxy"].update(price_year="2014-16"),
            "outcomes[0].proxy.price_year:",
            "consecutive",
        ),
        (
            lambda d: d["inputs"][0].update(price_year="16-17"),
            "inputs[0].price_year:",
            "YYYY-YY",
        ),
        (lambda d: d.pop("price_year"), "outcomes[0].proxy.price_year:", "map's own price_year"),
        (lambda d: d.pop("price_year"), "inputs[0].price_year:", "map's own price_year"),
        (
            lambda d: d["outcomes"][0]["proxy"].update(price_year="2013-14"),
            "outcomes[0].proxy.price_year:",
            "no deflator for 2013-14",
        ),
        (
            lambda d: d["inputs"][0].update(price_year="2015-16"),
            "inputs[0].price_year:",
            "no deflator for 2015-16",
        ),
        (lambda d: d.update(price_year="2024-25"), "price_year:", "no deflator for 2024-25"),
        (lambda d: d["deflators"].update({"2016-17": 0}), "deflators.2016-17:", "greater than 0"),
        (lambda d: d["deflators"].update({"2016-17": -3}), "deflators.2016-17:", "greater than 0"),
        (lambda d: d["deflators"].update({"2016-17": "x"}), "deflators.2016-17:", "greater than 0"),
        (lambda d: d["deflators"].update({"2016": 90}), "deflators.'2016':", "YYYY-YY"),
        (lambda d: d.update(deflators=[1, 2]), "deflators:", "mapping of financial year"),
    ],
)
def test_each_broken_rule_exits_2_naming_the_field(capsys, tmp_path, change, field, words):
    status, out, err = run(capsys, tmp_path, broken(change), "--format", "json")
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    line = next(part for part in err.split("; ") if field in part)
    assert words in line


def test_a_year_missing_from_the_shipped_series_names_it(capsys, tmp_path):
    data = priced()
    del data["deflators"]
    data["outcomes"][0]["proxy"]["price_year"] = "1900-01"
    status, _, err = run(capsys, tmp_path, data)
    assert status == 2
    assert "outcomes[0].proxy.price_year: no deflator for 1900-01 in" in err
    assert load_deflators().release in err


def test_nothing_is_half_loaded_when_a_price_year_is_wrong():
    with pytest.raises(ImpactMapError) as caught:
        impact_map_from_dict(broken(lambda d: d.update(price_year="26")))
    assert [str(p) for p in caught.value.problems][0].startswith("price_year:")
