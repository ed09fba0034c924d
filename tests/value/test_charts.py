import pytest

from lac.value import (
    ChartWords,
    calculate,
    histogram_chart,
    impact_map_from_dict,
    one_at_a_time,
    present_value_by_year_chart,
    simulate,
    tornado_chart,
    value_by_stakeholder_chart,
)

from .helpers import two_stakeholder_data

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def impact_map():
    data = two_stakeholder_data()
    data["outcomes"][0]["ranges"] = {"proxy": {"low": 300, "high": 700}}
    return impact_map_from_dict(data)


def charts(impact_map, fmt):
    result = calculate(impact_map)
    return {
        "stakeholders": value_by_stakeholder_chart(result, fmt),
        "years": present_value_by_year_chart(result, fmt),
        "tornado": tornado_chart(one_at_a_time(impact_map), result.sroi_ratio, "T", fmt),
        "histogram": histogram_chart(simulate(impact_map, 500, seed=1), "H", fmt),
    }


def test_every_chart_renders_as_png(impact_map):
    for image in charts(impact_map, "png").values():
        assert image.startswith(PNG_MAGIC)


def test_every_chart_renders_as_svg_with_readable_labels(impact_map):
    images = {k: v.decode() for k, v in charts(impact_map, "svg").items()}
    assert all(image.lstrip().startswith("<?xml") for image in images.values())
    assert "Social value distribution" in images["stakeholders"]
    assert "£" in images["stakeholders"]
    assert "Year 1" in images["years"]
    assert "break-even 1:1" in images["tornado"]
    assert "P95" in images["histogram"] and "P5" in images["histogram"]


def test_the_charts_draw_the_words_they_are_given(impact_map):
    words = ChartWords(
        present_value="Gwerth presennol",
        year="Blwyddyn {}".format,
        break_even="adennill costau 1:1",
        draws_above=lambda draws, above: f"{draws} o dyniadau, {above} uwchlaw 1:1",
    )
    result = calculate(impact_map)
    by_year = present_value_by_year_chart(result, words=words).decode()
    assert "Blwyddyn 1" in by_year and "Year 1" not in by_year
    assert "Gwerth presennol" in value_by_stakeholder_chart(result, words=words).decode()
    tornado = tornado_chart(one_at_a_time(impact_map), result.sroi_ratio, "T", words=words)
    assert "adennill costau 1:1" in tornado.decode() and "break-even" not in tornado.decode()
    histogram = histogram_chart(simulate(impact_map, 500, seed=1), "H", words=words).decode()
    assert "500 o dyniadau" in histogram


def test_svg_output_is_repeatable(impact_map):
    result = calculate(impact_map)
    assert value_by_stakeholder_chart(result) == value_by_stakeholder_chart(result)


def test_money_on_chart_scales_has_no_pence():
    from lac.value.charts import _compact_money

    assert [_compact_money(v, "GBP") for v in (110350, 2827, 1250000, 75.4, -1500000)] == [
        "£110k",
        "£2.83k",
        "£1.25m",
        "£75",
        "-£1.5m",
    ]


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_dollar_signs_and_other_specials_in_names_are_drawn_as_written(fmt):
    data = two_stakeholder_data()
    data["name"] = "Costs in $_$ and {x}"
    data["stakeholders"][0]["name"] = "Rent $^$ (US)"
    data["stakeholders"][1]["name"] = "Landlords $"
    data["outcomes"][0]["ranges"] = {"proxy": {"low": 300, "high": 700}}
    images = charts(impact_map_from_dict(data), fmt)
    if fmt == "svg":
        assert "Rent $^$ (US)" in images["stakeholders"].decode()
        assert "Costs in $_$ and {x}" in images["years"].decode()
    else:
        assert all(image.startswith(PNG_MAGIC) for image in images.values())
