"""The command-line contract of VALUE-SPEC.md, through lac.value.cli.main."""

import json

import pytest

from lac.value.cli import main

from .helpers import worked_data

REPORT_KEYS = {
    "name",
    "currency",
    "discount_rate",
    "price_year",
    "total_present_value",
    "total_inputs",
    "net_present_value",
    "sroi_ratio",
    "net_sroi_ratio",
    "payback_months",
    "present_value_by_year",
    "value_by_stakeholder",
    "outcomes",
}


@pytest.fixture
def worked_file(tmp_path):
    path = tmp_path / "worked.json"
    path.write_text(json.dumps(worked_data()))
    return path


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_report_json_has_exactly_the_spec_keys_and_full_floats(capsys, worked_file):
    status, out, _ = run(capsys, "value", "report", str(worked_file), "--format", "json")
    report = json.loads(out)
    assert status == 0
    assert set(report) == REPORT_KEYS
    assert report["price_year"] is None
    assert report["sroi_ratio"] == pytest.approx(1.5221500780800528, rel=1e-15)
    assert report["value_by_stakeholder"] == {
        "people": {"present_value": report["total_present_value"], "share": 1.0}
    }
    assert set(report["outcomes"][0]) == {"id", "impact", "present_value", "included"}
    assert len(report["present_value_by_year"]) == 3


def test_report_json_gives_null_payback_without_year_one_impact(capsys, tmp_path):
    path = tmp_path / "late.json"
    path.write_text(json.dumps(worked_data(start_year=2)))
    _, out, _ = run(capsys, "value", "report", str(path), "--format", "json")
    assert json.loads(out)["payback_months"] is None


def test_report_text_shows_money_to_two_places_with_separators(capsys, worked_file):
    status, out, _ = run(capsys, "value", "report", str(worked_file))
    assert status == 0
    assert "£30,443.00" in out
    assert "£11,594.20" in out
    assert "1.5222 : 1" in out
    assert "20.0 months" in out


def test_sensitivity_json_has_the_spec_shape(capsys, worked_file):
    status, out, _ = run(capsys, "value", "sensitivity", str(worked_file), "--format", "json")
    data = json.loads(out)
    assert status == 0
    assert set(data) == {"one_at_a_time", "break_even"}
    assert set(data["one_at_a_time"][0]) == {
        "outcome",
        "field",
        "low",
        "high",
        "ratio_low",
        "ratio_high",
    }
    assert set(data["break_even"][0]) == {"outcome", "field", "value"}
    proxy = next(b for b in data["break_even"] if b["field"] == "proxy")
    assert round(proxy["value"], 2) == 656.97


def test_sensitivity_text_lists_swings_and_break_even(capsys, worked_file):
    _, out, _ = run(capsys, "value", "sensitivity", str(worked_file))
    assert "Break-even" in out and "50.73%" in out and "£656.97" in out


def test_simulate_json_has_the_spec_keys_and_repeats_with_a_seed(capsys, worked_file):
    argv = (
        "value",
        "simulate",
        str(worked_file),
        "--draws",
        "500",
        "--seed",
        "9",
        "--format",
        "json",
    )
    _, first, _ = run(capsys, *argv)
    _, again, _ = run(capsys, *argv)
    data = json.loads(first)
    assert first == again
    assert set(data) == {"draws", "seed", "p5", "p50", "p95", "probability_above_1"}
    assert (data["draws"], data["seed"]) == (500, 9)


def test_simulate_text_reports_the_seed_it_chose(capsys, worked_file):
    status, out, _ = run(capsys, "value", "simulate", str(worked_file), "--draws", "50")
    assert status == 0 and "seed" in out and "P95" in out


@pytest.mark.parametrize("kind", ["stakeholders", "years", "tornado", "histogram"])
def test_chart_writes_the_requested_image(capsys, tmp_path, worked_file, kind):
    out_path = tmp_path / f"{kind}.png"
    status, out, _ = run(
        capsys,
        "value",
        "chart",
        str(worked_file),
        "--kind",
        kind,
        "--out",
        str(out_path),
        "--draws",
        "200",
        "--seed",
        "1",
    )
    assert status == 0
    assert out_path.read_bytes().startswith(b"\x89PNG")
    assert str(out_path) in out


def test_chart_defaults_to_svg_named_after_the_file(capsys, tmp_path, worked_file, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["value", "chart", str(worked_file)]) == 0
    assert (tmp_path / "worked-stakeholders.svg").read_text().lstrip().startswith("<?xml")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.yaml", "name: [", "not valid YAML"),
        ("bad.json", json.dumps(worked_data(attribution=1.4)), "outcomes[0].attribution"),
        ("bad.txt", "x", "unsupported file type"),
        ("zero.json", json.dumps({**worked_data(), "inputs": [{"value": 0}]}), "inputs total 0"),
    ],
)
def test_a_rejected_file_exits_2_with_one_line_on_stderr(capsys, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    for command in ("report", "sensitivity", "simulate"):
        status, out, err = run(capsys, "value", command, str(path))
        assert status == 2
        assert out == ""
        assert message in err
        assert err.count("\n") == 1 and "Traceback" not in err


def test_a_missing_file_exits_2(capsys, tmp_path):
    status, _, err = run(capsys, "value", "report", str(tmp_path / "none.yaml"))
    assert status == 2 and "cannot read" in err


def test_bad_arguments_exit_2_without_a_traceback(capsys, worked_file):
    status, _, err = run(capsys, "value", "simulate", str(worked_file), "--draws", "0")
    assert status == 2 and "must be at least 1" in err
    assert main(["value", "bogus"]) == 2


def test_ratecard_list_json_has_the_spec_keys(capsys):
    status, out, _ = run(capsys, "ratecard", "list", "--format", "json")
    items = json.loads(out)
    assert status == 0 and len(items) == 18
    assert {"item", "agency", "unit", "amount", "price_year", "source"} <= set(items[0])


def test_ratecard_list_text_and_uprating(capsys):
    _, out, _ = run(capsys, "ratecard", "list")
    assert "Social worker intervention" in out and "£52,676.00" in out
    _, out, _ = run(capsys, "ratecard", "list", "--uprate-to", "2023-24", "--format", "json")
    assert {i["price_year"] for i in json.loads(out)} == {"2023-24"}


def test_ratecard_list_rejects_an_unknown_year(capsys):
    status, _, err = run(capsys, "ratecard", "list", "--uprate-to", "1950-51")
    assert status == 2 and "no GDP deflator for 1950-51" in err
