"""Messy monitoring spreadsheets, built in code, the way coordinators really keep them.

Programme A (the ``world`` fixture) started on 1 April 2020 and has North and
South wards; alice coordinates North, amir South.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

# Jo's layout: a title, a blank line, then the header on row 3; surname and first
# name apart; dates typed every which way; the ward merged down a block of rows.
JO_HEADER = [
    "Ref",
    "Surname",
    "First name",
    "D.O.B.",
    "Ward",
    "Intro date",
    "Introduced by",
    "Level",
    "Status",
    "Closed date",
    "Reason for closure",
    "Postcode",
    "Notes",
    "Favourite colour",
]
JO_ROWS = [
    # row 4: a real date cell, merged "North Ward" covers rows 4-6
    [
        "J1",
        "Example",
        "Ann",
        date(1950, 3, 14),
        "North Ward",
        date(2021, 5, 4),
        "GP",
        "L1",
        "Open",
        None,
        None,
        "de1 1aa",
        None,
        "Blue",
    ],
    # row 5: text date dd/mm/yyyy and "d Mon yyyy"
    [
        "J2",
        "Sample",
        "Bob",
        "02/11/1948",
        None,
        "4 Mar 2022",
        "Doctor",
        "Level 2",
        "Closed",
        "01/09/2022",
        "Moved away",
        "DE1 2BB",
        None,
        "Red",
    ],
    # row 6: Excel serial number and ISO text
    [
        "J3",
        "Tester",
        "Cara",
        23000,
        None,
        "2021-07-19",
        "Self",
        "one-off",
        "Active",
        None,
        None,
        None,
        "Met at the library",
        None,
    ],
    # row 7: 31 February: not a real date
    [
        "J4",
        "Mock",
        "Dan",
        "31/02/1950",
        "north",
        "05/05/2021",
        "Police",
        "2",
        "Open",
        None,
        None,
        None,
        None,
        None,
    ],
    # row 8: a ward that is not in the programme
    [
        "J5",
        "Dummy",
        "Eve",
        "01/01/1960",
        "Narnia",
        "05/05/2021",
        "Fire",
        "1",
        "Open",
        None,
        None,
        None,
        None,
        None,
    ],
    # row 9: introduced in the future
    [
        "J6",
        "Placeholder",
        "Fay",
        "01/01/1970",
        "South Ward",
        "01/01/2099",
        "Housing",
        "1",
        "Open",
        None,
        None,
        None,
        None,
        None,
    ],
    # row 10: introduced before the programme started
    [
        "J7",
        "Specimen",
        "Gil",
        "01/01/1971",
        "South",
        "15/03/2019",
        "Council",
        "1",
        "Open",
        None,
        None,
        None,
        None,
        None,
    ],
    # row 11: an introducer nobody mapped
    [
        "J8",
        "Fixture",
        "Hal",
        "12/12/1962",
        "South",
        "10/10/2022",
        "Mrs Jones",
        "L2",
        "Open",
        None,
        None,
        None,
        None,
        None,
    ],
    # row 12: exactly the same as row 4 (pasted twice)
    [
        "J1",
        "Example",
        "Ann",
        date(1950, 3, 14),
        "North Ward",
        date(2021, 5, 4),
        "GP",
        "L1",
        "Open",
        None,
        None,
        "de1 1aa",
        None,
        "Blue",
    ],
    # row 13: a formula that copies the row above's surname (cached value injected)
    [
        "J9",
        None,
        "Ivy",
        "07/07/1977",
        "South",
        "07/07/2023",
        "Pharmacy",
        "Level 1",
        "Open",
        None,
        None,
        None,
        None,
        None,
    ],
]

# Sam's layout: different headers, the header on row 1, a whole name, age and DOB.
SAM_HEADER = [
    "Full name",
    "DOB",
    "Age",
    "Area",
    "Referral date",
    "Referral source",
    "Support level",
    "Reason for closure",
    "Closed date",
]
SAM_ROWS = [
    # row 2: the same person as Jo's row 4, introduced again later
    ["Ann Example", "14/03/1950", 73, "North", "2 Jan 2024", "Hospital", "L2", None, None],
    # row 3: "Surname, First" and a two-digit year that only fits one century
    ["Jones, Kit", "05/06/45", None, "South ward", "03/03/2023", "Friend", "1", None, None],
    # row 4: age does not match the date of birth
    ["Lou Trial", "01/01/1990", 70, "South", "03/03/2023", "GP", "1", None, None],
    # row 5: US order: month 25 does not exist
    ["Max Demo", "12/25/1980", None, "South", "03/03/2023", "GP", "1", None, None],
    # row 6: closed with a reason and date
    [
        "Ned Proto",
        "1 April 1955",
        None,
        "  SOUTH  ",
        "01/06/2020",
        "Age UK",
        "L1",
        "Deceased",
        "20/12/2021",
    ],
]


def inject_cached_values(path: Path, sheet_number: int, values: dict[str, str]) -> None:
    """Give formula cells the value Excel would have saved with them (openpyxl cannot)."""
    temp = path.with_suffix(".tmp")
    member = f"xl/worksheets/sheet{sheet_number}.xml"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == member:
                xml = data.decode()
                for ref, value in values.items():
                    xml = re.sub(
                        rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>',
                        rf'<c r="{ref}"\1 t="str"><f>\2</f><v>{value}</v>',
                        xml,
                    )
                data = xml.encode()
            out.writestr(item, data)
    shutil.move(temp, path)


def messy_workbook(path: Path) -> Path:
    """Two coordinators' layouts, a summary sheet, an empty sheet and a header-only sheet."""
    book = Workbook()
    jo = book.active
    jo.title = "Jo 2021-23"
    jo.append(["Monitoring spreadsheet – Jo (Local Area Coordinator)"])
    jo.append([])
    jo.append(JO_HEADER)
    for row in JO_ROWS:
        jo.append(row)
    jo.merge_cells("E4:E6")
    jo["B13"] = "=B12"
    jo["D4"].number_format = "dd/mm/yyyy"
    jo["F4"].number_format = "dd/mm/yyyy"

    sam = book.create_sheet("Sam")
    sam.append(SAM_HEADER)
    for row in SAM_ROWS:
        sam.append(row)

    summary = book.create_sheet("Summary")
    summary.append(["Total introductions", "=COUNTA('Jo 2021-23'!B4:B13)"])
    summary.append(["Quarter", "Q1"])
    book.create_sheet("Empty")
    header_only = book.create_sheet("2019 (old)")
    header_only.append(["Name", "DOB", "Ward", "Date introduced"])
    book.save(path)
    inject_cached_values(path, 1, {"B13": "Example"})
    return path


def identical_rows(path: Path, count: int = 10_000) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Copied")
    sheet.append(["Name", "Date of birth", "Ward", "Date introduced", "Source", "Level"])
    for _ in range(count):
        sheet.append(["Pat Same", datetime(1960, 1, 2), "North", datetime(2022, 2, 3), "GP", "1"])
    book.save(path)
    return path


def simple_workbook(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(header or ["Name", "DOB", "Ward", "Date introduced", "Introduced by", "Level"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def truncated(path: Path) -> Path:
    full = simple_workbook(
        path.with_name("whole.xlsx"),
        [["Ann Example", "01/01/1950", "North", "01/05/2021", "GP", "1"]],
    )
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def png_renamed(path: Path) -> Path:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    return path


CSV_HEADER_ROW = ["Name", "D.O.B", "Neighbourhood", "Referral date", "Source", "Level", "Notes"]


def csv_utf8_bom(path: Path) -> Path:
    lines = [
        ",".join(CSV_HEADER_ROW),
        'Zoë Exemplar,01/02/1950,North,01/05/2021,GP,L1,"Likes gardening, knitting"',
        "Siân Mock-Up,03/04/1960,South,02/05/2021,Self,L2,",
    ]
    path.write_bytes("\ufeff".encode() + "\r\n".join(lines).encode("utf-8"))
    return path


def csv_windows_1252(path: Path) -> Path:
    lines = [
        ";".join(CSV_HEADER_ROW),
        "Renée Sample;01/02/1950;North Ward;01/05/2021;GP;1;Owes £200 – rent",
        "Chloë Dummy;03/04/1960;south;02/05/2021;Doctor;2;",
    ]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path


MONITORING_HEADER = [
    "Name",
    "D.O.B.",
    "Ward",
    "Intro date",
    "Referral source",
    "Support level",
    "Primary category",
    "Housing",
    "Issues at introduction",
    "What they want",
    "Phone",
    "Email",
    "Next contact",
    "Status",
    "Closed date",
    "Reason for closure",
    "Postcode",
    "Notes",
    "Life Control (first)",
    "Life Control (latest)",
    "People support - first",
    "People support - latest",
    "Money (baseline)",
    "Money (end)",
    "First assessment date",
    "Services avoided",
]


def monitoring_workbook(path: Path, rows: list[list[object]]) -> Path:
    """A Derby-style monitoring sheet: every column IMPORT-SPEC.md lists, progress scores
    per life area and moment included."""
    return simple_workbook(path, rows, header=MONITORING_HEADER)
