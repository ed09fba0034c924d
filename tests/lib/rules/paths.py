"""Drive one record through each entry path (web form, API, import) and read back the
message that refused it, so a rule's test asserts the same words on every path."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

from django.core.management import call_command
from openpyxl import Workbook

from tests.api.data import bearer, token
from tests.imports.workbooks import simple_workbook


def web_refusal(client, url: str, data: dict) -> str:
    """The page a refused form comes back as (200, not saved), as text."""
    response = client.post(url, data)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return unescape(response.content.decode())


def api_refusal(client, user, path: str, body: dict) -> dict[str, list[str]]:
    """The 422 an API POST is refused with: field → messages."""
    response = client.post(
        path, json.dumps(body), content_type="application/json", **bearer(token(user))
    )
    assert response.status_code == 422, response.content
    problems: dict[str, list[str]] = {}
    for problem in response.json()["detail"]:
        problems.setdefault(str(problem["loc"][-1]), []).append(problem["msg"])
    return problems


def import_refusal(capsys, folder: Path, header: list[str], row: list[object]) -> dict[str, str]:
    """A one-row import (dry run) that is rejected: column header → problem."""
    path = simple_workbook(folder / "rules.xlsx", [row], header=header)
    call_command("import", str(path), "--programme", "a", "--format", "json", "--dry-run")
    report = json.loads(capsys.readouterr().out)
    assert report["rows"] == 1
    return {problem["column"]: problem["problem"] for problem in report["rejected"]}


INTRO_HEADER = ["Name", "DOB", "Ward", "Date introduced", "Introduced by", "Level"]


def intro_row(**cells: object) -> tuple[list[str], list[object]]:
    """A valid row of a monitoring sheet, with ``cells`` (header → value) changed or added."""
    row: dict[str, object] = {
        "Name": "Rowan Rules",
        "DOB": "01/02/1950",
        "Ward": "North",
        "Date introduced": "01/05/2024",
        "Introduced by": "GP",
        "Level": "1",
        **cells,
    }
    return list(row), list(row.values())


CONTACTS_HEADER = ["Ref", "Contact date", "Contact type", "Duration", "Notes", "Next contact"]
OUTCOMES_HEADER = ["Ref", "What changed", "Date of change", "Notes"]


def records_refusal(capsys, folder: Path, header: list[str], row: list[object]) -> dict[str, str]:
    """A workbook of one introduction (Ref "R1", :func:`intro_row`) and a record sheet of
    one row about that person (a contacts log, a sheet of outcomes…), imported as a dry
    run: the record row's column header → problem."""
    intro_header, intro = intro_row()
    book = Workbook()
    introductions = book.active
    introductions.title = "Introductions"
    introductions.append(["Ref", *intro_header])
    introductions.append(["R1", *intro])
    records = book.create_sheet("Records")
    records.append(header)
    records.append(row)
    path = folder / "records.xlsx"
    book.save(path)
    call_command("import", str(path), "--programme", "a", "--format", "json", "--dry-run")
    report = json.loads(capsys.readouterr().out)
    return {
        problem["column"]: problem["problem"]
        for problem in report["rejected"]
        if problem["sheet"] == "Records"
    }
