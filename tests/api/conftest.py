"""Report what schemathesis sent and got back, at the end of a run that included it."""

from __future__ import annotations

import sys


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    module = sys.modules.get("tests.api.test_schemathesis")  # only if this run loaded it
    results = getattr(module, "RESULTS", None)
    if not results:
        return
    by_status: dict[int, int] = {}
    for (_operation, status), n in results.items():
        by_status[status] = by_status.get(status, 0) + n
    operations = {operation for operation, _status in results}
    terminalreporter.write_sep("-", "schemathesis")
    terminalreporter.write_line(
        f"{sum(results.values())} requests over {len(operations)} operations; by status: "
        + ", ".join(f"{status}: {n}" for status, n in sorted(by_status.items()))
    )
