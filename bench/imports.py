"""Benchmark: import 100,000 spreadsheet rows against a raw bulk insert of the same rows.

A throwaway SQLite database (a temporary LAC_DATA_DIR, migrated) holds one
programme with ten wards. A coordinator's workbook of 100,000 distinct rows
(written by a child process, so its memory is not counted), with a contacts
log of 50,000 conversations on a second sheet joined to them by the sheet's
own ID, is imported with the real engine: read with calamine, every cell
checked, duplicates looked for, people, introductions (with their challenges
and the notes), level and status history, first and latest assessments with
their scores, the conversations (moving each person's contact dates on), the
imported-row records and the ledger an undo reads, stored in one transaction.

The baseline, in the same run and the same database: the same rows, already
parsed into Python values, stored as people, introductions and conversations
with multi-row inserts and nothing else (no reading, no checks, no history).

Peak memory is the import process's maximum resident set (ru_maxrss) once
the import has finished, before the baseline runs.

Run: .venv/bin/python bench/imports.py [--json PATH] [--rows N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROWS = 100_000
TARGET_SECONDS = 20.0
TARGET_MEGABYTES = 500.0
TARGET_RATIO = 5.0
WARDS = [f"Bench Ward {n}" for n in range(1, 11)]
SOURCES = ["GP", "Doctor", "Council", "Self", "Friend", "Police", "Hospital", "Age UK"]
LEVELS = ["1", "L1", "Level 1", "one-off", "2", "L2", "Level 2"]
CONTACTS_PER_ROW = 0.5
"""Conversations in the contacts log, per introduction row."""
CONTACT_HEADER = ["Ref", "Date", "Contact type", "Duration", "Notes"]
MODES = ["Home visit", "Phone", "Cafe", "Zoom"]
HEADER = [
    "Ref",
    "Surname",
    "First name",
    "D.O.B.",
    "Ward",
    "Intro date",
    "Introduced by",
    "Support level",
    "Status",
    "Closed date",
    "Reason for closure",
    "Postcode",
    "Notes",
    "Housing",
    "Issues at introduction",
    "Phone",
    "Life control (first)",
    "Life control (latest)",
    "People support (first)",
    "People support (latest)",
    "Money (first)",
    "Money (latest)",
]
HOUSING = ["Council tenant", "Housing association", "Owner occupier", "Private rented"]
CHALLENGES = ["Loneliness", "Debt", "Housing", "Mental health", "Caring", "Loneliness; debt"]


def synthetic_rows(count: int) -> Iterator[tuple]:
    """Distinct, obviously synthetic people; dates as real dates, as Excel stores them."""
    rng = random.Random(2026)
    for n in range(count):
        introduced = date(2020, 4, 1) + timedelta(days=rng.randrange(2000))
        born = date(1935, 1, 1) + timedelta(days=rng.randrange(25000))
        closed = rng.random() < 0.3
        closed_on = min(introduced + timedelta(days=rng.randrange(10, 300)), date(2025, 12, 31))
        yield (
            f"R{n}",
            f"Example{n}",
            rng.choice(["Ann", "Bob", "Cara", "Dan", "Eve", "Fay"]),
            born,
            rng.choice(WARDS),
            introduced,
            rng.choice(SOURCES),
            rng.choice(LEVELS),
            "Closed" if closed else "Open",
            closed_on if closed else None,
            rng.choice(["Goals met", "Moved away", "Lost contact"]) if closed else None,
            f"DE{rng.randrange(1, 24)} {rng.randrange(1, 10)}{rng.choice('ABDEFGHJ')}"
            f"{rng.choice('LNPQRSTU')}",
            "Likes the allotment group" if n % 10 == 0 else None,
            rng.choice(HOUSING),
            rng.choice(CHALLENGES),
            f"07700 9{n % 100000:05d}",
            *scores(rng, with_scores=n % 2 == 0),
        )


def scores(rng: random.Random, *, with_scores: bool) -> list[int | None]:
    """First and latest scores on three life areas for half the rows."""
    if not with_scores:
        return [None] * 6
    values: list[int | None] = []
    for _ in range(3):
        first = rng.randint(1, 4)
        values += [first, min(5, first + rng.randint(0, 2))]
    return values


def contact_rows(count: int) -> Iterator[tuple]:
    """A contacts log: one conversation a row, joined to its person by the sheet's own ID,
    on or after 1 January 2026 (after every introduction)."""
    rng = random.Random(2027)
    for n in range(int(count * CONTACTS_PER_ROW)):
        yield (
            f"R{rng.randrange(count)}",
            date(2026, 1, 1) + timedelta(days=n % 300),
            rng.choice(MODES),
            rng.choice([15, 30, 45, 60]),
            "Talked about the week" if n % 5 == 0 else None,
        )


def write_workbook(path: Path, count: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Introductions")
    sheet.append(HEADER)
    for row in synthetic_rows(count):
        sheet.append(list(row))
    log = book.create_sheet("Contacts")
    log.append(CONTACT_HEADER)
    for contact in contact_rows(count):
        log.append(list(contact))
    book.save(path)


def setup_django(data_dir: Path) -> None:
    os.environ["LAC_DATA_DIR"] = str(data_dir)
    os.environ["DEBUG"] = "false"  # no query log: as in production
    os.environ.pop("DATABASE_URL", None)
    # The engine is measured at 100,000 rows a sheet: above the limits an upload is held to
    # by default (IMPORT_MAX_ROWS, IMPORT_MAX_UNZIPPED_MB), which a council may raise.
    os.environ["IMPORT_MAX_ROWS"] = "1000000"
    os.environ["IMPORT_MAX_UNZIPPED_MB"] = "2000"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lac.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def make_programme(slug: str):  # type: ignore[no-untyped-def]
    from lac.accounts.models import Neighbourhood, Programme

    programme = Programme.objects.create(
        name=f"Bench {slug}", slug=slug, council="Bench Council", start_date=date(2020, 4, 1)
    )
    Neighbourhood.objects.bulk_create(Neighbourhood(programme=programme, name=w) for w in WARDS)
    return programme


def raw_insert(programme, count: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """People, introductions and conversations for the same rows, already parsed, with
    multi-row INSERTs (the import's own fastest path) and nothing else: no reading, checks,
    history or keys."""
    from django.db import transaction

    from lac.accounts.models import Neighbourhood
    from lac.casework.models import Conversation, Introduction
    from lac.imports.bulk import insert
    from lac.people.models import Person

    hoods = {n.name: n.pk for n in Neighbourhood.objects.filter(programme=programme)}
    rows = list(synthetic_rows(count))
    contacts = list(contact_rows(count))
    person_ids: dict[str, int] = {}
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        for offset in range(0, len(rows), 2000):
            chunk = rows[offset : offset + 2000]
            ids = insert(
                Person,
                [
                    {
                        "full_name": f"{r[2]} {r[1]}",
                        "date_of_birth": r[3],
                        "postcode": r[11],
                        "neighbourhood_id": hoods[r[4]],
                        "status": "closed" if r[9] else "active",
                    }
                    for r in chunk
                ],
                returning=True,
            )
            insert(
                Introduction,
                [
                    {
                        "person_id": pk,
                        "programme_id": programme.pk,
                        "neighbourhood_id": hoods[r[4]],
                        "date": r[5],
                    }
                    for pk, r in zip(ids, chunk, strict=True)
                ],
            )
            person_ids.update(zip((r[0] for r in chunk), ids, strict=True))
        insert(
            Conversation,
            [
                {
                    "person_id": person_ids[c[0]],
                    "date": c[1],
                    "mode": "phone",
                    "duration_minutes": c[3],
                }
                for c in contacts
            ],
        )
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--write-workbook", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_workbook:
        write_workbook(args.write_workbook, args.rows)
        return 0

    with tempfile.TemporaryDirectory(prefix="lac-bench-imports-") as temp:
        temp_dir = Path(temp)
        workbook = temp_dir / "coordinator.xlsx"
        subprocess.run(
            [sys.executable, __file__, "--write-workbook", str(workbook), "--rows", str(args.rows)],
            check=True,
        )
        setup_django(temp_dir)
        from lac.audit.actor import Actor
        from lac.imports.services import import_file

        programme = make_programme("bench-import")
        started, cpu = time.perf_counter(), time.process_time()
        report = import_file(
            path=workbook, programme=programme, actor=Actor.working_as(None, job="bench")
        )
        import_seconds = time.perf_counter() - started
        import_cpu = time.process_time() - cpu
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        stored = report.created_introductions
        contacts = int(args.rows * CONTACTS_PER_ROW)
        if (
            report.rows != args.rows + contacts
            or stored != args.rows
            or report.created_conversations != contacts
            or report.rejected
        ):
            print(f"unexpected report: {json.dumps(report.as_json())[:500]}", file=sys.stderr)
            return 1
        raw_seconds, raw_cpu = raw_insert(make_programme("bench-raw"), args.rows)

    ratio = import_seconds / raw_seconds
    load = os.getloadavg()[0]
    figures = [
        {
            "benchmark": "imports",
            "measure": f"import {args.rows:,} rows and a contacts log of {contacts:,} "
            "(read, checked, stored) on SQLite",
            "value": round(import_seconds, 2),
            "unit": "s",
            "target": f"< {TARGET_SECONDS:g} s",
        },
        {
            "benchmark": "imports",
            "measure": f"CPU time of the import (1-minute load average {load:.1f})",
            "value": round(import_cpu, 2),
            "unit": "s",
            "baseline": round(raw_cpu, 2),
            "ratio": round(import_cpu / raw_cpu, 2),
        },
        {
            "benchmark": "imports",
            "measure": "peak memory of the import process",
            "value": round(peak_mb, 1),
            "unit": "MB",
            "target": f"< {TARGET_MEGABYTES:g} MB",
        },
        {
            "benchmark": "imports",
            "measure": "import time against a raw bulk insert of the same rows",
            "value": round(import_seconds, 2),
            "unit": "s",
            "baseline": round(raw_seconds, 2),
            "ratio": round(ratio, 2),
            "target": f"< {TARGET_RATIO:g}x",
        },
    ]
    print(
        f"import: {import_seconds:.2f} s for {args.rows:,} rows "
        f"({report.created_people:,} people, {report.created_introductions:,} introductions, "
        f"{report.created_conversations:,} conversations); peak memory {peak_mb:.0f} MB; "
        f"raw bulk insert {raw_seconds:.2f} s; ratio {ratio:.2f}x; "
        f"CPU {import_cpu:.2f} s against {raw_cpu:.2f} s; load average {load:.1f}"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    met = import_seconds < TARGET_SECONDS and peak_mb < TARGET_MEGABYTES and ratio < TARGET_RATIO
    print(
        f"  targets (< {TARGET_SECONDS:g} s, < {TARGET_MEGABYTES:g} MB, < {TARGET_RATIO:g}x): "
        + ("met" if met else "MISSED")
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
