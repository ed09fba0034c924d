"""Benchmark: import 100,000 spreadsheet rows against a raw bulk insert of the same rows.

A throwaway SQLite database (a temporary LAC_DATA_DIR, migrated) holds one
programme with ten wards. A coordinator's workbook of 100,000 distinct rows
(written by a child process, so its memory is not counted) is imported with
the real engine: read with calamine, every cell checked, duplicates looked
for, people, introductions (with their challenges and the notes), level and
status history, first and latest assessments with their scores and the
imported-row records stored, in one transaction.

The baseline, in the same run and the same database: the same rows, already
parsed into Python values, stored as people and introductions with
``bulk_create`` and nothing else (no reading, no checks, no history).

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
HEADER = [
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


def write_workbook(path: Path, count: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Introductions")
    sheet.append(HEADER)
    for row in synthetic_rows(count):
        sheet.append(list(row))
    book.save(path)


def setup_django(data_dir: Path) -> None:
    os.environ["LAC_DATA_DIR"] = str(data_dir)
    os.environ["DEBUG"] = "false"  # no query log: as in production
    os.environ.pop("DATABASE_URL", None)
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
    """People and introductions for the same rows, already parsed, with multi-row INSERTs
    (the import's own fastest path) and nothing else: no reading, checks, history or keys."""
    from django.db import transaction

    from lac.accounts.models import Neighbourhood
    from lac.casework.models import Introduction
    from lac.imports.bulk import insert
    from lac.people.models import Person

    hoods = {n.name: n.pk for n in Neighbourhood.objects.filter(programme=programme)}
    rows = list(synthetic_rows(count))
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        for offset in range(0, len(rows), 2000):
            chunk = rows[offset : offset + 2000]
            ids = insert(
                Person,
                [
                    {
                        "full_name": f"{r[1]} {r[0]}",
                        "date_of_birth": r[2],
                        "postcode": r[10],
                        "neighbourhood_id": hoods[r[3]],
                        "status": "closed" if r[8] else "active",
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
                        "neighbourhood_id": hoods[r[3]],
                        "date": r[4],
                    }
                    for pk, r in zip(ids, chunk, strict=True)
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
        from lac.imports.services import import_file

        programme = make_programme("bench-import")
        started, cpu = time.perf_counter(), time.process_time()
        report = import_file(path=workbook, programme=programme, user=None)
        import_seconds = time.perf_counter() - started
        import_cpu = time.process_time() - cpu
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        stored = report.created_introductions
        if report.rows != args.rows or stored != args.rows or report.rejected:
            print(f"unexpected report: {json.dumps(report.as_json())[:500]}", file=sys.stderr)
            return 1
        raw_seconds, raw_cpu = raw_insert(make_programme("bench-raw"), args.rows)

    ratio = import_seconds / raw_seconds
    load = os.getloadavg()[0]
    figures = [
        {
            "benchmark": "imports",
            "measure": f"import {args.rows:,} rows (read, checked, stored) on SQLite",
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
