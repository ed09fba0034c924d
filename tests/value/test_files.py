import json

import pytest
from openpyxl import load_workbook

from lac.value import ImpactMapError, impact_map_from_dict, load_impact_map, save_impact_map

from .helpers import two_stakeholder_data, worked_data


@pytest.fixture
def rich_map():
    data = two_stakeholder_data()
    data["outcomes"][0].update(
        description="Less isolated",
        indicator="More contact",
        proxy={"value": 500, "description": "Befriending", "source": "HACT"},
        ranges={"proxy": {"low": 400, "high": 600, "mode": 450}, "duration": {"low": 1, "high": 3}},
    )
    data["inputs"][0].update(stakeholder="a", description="Salaries")
    return impact_map_from_dict(data)


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".xlsx"])
def test_a_saved_map_loads_back_equal(tmp_path, rich_map, suffix):
    path = tmp_path / f"map{suffix}"
    save_impact_map(rich_map, path)
    assert load_impact_map(path) == rich_map


def rejected(path) -> list[str]:
    with pytest.raises(ImpactMapError) as caught:
        load_impact_map(path)
    return [str(p) for p in caught.value.problems]


def test_a_missing_file_is_rejected_with_its_name(tmp_path):
    (problem,) = rejected(tmp_path / "absent.yaml")
    assert problem.startswith(f"cannot read {tmp_path / 'absent.yaml'}")


def test_an_unsupported_extension_is_rejected(tmp_path):
    path = tmp_path / "map.txt"
    path.write_text("name: x")
    assert rejected(path) == ["unsupported file type '.txt'; use one of .yaml, .yml, .json, .xlsx"]


def test_invalid_yaml_and_json_are_rejected_in_one_line(tmp_path):
    bad_yaml, bad_json = tmp_path / "bad.yaml", tmp_path / "bad.json"
    bad_yaml.write_text("name: [unclosed")
    bad_json.write_text("{")
    (yaml_problem,) = rejected(bad_yaml)
    (json_problem,) = rejected(bad_json)
    assert yaml_problem.startswith("not valid YAML") and "\n" not in yaml_problem
    assert json_problem.startswith("not valid JSON")


def test_a_key_given_twice_is_an_error_in_yaml_and_json(tmp_path):
    yaml_path, json_path = tmp_path / "twice.yaml", tmp_path / "twice.json"
    yaml_path.write_text("name: a\nname: b\n")
    json_path.write_text('{"name": "a", "name": "b"}')
    assert rejected(yaml_path) == ["line 2: key 'name' is given twice"]
    assert rejected(json_path) == ["key 'name' is given twice"]


def test_yaml_reads_exponent_numbers_as_json_writes_them(tmp_path):
    path = tmp_path / "exp.yaml"
    path.write_text(json.dumps(worked_data(deadweight=2.5e-05)).replace("2.5e-05", "2.5e-05"))
    assert load_impact_map(path).outcomes[0].deadweight == 2.5e-05


def test_yaml_validation_problems_name_the_field(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text(json.dumps(worked_data(attribution=1.4)))
    assert rejected(path) == ["outcomes[0].attribution: must be between 0 and 1, got 1.4"]


def test_the_workbook_has_the_guides_columns_in_the_impact_map_sheet(tmp_path, rich_map):
    path = tmp_path / "map.xlsx"
    save_impact_map(rich_map, path)
    sheet = load_workbook(path)["Impact map"]
    headers = [cell.value for cell in sheet[1]]
    for column in (
        "Stakeholder",
        "Outcome",
        "Indicator",
        "Quantity",
        "Duration",
        "Proxy description",
        "Proxy value",
        "Source",
        "Deadweight",
        "Displacement",
        "Attribution",
        "Drop-off",
        "Proxy low",
        "Proxy mode",
    ):
        assert column in headers
    assert "Quantity low" not in headers  # range columns appear only when used


def test_workbook_problems_name_sheet_row_and_column(tmp_path, rich_map):
    path = tmp_path / "map.xlsx"
    save_impact_map(rich_map, path)
    book = load_workbook(path)
    sheet = book["Impact map"]
    headers = [cell.value for cell in sheet[1]]
    column = headers.index("Attribution") + 1
    sheet.cell(row=3, column=column, value=1.4)
    sheet.cell(row=4, column=headers.index("Quantity") + 1, value="lots")
    book.save(path)
    found = rejected(path)
    letter = sheet.cell(row=3, column=column).column_letter
    place = f"sheet 'Impact map', row 3, column {letter} (Attribution)"
    assert f"{place}: must be between 0 and 1, got 1.4" in found
    assert any("row 4" in p and "(Quantity): must be a number, got 'lots'" in p for p in found)


def test_workbook_unknown_columns_and_sheets_are_errors(tmp_path, rich_map):
    path = tmp_path / "map.xlsx"
    save_impact_map(rich_map, path)
    book = load_workbook(path)
    book["Impact map"].cell(row=1, column=40, value="Colour")
    book.create_sheet("Notes")
    book.save(path)
    found = rejected(path)
    assert (
        "sheet 'Notes': unknown sheet (expected: Settings, Stakeholders, Inputs, Impact map)"
        in found
    )


def test_workbook_unknown_column_is_named(tmp_path, rich_map):
    path = tmp_path / "map.xlsx"
    save_impact_map(rich_map, path)
    book = load_workbook(path)
    book["Impact map"].cell(row=1, column=40, value="Colour")
    book.save(path)
    assert rejected(path) == ["sheet 'Impact map', row 1, column AN: unknown column 'Colour'"]


def test_workbook_include_column_accepts_yes_and_no(tmp_path, rich_map):
    path = tmp_path / "map.xlsx"
    save_impact_map(rich_map, path)
    book = load_workbook(path)
    sheet = book["Impact map"]
    include = [cell.value for cell in sheet[1]].index("Include") + 1
    sheet.cell(row=2, column=include, value="no")
    book.save(path)
    assert load_impact_map(path).outcomes[0].include is False


def test_a_file_that_is_not_a_workbook_is_rejected(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip")
    (problem,) = rejected(path)
    assert problem.startswith("cannot read workbook")


def test_text_typed_as_a_formula_is_written_as_text_and_read_back_as_typed(tmp_path):
    data = two_stakeholder_data()
    data["name"] = "=cmd|' /C calc'!A0"
    data["stakeholders"][0]["name"] = "@SUM(A1)"
    data["outcomes"][0]["description"] = "-2 visits to A&E"
    impact_map = impact_map_from_dict(data)
    path = tmp_path / "map.xlsx"
    save_impact_map(impact_map, path)
    book = load_workbook(path)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert {"'=cmd|' /C calc'!A0", "'@SUM(A1)", "'-2 visits to A&E"} <= {c.value for c in cells}
    assert load_impact_map(path) == impact_map
