"""Benchmark: the busiest pages at network scale, on SQLite and on PostgreSQL.

For each database engine, the ``network`` demo data (11 programmes, 90
coordinators, ~100,000 people, over a million conversations) and a tenth of
it (the same 11 programmes and 90 coordinators, ~10,000 people) are built
once and reused. Each page is fetched in-process with Django's test Client,
signed in as the demo user who would open it (``force_login`` plus a verified
authenticator, as the tests do): a few warm-up requests, then ``--requests``
timed ones. Reported per page: the median and 95th percentile time (each as a
ratio to the health check's median in the same run, the baseline: one
trivial query through the whole middleware stack) and the number of SQL
queries at 10k and at 100k people, which must be equal. Every page is also
timed on the first view after a change: a conversation recorded through the
casework service in every programme just before (for the SROI report, the
first view of a run, with its charts not yet drawn), which must be under 300 ms
at network scale too. The dashboard is timed again while another process
records ten conversations a second: its median must stay within twice its
quiet median.

Pages: the caseload (a coordinator's home), a person page (the person on that
caseload with the most conversations), the programme dashboard (this
financial year, the manager's default), the network comparison (the network
viewer) and the SROI report of the main programme's latest run (the lead).

The databases (reused across runs; built when missing, which takes several
minutes at network scale; each build's time is kept and reported):

- SQLite: ``$LAC_BENCH_DIR/sqlite-<scale>/lac.sqlite3`` (LAC_BENCH_DIR
  defaults to /tmp/lac-bench)
- PostgreSQL: databases ``lac_bench`` (network), ``lac_bench_10k`` and
  ``lac_bench_small`` on ``$LAC_BENCH_POSTGRES`` (default
  postgres://postgres@127.0.0.1:5432); skipped, saying so, when no server
  answers.

Delete a directory or ``dropdb lac_bench`` to rebuild it (e.g. after a
demo-data change). The 10k data set is the network plan with every
programme's people divided by ten, built by this script (``--build 10k``).

Run: .venv/bin/python bench/pages.py [--json PATH] [--quick] [--requests N]
     [--engines sqlite,postgresql] [--scales 10k,network] [--profile PAGE]
``--quick``: the small demo scale only (about 1,950 people), for a fast check.
``--profile "programme dashboard"``: no timings; where the first view of that page
after a change spends its time (the functions and SQL queries taking longest), at each
engine and scale chosen.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DIR = Path(os.environ.get("LAC_BENCH_DIR") or Path(tempfile.gettempdir()) / "lac-bench")
POSTGRES = os.environ.get("LAC_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
TARGET_MS = 300.0
WARM_UP = 3
UNCACHED = 3
PEOPLE = {"network": "100k", "10k": "10k", "small": "660"}
LAC = str(ROOT / ".venv" / "bin" / "lac") if (ROOT / ".venv/bin/lac").exists() else "lac"


# ---------------------------------------------------------------- databases


def environment(engine: str, scale: str) -> dict[str, str]:
    """Environment for a child process using the bench database of this engine and scale."""
    env = dict(os.environ, LAC_ENV="development", DEBUG="false")
    env.pop("DATABASE_URL", None)
    data_dir = BENCH_DIR / f"{engine}-{scale}"
    env["LAC_DATA_DIR"] = str(data_dir)
    if engine == "postgresql":
        env["DATABASE_URL"] = f"{POSTGRES}/{postgres_name(scale)}"
    return env


def postgres_name(scale: str) -> str:
    return {"network": "lac_bench", "10k": "lac_bench_10k", "small": "lac_bench_small"}[scale]


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def ensure_postgres_database(scale: str) -> None:
    import psycopg

    name = postgres_name(scale)
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_built(engine: str, scale: str) -> float:
    """Build the bench database when it has no demo data; return its build time in seconds."""
    env = environment(engine, scale)
    marker = BENCH_DIR / f"{engine}-{scale}" / "built.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    if engine == "postgresql":
        ensure_postgres_database(scale)
    # Always migrate: cheap when up to date, and other apps' new tables appear.
    subprocess.run([LAC, "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)
    has_data = subprocess.run(
        [sys.executable, __file__, "--has-data"], env=env, cwd=ROOT, check=False
    )
    if has_data.returncode == 0 and marker.exists():
        count_monthly_totals(env)
        analyse(engine, scale)
        return float(json.loads(marker.read_text())["seconds"])
    print(f"   building the {scale} demo data on {engine} (once; minutes)", flush=True)
    started = time.perf_counter()
    if scale == "10k":
        command = [sys.executable, __file__, "--build", "10k"]
    else:
        command = [LAC, "demo-data", "--scale", scale]
    subprocess.run(command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    marker.write_text(json.dumps({"seconds": seconds, "built": time.strftime("%Y-%m-%d %H:%M")}))
    print(f"   built in {seconds:.0f} s", flush=True)
    count_monthly_totals(env)
    analyse(engine, scale)
    return seconds


def count_monthly_totals(env: dict[str, str]) -> None:
    """The kept monthly totals (lac.reports.monthly), counted once for a database built
    (or built by an older lac) without them; as after a restore."""
    subprocess.run([LAC, "rebuild_monthly_figures", "--if-missing"], env=env, check=True, cwd=ROOT)


def analyse(engine: str, scale: str) -> None:
    """PostgreSQL: fresh planner statistics, as autovacuum keeps them in production.

    A bulk-loaded database has none until autovacuum's analyse runs (never, on
    a server with autovacuum off), and the planner then takes 100,000 rows for
    30 and picks nested loops: seconds instead of milliseconds. SQLite is left
    as lac runs it (nothing runs ANALYZE there).
    """
    if engine != "postgresql":
        return
    import psycopg

    with psycopg.connect(f"{POSTGRES}/{postgres_name(scale)}", autocommit=True) as conn:
        conn.execute("ANALYZE")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lac.settings")
    import django

    django.setup()


def has_data() -> int:
    setup_django()
    from lac.accounts.models import Programme

    return 0 if Programme.objects.exists() else 1


def build_tenth() -> None:
    """The network plan with a tenth of the people: same programmes and coordinators."""
    setup_django()
    import random

    from django.db import transaction
    from django.utils import timezone

    from lac.demo.builders import BUILDERS
    from lac.demo.context import DemoContext
    from lac.demo.plan import network_plan

    plan = network_plan(2026)
    plan = replace(
        plan,
        scale="network",
        programmes=tuple(replace(p, people=max(1, p.people // 10)) for p in plan.programmes),
    )
    ctx = DemoContext(plan=plan, today=timezone.localdate(), rng=random.Random(plan.seed))
    with transaction.atomic():
        for build in BUILDERS:
            build(ctx)


# ---------------------------------------------------------------- measuring


def signed_in_client(username: str):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lac.accounts.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    # The demo users whose roles need two-factor have a device; giving one to a
    # coordinator would make two-factor required for them (and the load test).
    TOTPDevice.objects.filter(name="Bench authenticator").delete()  # left by older runs
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def pages() -> list[tuple[str, str, str]]:
    """(page, username, url) for every page measured, found in the demo data."""
    from django.db.models import Count

    from lac.accounts.models import Membership, Programme, Role
    from lac.evaluation.models import Run
    from lac.people.models import Person

    main = Programme.objects.order_by("pk").first()
    coordinator = Membership.objects.get(user__username="coordinator", role=Role.COORDINATOR)
    patch = list(coordinator.neighbourhoods.values_list("pk", flat=True))
    person = (
        Person.objects.filter(neighbourhood_id__in=patch)
        .annotate(n=Count("conversations"))
        .order_by("-n", "pk")
        .first()
    )
    run = Run.objects.filter(programme=main).order_by("-pk").first()
    found = [
        ("health check (baseline)", "coordinator", "/healthz"),
        ("caseload", "coordinator", "/"),
        ("person page", "coordinator", f"/people/{person.pk}/"),
        ("programme dashboard", "manager", "/reports/dashboard/"),
        ("network comparison", "network", "/reports/network/"),
    ]
    if run is not None:
        found.append(("SROI report", "lead", f"/reports/sroi/{run.pk}/"))
    return found


def measure(requests: int) -> list[dict[str, object]]:
    """Time every page in this process's database; one row per page."""
    setup_django()
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lac.people.models import Person

    rows = []
    clients: dict[str, object] = {}
    for name, username, url in pages():
        client = clients.setdefault(username, signed_in_client(username))
        for _ in range(WARM_UP):
            response = client.get(url)
            assert response.status_code == 200, f"{name} {url}: {response.status_code}"
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = list(captured.captured_queries)
        slowest = sorted(queries, key=lambda q: -float(q["time"]))[:3]
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, f"{name} {url}: {response.status_code}"
        times.sort()
        # What the first viewer after a change waits: a conversation recorded
        # (through the service, audited) in every programme just before.
        uncached = []
        for _ in range(UNCACHED):
            if name == "SROI report":
                cache.clear()  # its charts: drawn on a run's first view
            else:
                record_a_conversation_in_every_programme()
            started = time.perf_counter()
            response = client.get(url)
            uncached.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, f"{name} {url}: {response.status_code}"
        loaded = under_write_load(client, url, requests) if name in UNDER_LOAD else []
        rows.append(
            {
                "page": name,
                "url": url,
                "median": statistics.median(times),
                "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
                "uncached": statistics.median(uncached),
                **({"under_load": statistics.median(loaded)} if loaded else {}),
                "queries": len(queries),
                "slowest": [
                    {"ms": float(q["time"]) * 1000, "sql": q["sql"][:300]} for q in slowest
                ],
            }
        )
    rows.append({"page": "people", "count": Person.objects.count()})
    return rows


UNDER_LOAD = ("programme dashboard",)
"""Pages also timed while conversations are being recorded."""
WRITES_PER_SECOND = 10.0
"""The write load: ten conversations a second, about 600 coordinators each recording one a
minute, spread over every programme."""


def record_a_conversation_in_every_programme(day=None) -> None:
    """One conversation logged through the casework service in each programme, audited."""
    from django.utils import timezone

    from lac.accounts.models import Programme, User
    from lac.audit.actor import Actor
    from lac.casework.services import conversation_log
    from lac.people.models import Person

    actor = Actor.working_as(User.objects.get(username="coordinator"), job="bench")
    for programme in Programme.objects.order_by("pk"):
        person = (
            Person.objects.filter(neighbourhood__programme=programme, merged_into__isnull=True)
            .order_by("pk")
            .first()
        )
        if person is not None:
            conversation_log(
                person=person, date=day or timezone.localdate(), mode="phone", actor=actor
            )


def write_load(seconds: float) -> int:
    """Record conversations at WRITES_PER_SECOND for ``seconds`` (a separate process)."""
    setup_django()
    from lac.accounts.models import Programme

    per_round = Programme.objects.count() or 1
    pause = per_round / WRITES_PER_SECOND
    stop = time.perf_counter() + seconds
    rounds = 0
    while time.perf_counter() < stop:
        started = time.perf_counter()
        record_a_conversation_in_every_programme()
        rounds += 1
        time.sleep(max(0.0, pause - (time.perf_counter() - started)))
    print(json.dumps({"writes": rounds * per_round}))
    return 0


def under_write_load(client, url: str, requests: int) -> list[float]:
    """The page's times while another process records conversations."""
    writer = subprocess.Popen(
        [sys.executable, __file__, "--write-load", str(max(20, requests))],
        env=dict(os.environ),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)  # the writer starts writing
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, f"{url}: {response.status_code}"
            time.sleep(0.2)
    finally:
        writer.terminate()
        writer.wait()
    return times


def profile(page: str) -> None:
    """Print where the first view of ``page`` after a change spends its time.

    The page is viewed until warm, a conversation is recorded in every
    programme, and the next view is run under cProfile with its SQL captured.
    A second change's first view is timed without the profiler beside it.
    """
    import cProfile
    import pstats

    setup_django()
    from django.db import connection

    name, username, url = next(p for p in pages() if p[0] == page)
    client = signed_in_client(username)
    for _ in range(WARM_UP):
        client.get(url)
    record_a_conversation_in_every_programme()
    queries: list[tuple[float, str]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql))

    profiler = cProfile.Profile()
    with connection.execute_wrapper(timed):
        profiler.enable()
        response = client.get(url)
        profiler.disable()
    assert response.status_code == 200, f"{name} {url}: {response.status_code}"
    record_a_conversation_in_every_programme()
    started = time.perf_counter()
    client.get(url)
    unprofiled = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    client.get(url)
    again = (time.perf_counter() - started) * 1000
    print(
        f"{name} ({url}): first view after a change {unprofiled:.0f} ms unprofiled, "
        f"the view after it {again:.0f} ms; {len(queries)} queries taking "
        f"{sum(ms for ms, _ in queries):.0f} ms (profiled)"
    )
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(15)
    print("slowest queries:")
    for ms, sql in sorted(queries, key=lambda q: -q[0])[:12]:
        print(f"  {ms:7.1f} ms  {sql[:400]}")


def measure_in(engine: str, scale: str, requests: int) -> list[dict[str, object]]:
    completed = subprocess.run(
        [sys.executable, __file__, "--measure", str(requests)],
        env=environment(engine, scale),
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        print(completed.stderr[-3000:], file=sys.stderr)
        raise RuntimeError(f"measuring {engine} at {scale} scale failed")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- report


def figures_for(
    engine: str, scale: str, rows: list[dict], build_seconds: float, compare: list[dict] | None
) -> list[dict[str, object]]:
    label = f"{engine}, {PEOPLE[scale]} people"
    people = next(r["count"] for r in rows if r["page"] == "people")
    figures: list[dict[str, object]] = [
        {
            "benchmark": "pages",
            "measure": f"demo data build time ({engine}, {people:,} people)",
            "value": round(build_seconds, 1),
            "unit": "s",
        }
    ]
    timed = [r for r in rows if "median" in r]
    baseline = timed[0]["median"]
    other = {r["page"]: r for r in (compare or []) if "queries" in r}
    for row in timed:
        is_baseline = row is timed[0]
        for stat in ("median", "p95"):
            figure = {
                "benchmark": "pages",
                "measure": f"{row['page']} {stat} ({label})",
                "value": round(row[stat], 1),
                "unit": "ms",
            }
            if not is_baseline:
                figure["ratio"] = round(row[stat] / baseline, 1)
                if stat == "median" and scale == "network":
                    figure["target"] = f"< {TARGET_MS:.0f} ms"
            figures.append(figure)
        if not is_baseline:
            first = {
                "benchmark": "pages",
                "measure": (
                    f"{row['page']} first view of a run, charts not drawn yet ({label})"
                    if row["page"] == "SROI report"
                    else f"{row['page']} first view after a change in every programme ({label})"
                ),
                "value": round(row["uncached"], 1),
                "unit": "ms",
                "ratio": round(row["uncached"] / baseline, 1),
            }
            if scale == "network":
                first["target"] = f"< {TARGET_MS:.0f} ms"
            figures.append(first)
            if "under_load" in row:
                figures.append(
                    {
                        "benchmark": "pages",
                        "measure": (
                            f"{row['page']} median under write load "
                            f"({WRITES_PER_SECOND:.0f} conversations/s), against quiet ({label})"
                        ),
                        "value": round(row["under_load"], 1),
                        "unit": "ms",
                        "baseline": round(row["median"], 1),
                        "ratio": round(row["under_load"] / row["median"], 2),
                        "target": "<= 2x quiet",
                    }
                )
            figure = {
                "benchmark": "pages",
                "measure": f"{row['page']} SQL queries ({label})",
                "value": row["queries"],
                "unit": "queries",
            }
            if row["page"] in other:
                small = other[row["page"]]["queries"]
                figure["ratio"] = round(row["queries"] / small, 2)
                figure["target"] = f"= {small} at 10k"
            figures.append(figure)
    return figures


def check(figures: list[dict[str, object]]) -> list[str]:
    misses = []
    for f in figures:
        target = str(f.get("target", ""))
        if target.startswith("< ") and float(f["value"]) >= TARGET_MS:
            misses.append(f"{f['measure']}: {f['value']} ms")
        if target.startswith("<=") and float(f["ratio"]) > 2.0:
            misses.append(f"{f['measure']}: {f['ratio']}x quiet")
        if target.startswith("=") and f.get("ratio") != 1.0:
            misses.append(f"{f['measure']}: {f['value']} ({target})")
    return misses


def as_child(args: argparse.Namespace) -> int | None:
    """Run one of the child processes' parts; None when this process is the parent."""
    if args.write_load:
        return write_load(args.write_load)
    if args.has_data:
        return has_data()
    if args.build:
        build_tenth()
        return 0
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    if args.profile_here:
        profile(args.profile_here)
        return 0
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--quick", action="store_true", help="small demo scale only")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument(
        "--scales", help="of small, 10k, network (default 10k,network; small with --quick)"
    )
    parser.add_argument(
        "--profile",
        metavar="PAGE",
        help="print where the first view of PAGE (e.g. 'programme dashboard') after a change"
        " spends its time, instead of measuring",
    )
    parser.add_argument("--profile-here", metavar="PAGE", help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--build", choices=["10k"], help=argparse.SUPPRESS)
    parser.add_argument("--has-data", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--write-load", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    child = as_child(args)
    if child is not None:
        return child

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    figures: list[dict[str, object]] = []
    for engine in engines:
        if engine == "postgresql" and not postgres_available():
            print(f"   PostgreSQL not answering at {POSTGRES}: skipped", flush=True)
            figures.append(
                {
                    "benchmark": "pages",
                    "measure": "postgresql: skipped (no server)",
                    "value": 0,
                    "unit": "",
                }
            )
            continue
        scales = args.scales.split(",") if args.scales else ["small" if args.quick else "10k"]
        if not args.scales and not args.quick:
            scales.append("network")
        results: dict[str, tuple[list[dict], float]] = {}
        for scale in scales:
            seconds = ensure_built(engine, scale)
            if args.profile:
                print(f"   profiling {engine}, {PEOPLE[scale]} people", flush=True)
                subprocess.run(
                    [sys.executable, __file__, "--profile-here", args.profile],
                    env=environment(engine, scale),
                    cwd=ROOT,
                    check=True,
                )
                continue
            print(f"   measuring {engine}, {PEOPLE[scale]} people", flush=True)
            results[scale] = (measure_in(engine, scale, args.requests), seconds)
        for scale in results:
            rows, seconds = results[scale]
            compare = results["10k"][0] if scale == "network" and "10k" in results else None
            figures.extend(figures_for(engine, scale, rows, seconds, compare))
            for row in rows:
                if "median" in row and row["median"] >= TARGET_MS * 0.5:
                    print(
                        f"   slow: {row['page']} ({engine}, {scale}) {row['median']:.0f} ms;"
                        " slowest queries:",
                        flush=True,
                    )
                    for q in row["slowest"]:
                        print(f"     {q['ms']:.1f} ms  {q['sql']}", flush=True)

    if args.profile:
        return 0
    misses = check(figures)
    for miss in misses:
        print(f"   MISSED: {miss}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    else:
        from run import table  # type: ignore[import-not-found]

        print(table(figures))
    return 1 if misses else 0  # bench/run.py: 1 = a target missed, figures still reported


if __name__ == "__main__":
    sys.exit(main())
