"""A unit cost whose source prints no price year says its year is assumed (#15 item 3)."""

import pytest

from lac.value import RateCardError, load_rate_card, rate_card_from_dict
from lac.value.cli import main

CARD = {
    "name": "Ours",
    "price_year": "2023-24",
    "source": "our finance team",
    "items": [{"item": "Night shelter", "agency": "Housing", "unit": "per night", "amount": 45}],
}


def test_the_shipped_network_card_says_its_2014_15_is_assumed():
    card = load_rate_card()
    assert {(c.price_year, c.price_year_assumed) for c in card.items} == {("2014-15", True)}


def test_a_card_whose_source_prints_its_year_is_not_assumed():
    assert not rate_card_from_dict(CARD).items[0].price_year_assumed


def test_assumed_must_be_true_or_false():
    with pytest.raises(
        RateCardError, match=r"items\[0\].price_year_assumed: must be true or false"
    ):
        rate_card_from_dict({**CARD, "price_year_assumed": "perhaps"})


def test_the_listing_marks_assumed_years(capsys):
    assert main(["ratecard", "list"]) == 0
    out = capsys.readouterr().out
    assert "2014-15 (assumed)" in out
    assert "Assumed: the source prints no price year" in out
