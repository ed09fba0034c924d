"""The value engine's problems with an uploaded map file, read in Welsh (#24).

The engine words them in English; the evaluation app words them again from the
catalogue, the workbook's own sheet and column names kept as the file has them.
"""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from lac.outcomes.value_problems import engine_problems
from lac.value import ValueDataError, impact_map_from_dict, messages, save_impact_map, simulate
from lac.value.safeyaml import MAX_FILE_BYTES
from tests.evaluation.factories import small_document, stored_map
from tests.value.test_untrusted_files import ALIAS_BOMB


def upload(client, impact_map, name, content):
    response = client.post(
        f"/evaluation/{impact_map.pk}/upload/", {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def reader(client_for, language):
    client = client_for("lena")
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def workbook(tmp_path):
    """The small map as a value-map workbook, for a test to break and upload."""
    path = tmp_path / "map.xlsx"
    save_impact_map(impact_map_from_dict(small_document()), path)
    return path


def broken(path, change):
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path.read_bytes()


def headers(book, sheet="Impact map"):
    return [cell.value for cell in book[sheet][1]]


def test_a_workbooks_unknown_column_and_sheet_read_in_welsh_with_their_names_as_written(
    client_for, world, workbook
):
    def change(book):
        book["Impact map"].cell(row=1, column=40, value="Lliw")
        book.create_sheet("Nodiadau")

    content = broken(workbook, change)
    impact_map = stored_map(world.programme)
    page = upload(reader(client_for, "cy"), impact_map, "map.xlsx", content)
    assert (
        "taflen 'Nodiadau': taflen anhysbys "
        "(disgwylir: Settings, Stakeholders, Inputs, Impact map)" in page
    )
    assert "unknown sheet" not in page
    page = upload(reader(client_for, "en-gb"), impact_map, "map.xlsx", content)
    assert "sheet 'Nodiadau': unknown sheet (expected: Settings" in page
    assert impact_map.versions.count() == 1


def test_a_workbooks_unknown_column_reads_in_welsh_naming_the_column_as_written(
    client_for, world, workbook
):
    content = broken(workbook, lambda book: book["Impact map"].cell(1, 40, value="Colour"))
    impact_map = stored_map(world.programme)
    page = upload(reader(client_for, "cy"), impact_map, "map.xlsx", content)
    assert "taflen 'Impact map', rhes 1, colofn AN: colofn anhysbys 'Colour'" in page
    page = upload(reader(client_for, "en-gb"), impact_map, "map.xlsx", content)
    assert "sheet 'Impact map', row 1, column AN: unknown column 'Colour'" in page


def test_a_workbooks_missing_column_reads_in_welsh(client_for, world, workbook):
    def change(book):
        book["Inputs"].delete_cols(headers(book, "Inputs").index("Value") + 1)

    impact_map = stored_map(world.programme)
    page = upload(reader(client_for, "cy"), impact_map, "map.xlsx", broken(workbook, change))
    assert "taflen 'Inputs': mae’r golofn ofynnol 'Value' ar goll" in page


def test_a_workbooks_bad_cell_reads_in_welsh_at_its_sheet_row_and_column(
    client_for, world, workbook
):
    column = headers(load_workbook(workbook)).index("Attribution") + 1

    def change(book):
        book["Impact map"].cell(2, column, value=1.4)

    content = broken(workbook, change)
    impact_map = stored_map(world.programme)
    letter = get_column_letter(column)
    page = upload(reader(client_for, "cy"), impact_map, "map.xlsx", content)
    place = f"taflen 'Impact map', rhes 2, colofn {letter} (Attribution)"
    assert f"{place}: rhaid iddo fod rhwng 0 a 1, cafwyd 1.4" in page
    page = upload(reader(client_for, "en-gb"), impact_map, "map.xlsx", content)
    place = f"sheet 'Impact map', row 2, column {letter} (Attribution)"
    assert f"{place}: must be between 0 and 1, got 1.4" in page


def test_a_file_that_is_no_workbook_and_a_yaml_alias_read_in_welsh(client_for, world):
    impact_map = stored_map(world.programme)
    client = reader(client_for, "cy")
    page = upload(client, impact_map, "map.xlsx", b"not a workbook")
    assert "methu darllen y llyfr gwaith" in page
    page = upload(client, impact_map, "bomb.yaml", ALIAS_BOMB.encode())
    assert "ni chaniateir angorau ac arallenwau YAML (& a *)" in page
    page = upload(client, impact_map, "twice.json", b'{"name": "a", "name": "b"}')
    assert "mae’r allwedd 'name' yn cael ei rhoi ddwywaith" in page


def test_an_oversized_upload_is_refused_in_welsh(client_for, world):
    client = client_for("eve")
    client.cookies["django_language"] = "cy"
    big = SimpleUploadedFile("big.yaml", b"#" * (MAX_FILE_BYTES + 1))
    data = {"programme": world.programme.pk, "mode": "forecast", "file": big}
    page = html.unescape(client.post("/evaluation/new/", data).content.decode())
    assert "Mae’r ffeil yn 2.0 MB; ni chaiff ffeiliau mwy na 2 MB eu darllen" in page


def test_the_monte_carlos_argument_problems_are_worded_from_the_catalogue():
    impact_map = impact_map_from_dict(small_document())
    with pytest.raises(ValueDataError, match="draws must be at least 1, got 0") as caught:
        simulate(impact_map, draws=0)
    assert caught.value.problems[0].template == messages.TOO_FEW_DRAWS
    with translation.override("cy"):
        assert engine_problems(caught.value) == ["rhaid i’r tyniadau fod yn 1 o leiaf, cafwyd 0"]
    with pytest.raises(ValueError, match="seed must be 0 or more, got -1") as caught:
        simulate(impact_map, draws=10, seed=-1)
    with translation.override("cy"):
        assert engine_problems(caught.value) == ["rhaid i’r hedyn fod yn 0 neu fwy, cafwyd -1"]
