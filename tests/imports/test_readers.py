import zipfile
from datetime import date

import pytest

from lac.imports.readers import UnreadableFile, as_text, column_letter, open_workbook
from tests.imports import workbooks


def rows_of(sheet):
    return [(number, [as_text(c) for c in row]) for number, row in sheet.rows()]


def test_every_sheet_of_a_workbook_is_read_with_excel_row_numbers(tmp_path):
    book = open_workbook(workbooks.messy_workbook(tmp_path / "messy.xlsx"))
    assert [s.name for s in book.sheets] == ["Jo 2021-23", "Sam", "Summary", "Empty", "2019 (old)"]
    jo = dict(rows_of(book.sheets[0]))
    assert jo[3][:3] == ["Ref", "Surname", "First name"]
    assert jo[4][1] == "Example"


def test_a_ward_merged_down_several_rows_fills_each_row(tmp_path):
    jo = open_workbook(workbooks.messy_workbook(tmp_path / "messy.xlsx")).sheets[0]
    ward = dict(rows_of(jo))
    assert [ward[n][4] for n in (4, 5, 6, 7)] == ["North Ward", "North Ward", "North Ward", "north"]


def test_a_formula_cell_gives_the_value_excel_saved(tmp_path):
    jo = open_workbook(workbooks.messy_workbook(tmp_path / "messy.xlsx")).sheets[0]
    assert dict(rows_of(jo))[13][1] == "Example"


def test_date_cells_come_back_as_dates(tmp_path):
    jo = open_workbook(workbooks.messy_workbook(tmp_path / "messy.xlsx")).sheets[0]
    row4 = next(row for number, row in jo.rows() if number == 4)
    assert row4[3] == date(1950, 3, 14)


def test_an_empty_sheet_has_no_rows(tmp_path):
    empty = open_workbook(workbooks.messy_workbook(tmp_path / "messy.xlsx")).sheets[3]
    assert list(empty.rows()) == []


def test_csv_in_utf8_with_a_bom_reads_accents_and_quoted_commas(tmp_path):
    book = open_workbook(workbooks.csv_utf8_bom(tmp_path / "people.csv"))
    rows = rows_of(book.sheets[0])
    assert rows[0][1][0] == "Name"  # no BOM left on the first header
    assert rows[1][1][0] == "Zoë Exemplar"
    assert rows[1][1][6] == "Likes gardening, knitting"


def test_csv_in_windows_1252_with_semicolons_reads_pounds_and_accents(tmp_path):
    book = open_workbook(workbooks.csv_windows_1252(tmp_path / "people.csv"))
    rows = rows_of(book.sheets[0])
    assert rows[0][1][:2] == ["Name", "D.O.B"]
    assert rows[1][1][0] == "Renée Sample"
    assert rows[1][1][6] == "Owes £200 – rent"


def test_a_csv_file_named_xlsx_is_read_as_csv(tmp_path):
    path = workbooks.csv_utf8_bom(tmp_path / "people.csv").rename(tmp_path / "people.xlsx")
    book = open_workbook(path)
    assert book.kind == "csv"
    assert len(rows_of(book.sheets[0])) == 3


def test_a_picture_renamed_xlsx_is_not_a_spreadsheet(tmp_path):
    with pytest.raises(UnreadableFile, match="not a spreadsheet"):
        open_workbook(workbooks.png_renamed(tmp_path / "photo.xlsx"))


def test_a_truncated_workbook_is_reported_as_damaged(tmp_path):
    with pytest.raises(UnreadableFile, match="damaged or incomplete"):
        open_workbook(workbooks.truncated(tmp_path / "cut.xlsx"))


def test_a_zip_without_a_workbook_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UnreadableFile, match="zip file without a workbook"):
        open_workbook(path)


def test_an_empty_file_says_so(tmp_path):
    path = tmp_path / "nothing.xlsx"
    path.write_bytes(b"")
    with pytest.raises(UnreadableFile, match="the file is empty"):
        open_workbook(path)


def test_an_ods_spreadsheet_is_read(tmp_path):
    path = tmp_path / "sheet.ods"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        '<table:table table:name="Intros">'
        "<table:table-row>"
        '<table:table-cell office:value-type="string"><text:p>Name</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>Ward</text:p></table:table-cell>'
        "</table:table-row><table:table-row>"
        '<table:table-cell office:value-type="string"><text:p>Ann Example</text:p>'
        "</table:table-cell>"
        '<table:table-cell office:value-type="string"><text:p>North</text:p></table:table-cell>'
        "</table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    book = open_workbook(path)
    assert book.kind == "ods"
    assert rows_of(book.sheets[0]) == [(1, ["Name", "Ward"]), (2, ["Ann Example", "North"])]


def test_column_letters_follow_excel():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


@pytest.mark.parametrize("maker", [workbooks.messy_workbook, workbooks.csv_windows_1252])
def test_each_sheet_knows_how_many_rows_it_gives_for_the_progress_bar(tmp_path, maker):
    book = open_workbook(
        maker(tmp_path / ("people.xlsx" if maker is workbooks.messy_workbook else "people.csv"))
    )
    for sheet in book.sheets:
        size = sheet.size()
        numbers = [number for number, _ in sheet.rows()]
        assert size == (numbers[-1] if numbers else 0)


def test_a_csv_without_a_final_line_break_counts_its_last_row(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b'Name,Ward\r\nAnn,North\r\n"Bo\nb",South')
    sheet = open_workbook(path).sheets[0]
    assert sheet.size() == 4  # lines: never fewer than the rows read (here 3)
    assert [number for number, _ in sheet.rows()] == [1, 2, 3]
