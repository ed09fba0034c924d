from lac.outcomes.charts import Petal, flower_svg

PETALS = [
    Petal("Money", 1, 5, 1, 4),
    Petal("Home", 1, 5, 3, 3),
    Petal("People & support", 1, 5, 4, 2),
    Petal("Contribution", 1, 5, None, 2),
]


def test_the_flower_is_an_image_with_a_title_and_a_description_in_words():
    svg = flower_svg(PETALS, title="Progress of Ann", chart_id="c1")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img" aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Progress of Ann</title>' in svg
    assert "Money: 1 at first, 4 latest, up 3" in svg
    assert "Home: 3 at first, 3 latest, no change" in svg
    assert "People &amp; support: 4 at first, 2 latest, down 2" in svg
    assert "Contribution: 2 latest (not scored at first)" in svg


def test_each_petal_label_gives_first_and_latest_in_numbers_not_colour_alone():
    svg = flower_svg(PETALS, title="t")
    assert "1 → 4" in svg and "3 → 3" in svg and "– → 2" in svg
    assert svg.count('stroke-dasharray="5 3"') == 3 + 1  # three first petals and the legend
    assert "First (dashed outline)" in svg and "Latest (filled)" in svg


def test_a_person_scored_once_has_only_first_petals():
    svg = flower_svg([Petal("Money", 1, 5, 2, None), Petal("Home", 1, 5, 3, None)], title="t")
    assert 'fill-opacity="0.55" stroke' not in svg.split("<g")[0]
    assert "Money: 2 at first" in svg


def test_no_domains_draw_nothing():
    assert flower_svg([], title="t") == ""


def test_names_are_escaped():
    svg = flower_svg([Petal("<script>", 1, 5, 1, 2)] * 3, title="<b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert '<title id="flower-title">&lt;b&gt;</title>' in svg
