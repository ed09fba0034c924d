import pytest
from django.core.management import CommandError, call_command

from lac.outcomes import selectors


def test_the_command_copies_the_shipped_card_for_a_programme(world, capsys):
    call_command("load_rate_card", "a")
    card = selectors.rate_card_for(world.programme)
    assert card.programme == world.programme
    assert card.items.count() == 18
    assert "Programme A now uses" in capsys.readouterr().out


def test_the_command_loads_a_programmes_own_file(world, tmp_path):
    path = tmp_path / "card.yaml"
    path.write_text(
        "name: Our card\nprice_year: 2023-24\nsource: our finance team\nitems:\n"
        "  - item: Night shelter\n    agency: Housing\n    unit: per night\n    amount: 45\n"
    )
    call_command("load_rate_card", "a", str(path))
    assert [c.item for c in selectors.unit_costs_for(world.programme)] == ["Night shelter"]


def test_the_command_names_the_problem_in_a_broken_file(world, tmp_path):
    path = tmp_path / "card.yaml"
    path.write_text("name: Ours\nitems: []\n")
    with pytest.raises(CommandError, match="items: must list at least one unit cost"):
        call_command("load_rate_card", "a", str(path))
    assert selectors.rate_card_for(world.programme).programme is None


def test_the_command_refuses_an_unknown_programme(world):
    with pytest.raises(CommandError, match="No programme with the slug 'nope'"):
        call_command("load_rate_card", "nope")


def test_the_command_reads_each_items_welsh_name(world, tmp_path):
    path = tmp_path / "card.yaml"
    path.write_text(
        "name: Our card\nprice_year: 2023-24\nsource: our finance team\nitems:\n"
        "  - item: Night shelter\n    item_cy: Lloches nos\n    agency: Housing\n"
        "    unit: per night\n    unit_cy: y noson\n    amount: 45\n"
        "  - item: Day centre\n    agency: Housing\n    unit: per day\n    amount: 20\n"
    )
    call_command("load_rate_card", "a", str(path))
    costs = selectors.unit_costs_for(world.programme)
    assert [(c.item, c.item_cy, c.unit_cy) for c in costs] == [
        ("Night shelter", "Lloches nos", "y noson"),
        ("Day centre", "", ""),  # Welsh pages show the English
    ]


def test_a_copy_of_the_shipped_card_keeps_its_welsh_names(world):
    call_command("load_rate_card", "a")
    costs = {c.item: (c.item_cy, c.unit_cy) for c in selectors.unit_costs_for(world.programme)}
    assert costs["Social worker intervention"] == ("Ymyrraeth gan weithiwr cymdeithasol", "yr awr")
    assert all(all(welsh) for welsh in costs.values())
