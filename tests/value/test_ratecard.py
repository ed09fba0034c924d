import pytest

from lac.value import (
    RateCardError,
    load_deflators,
    load_rate_card,
    messages,
    rate_card_from_dict,
    uprate,
)


def test_the_shipped_card_has_the_18_unit_costs_of_the_network_report():
    card = load_rate_card()
    assert len(card.items) == 18
    printed = {c.item: (c.agency, c.amount, c.unit) for c in card.items}
    assert printed["Social worker intervention"] == ("Social care", 59, "per hour")
    assert printed["Residential care for older people"] == ("Social care", 370, "per week")
    assert printed["A child in care"] == ("Social care", 52676, "per year")
    assert printed["A&E attendance"] == ("NHS / Health", 117, "per attendance")
    assert printed["Police call outs, arrest and detention"] == ("Police", 719, "per incident")
    assert printed["Fire service"] == ("Fire", 3657, "average response costs per fire")
    assert printed["Various costs associated with rough sleeping"][0] == (
        "Various local authority depts."
    )


def test_every_shipped_amount_matches_its_printed_text():
    for cost in load_rate_card().items:
        assert f"£{cost.amount:,.0f}" in cost.as_printed
        assert cost.price_year == "2014-15"
        assert "New Economy" in cost.source


def test_uprating_to_the_same_year_changes_nothing():
    assert uprate(100.0, "2014-15", "2014-15") == 100.0


def test_uprating_uses_the_ratio_of_deflator_indices_and_accepts_int_years():
    table = load_deflators()
    expected = 100 * table.index["2023-24"] / table.index["2014-15"]
    assert uprate(100, 2014, "2023-24") == pytest.approx(expected)
    assert uprate(uprate(100, 2014, 2023), 2023, 2014) == pytest.approx(100)


def test_the_deflator_table_cites_its_source():
    table = load_deflators()
    assert "HM Treasury" in table.source
    assert table.index[table.reference_year] == 100


def test_uprating_to_a_year_outside_the_table_is_a_clear_error():
    with pytest.raises(RateCardError, match="no GDP deflator for 1990-91"):
        uprate(100, 1990, 2014)
    with pytest.raises(RateCardError, match="must look like 2014-15"):
        uprate(100, "2014-16", 2014)


def test_an_uprated_card_is_at_the_new_price_year():
    card = load_rate_card().uprated("2023-24")
    assert {c.price_year for c in card.items} == {"2023-24"}
    assert card.items[0].amount == pytest.approx(uprate(59, "2014-15", "2023-24"))


def test_a_programme_card_from_a_dict_inherits_price_year_and_source():
    card = rate_card_from_dict(
        {
            "name": "Our card",
            "price_year": "2022-23",
            "source": "Finance team",
            "items": [
                {"item": "Day centre", "agency": "Social care", "unit": "per day", "amount": 80}
            ],
        }
    )
    assert card.items[0].price_year == "2022-23"
    assert card.items[0].source == "Finance team"


def test_a_bad_card_reports_every_problem():
    with pytest.raises(RateCardError) as caught:
        rate_card_from_dict({"items": [{"item": "x", "amount": -1, "colour": "red"}], "extra": 1})
    found = [str(p) for p in caught.value.problems]
    assert "items[0].amount: must be a number 0 or more, got -1" in found
    assert "items[0].agency: is required" in found
    assert any(p.startswith("items[0].colour: unknown key") for p in found)
    assert any(p.startswith("extra: unknown key") for p in found)


def test_a_card_loads_from_a_yaml_file(tmp_path):
    path = tmp_path / "card.yaml"
    path.write_text(
        "name: Ours\nprice_year: 2020-21\nsource: Us\nitems:\n"
        "  - {item: Visit, agency: NHS, unit: per visit, amount: 50}\n"
    )
    assert load_rate_card(path).items[0].amount == 50


def test_an_item_may_carry_its_name_in_welsh_and_its_problems_their_template():
    card = rate_card_from_dict(
        {
            "price_year": "2023-24",
            "source": "ours",
            "items": [
                {"item": "Night shelter", "item_cy": "Lloches nos", "agency": "Housing"}
                | {"unit": "per night", "unit_cy": "y noson", "amount": 45},
                {"item": "Day centre", "agency": "Housing", "unit": "per day", "amount": 4},
            ],
        }
    )
    assert [(c.item, c.item_cy, c.unit_cy) for c in card.items] == [
        ("Night shelter", "Lloches nos", "y noson"),
        ("Day centre", "", ""),
    ]
    with pytest.raises(RateCardError) as caught:
        rate_card_from_dict({"items": []})
    assert [(p.template, str(p)) for p in caught.value.problems] == [
        (messages.NO_UNIT_COSTS, "items: must list at least one unit cost")
    ]
