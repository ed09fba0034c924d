"""Files from outside cannot make the engine expand, hang or echo without bound (#16 item 4)."""

import json
import time

import pytest

from lac.value import ImpactMapError, impact_map_from_dict, load_impact_map
from lac.value.cli import main
from lac.value.safeyaml import MAX_FILE_BYTES

from .helpers import worked_data

#: A "billion laughs": about 380 bytes that a naive loader expands to 9^9 strings.
ALIAS_BOMB = (
    "name: bomb\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
)


def test_the_alias_bomb_is_a_few_hundred_bytes():
    assert 300 < len(ALIAS_BOMB.encode()) < 500


def test_the_command_line_refuses_an_alias_bomb_quickly_and_says_why(tmp_path, capsys):
    path = tmp_path / "bomb.yaml"
    path.write_text(ALIAS_BOMB)
    started = time.monotonic()
    status = main(["value", "report", str(path)])
    _, err = capsys.readouterr()
    assert status == 2
    assert time.monotonic() - started < 10  # expanding it would take minutes
    assert "line 2: YAML anchors and aliases (& and *) are not allowed" in err
    assert len(err) < 500


def test_a_single_alias_is_refused_too(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text("name: &n x\nstakeholders: []\ninputs: []\noutcomes: []\ncurrency: *n\n")
    with pytest.raises(ImpactMapError, match="anchors and aliases"):
        load_impact_map(path)


def test_a_file_over_the_limit_is_not_read(tmp_path, capsys):
    path = tmp_path / "big.json"
    path.write_text(" " * (MAX_FILE_BYTES + 1))
    status = main(["value", "report", str(path)])
    assert status == 2
    assert "files larger than 2 MB are not read" in capsys.readouterr().err


def test_json_nested_too_deeply_is_a_clear_problem(tmp_path, capsys):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    status = main(["value", "report", str(path)])
    _, err = capsys.readouterr()
    assert status == 2
    assert "nested too deeply" in err
    assert "Traceback" not in err


def test_messages_quote_only_the_start_of_a_huge_value():
    data = worked_data()
    data["name"] = ["lol"] * 1_000_000
    data["outcomes"][0]["stakeholder"] = "x" * 1_000_000
    with pytest.raises(ImpactMapError) as caught:
        impact_map_from_dict(data)
    message = str(caught.value)
    assert len(message) < 600
    assert "name: must be text, got ['lol', 'lol', 'lol', 'lol', ...]" in message
    assert "(1,000,000 characters)" in message


def test_a_rate_card_with_aliases_is_refused(tmp_path, capsys):
    path = tmp_path / "card.yaml"
    path.write_text(ALIAS_BOMB)
    status = main(["ratecard", "list", "--card", str(path)])
    assert status == 2
    assert "anchors and aliases" in capsys.readouterr().err


def test_duplicate_json_keys_are_still_refused(tmp_path):
    path = tmp_path / "twice.json"
    path.write_text('{"name": "a", "name": "b"}')
    with pytest.raises(ImpactMapError, match="key 'name' is given twice"):
        load_impact_map(path)
    assert json.loads('{"a": 1}')  # the strict hook changes nothing for ordinary JSON
