"""``make bench``: run every benchmark in this folder and print one report.

Each ``bench/<name>.py`` is a script that accepts ``--json PATH`` and writes a
list of figures: {"benchmark", "measure", "value", "unit", "baseline"?,
"ratio"?, "target"?}. Ratios are always against a baseline measured in the
same run, so the figures compare fairly on any machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def run_one(script: Path) -> list[dict[str, object]]:
    """Run one benchmark; a missed target (exit 1) still reports its figures."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        completed = subprocess.run(
            [sys.executable, str(script), "--json", out.name], cwd=HERE.parent, check=False
        )
        text = Path(out.name).read_text()
    figures: list[dict[str, object]] = json.loads(text) if text.strip() else []
    if completed.returncode == 1 and figures:
        figures.append({"benchmark": script.stem, "measure": "targets", "value": "MISSED"})
    elif completed.returncode != 0:
        figures.append(
            {
                "benchmark": script.stem,
                "measure": "FAILED",
                "value": completed.returncode,
                "unit": "exit status",
            }
        )
    return figures


def main() -> int:
    scripts = sorted(p for p in HERE.glob("*.py") if p.name != "run.py")
    figures: list[dict[str, object]] = []
    for script in scripts:
        print(f"== {script.stem}", flush=True)
        figures.extend(run_one(script))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(figures, indent=2))
    print("\n" + table(figures))
    print(f"\nWritten to {RESULTS / 'latest.json'}")
    return 1 if any(f["measure"] == "FAILED" for f in figures) else 0


def table(figures: list[dict[str, object]]) -> str:
    headers = ("benchmark", "measure", "value", "unit", "ratio", "target")
    rows = [headers] + [tuple(format_cell(f.get(h)) for h in headers) for f in figures]
    widths = [max(len(row[i]) for row in rows) for i in range(len(headers))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows
    )


def format_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
