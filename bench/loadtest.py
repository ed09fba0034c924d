"""Capacity: the highest request rate the coordinator workflow holds, against the health check's.

An open-loop (arrival-rate) load test with locust (bench/load/locustfile.py),
headless, on 127.0.0.1 only and bounded in time: production-mode gunicorn on
PostgreSQL with the network bench data is sent requests at a rate that steps
up every STEP_SECONDS (after WARM_UP_STEPS at the first rate, not counted: the
users' first pages after signing in are a cold start); the users pace themselves
to the step's rate whatever the server's latency (while it answers within a
user's interval). A step is
held when the client sent 90% of its rate, the p95 latency was under 200 ms
and nothing failed. Reported: each step's p95 (the capacity curve), the
highest rate held by the coordinator workflow, by a signed-in request that does
nothing else (the ceiling of any workflow request: the whole middleware stack
as a signed-in coordinator, no records, no page) and by the bare health check
in the same run (the baseline: target, the workflow holds at least half its
rate), how many coordinators the workflow's rate serves at one action (one
request) a minute each, errors, and afterwards every conversation the server
acknowledged looked up in the database (lost writes: must be 0).

The workflow: each coordinator (the network demo's, each in their own
neighbourhood) signs in with the demo password, then, one request at a time:
reads their caseload, opens "Log a conversation" for a person on it, saves a
conversation with a note unique to this run, and opens the person page.

The server: ``gunicorn lac.wsgi`` with ``LAC_ENV=production`` (a generated
SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, collected and compressed static files,
Secure cookies, HSTS), gthread workers, on a copy of the network bench
database (``lac_load``, made from ``lac_bench`` with ``CREATE DATABASE ...
TEMPLATE``, so the page benchmark's data is never written to; bench/pages.py
builds ``lac_bench`` when it is missing). The client plays the TLS-terminating
proxy production sits behind (``X-Forwarded-Proto: https``, an https Referer,
Secure cookies kept), so no production setting is relaxed for the test. The
gunicorn it starts is stopped at the end, whatever happens.

Run: .venv/bin/python bench/loadtest.py [--json PATH] [--users 40] [--rates 4,8,...]
     [--health-rates 25,50,...] [--quick]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pages  # noqa: E402  (the bench databases: built once, reused)

HOST = "127.0.0.1"
DATABASE = "lac_load"
BIN = ROOT / ".venv" / "bin"
#: Each rate is held for this long; the whole run is bounded by the steps' count.
STEP_SECONDS = 15.0
#: Time allowed for the coordinators to sign in (Argon2, deliberately slow) before the steps.
SIGN_IN_SECONDS = 90
HEALTH_USERS = 30
#: Steps at the first rate before the counted ones: the users' first pages after signing
#: in (each worker's first requests, every caseload's first view) and the backlog they
#: leave are a cold start, not the rate the server holds.
WARM_UP_STEPS = 1
TARGET_P95_MS = 200.0
#: A step is held when this share of its rate was sent (the client kept up) ...
HELD_SHARE = 0.9
#: ... and the workflow's highest rate held should be this share of the health check's.
TARGET_SHARE = 0.5


# ---------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def make_database(scale: str) -> str:
    """A fresh copy of a bench database, for the load test to write to."""
    import psycopg

    pages.ensure_built("postgresql", scale)
    template = pages.postgres_name(scale)
    with psycopg.connect(f"{pages.POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{template}"')
    return f"{pages.POSTGRES}/{DATABASE}"


def server_environment(database_url: str, static_root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        LAC_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        LAC_DATA_DIR=str(pages.BENCH_DIR / "load"),
        LOG_LEVEL="WARNING",
    )
    env.pop("DEBUG", None)
    return env


def wait_for(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def coordinators(env: dict[str, str], users: int) -> list[tuple[str, list[int]]]:
    """(username, people on their caseload) for the first ``users`` coordinators."""
    script = (
        "import json, django; django.setup()\n"
        "from lac.accounts.models import Membership, Role\n"
        "from lac.people.models import Person\n"
        "out = []\n"
        "for m in Membership.objects.filter(role=Role.COORDINATOR).order_by('pk')"
        f"[:{users}]:\n"
        "    ids = list(Person.objects.filter(neighbourhood__in=m.neighbourhoods.all(),"
        " status='active').order_by('pk').values_list('pk', flat=True)[:20])\n"
        "    out.append((m.user.username, ids))\n"
        "print(json.dumps(out))\n"
    )
    env = dict(env, DJANGO_SETTINGS_MODULE="lac.settings")
    done = subprocess.run(
        [str(BIN / "python"), "-c", script],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return [(u, ids) for u, ids in json.loads(done.stdout.strip().splitlines()[-1]) if ids]


def count_saved(env: dict[str, str], marker: str) -> tuple[int, int]:
    """(conversations carrying this run's marker, distinct notes among them)."""
    script = (
        "import django; django.setup()\n"
        "from lac.casework.models import Conversation\n"
        f"qs = Conversation.objects.filter(note__startswith={marker!r})\n"
        "print(qs.count(), qs.values('note').distinct().count())\n"
    )
    env = dict(env, DJANGO_SETTINGS_MODULE="lac.settings")
    done = subprocess.run(
        [str(BIN / "python"), "-c", script],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    total, distinct = done.stdout.split()[-2:]
    return int(total), int(distinct)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def static_up_to_date(static_root: Path) -> bool:
    """Collected files newer than every source file (compressing them all takes minutes)."""
    manifest = static_root / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    return all(f.stat().st_mtime < collected for f in (ROOT / "lac").glob("**/static/**/*"))


def run_locust(
    user_class: str, port: int, env: dict[str, str], rates: list[float], users: int, **extra: str
) -> list[dict[str, object]]:
    """One stepped run of locust, headless and bounded in time; each request it recorded."""
    sent_rates = rates[:1] * WARM_UP_STEPS + rates
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
        schedule = {
            "LAC_LOAD_RATES": ",".join(map(str, sent_rates)),
            "LAC_LOAD_STEP_SECONDS": str(STEP_SECONDS),
            "LAC_LOAD_USERS": str(users),
            "LAC_LOAD_OUT": out.name,
            **extra,
        }
        bound = int(SIGN_IN_SECONDS + STEP_SECONDS * len(sent_rates) + 10)
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "load" / "locustfile.py"),
                user_class,
                "--headless",
                "--host",
                f"http://{HOST}:{port}",
                "--users",
                str(users),
                "--spawn-rate",
                str(min(users, 10)),
                "--run-time",
                f"{bound}s",
                "--stop-timeout",
                "5",
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            env={**env, **schedule},
            cwd=ROOT,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        records = [json.loads(line) for line in Path(out.name).read_text().splitlines()]
    counted = []
    for record in records:  # the warm-up's requests are left out; the steps count from 0
        if record["step"] >= WARM_UP_STEPS:
            counted.append({**record, "step": record["step"] - WARM_UP_STEPS})
    return counted


def steps(records: list[dict[str, object]], rates: list[float]) -> list[dict[str, float]]:
    """Per step: the rate asked for and sent, p95, errors, and whether it was held."""
    curve = []
    for index, rate in enumerate(rates):
        mine = [r for r in records if r["step"] == index]
        latencies = [float(r["ms"]) for r in mine]  # type: ignore[arg-type]
        errors = sum(1 for r in mine if r["error"])
        sent = len(mine) / STEP_SECONDS
        p95 = percentile(latencies, 0.95)
        held = sent >= HELD_SHARE * rate and p95 < TARGET_P95_MS and errors == 0
        curve.append(
            {"rate": rate, "sent": sent, "p95": p95, "errors": errors, "held": float(held)}
        )
    return curve


def highest_held(curve: list[dict[str, float]]) -> float:
    """The highest rate held, every lower step held too (0 when the first was not)."""
    best = 0.0
    for point in curve:
        if not point["held"]:
            break
        best = point["rate"]
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--users", type=int, default=40, help="coordinators signed in")
    parser.add_argument("--rates", default="4,8,16,32,48,64", help="workflow requests/s")
    parser.add_argument("--health-rates", default="25,50,100,150,200,300")
    parser.add_argument(
        "--signed-in-rates",
        default="25,50,100,150,200,300",
        help="the ceiling: signed-in requests that do nothing else, requests/s",
    )
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1) * 2))
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="small demo data, two steps")
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")][: 2 if args.quick else None]
    health_rates = [float(r) for r in args.health_rates.split(",")][: 2 if args.quick else None]
    ceiling_rates = [float(r) for r in args.signed_in_rates.split(",")][: 2 if args.quick else None]

    if not pages.postgres_available():
        print(f"   PostgreSQL not answering at {pages.POSTGRES}: load test skipped")
        figures = [
            {"benchmark": "loadtest", "measure": "skipped (no PostgreSQL)", "value": 0, "unit": ""}
        ]
        if args.json:
            args.json.write_text(json.dumps(figures))
        return 0

    from lac.demo.plan import DEMO_PASSWORD

    print("   copying the network bench database for the load test", flush=True)
    database_url = make_database("small" if args.quick else "network")
    static_root = pages.BENCH_DIR / "load-static"
    env = server_environment(database_url, static_root)
    if not static_up_to_date(static_root):
        subprocess.run(
            [str(BIN / "lac"), "collectstatic", "--no-input", "-v", "0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
    cast = coordinators(env, args.users)
    if not cast:
        raise RuntimeError("no coordinators with active people found in the bench database")
    port = free_port()
    print(
        f"   gunicorn on {HOST}:{port}: {args.workers} workers x {args.threads} threads", flush=True
    )
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "lac.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
            "--timeout",
            "60",
            "--keep-alive",
            "75",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    marker = f"loadtest-{uuid.uuid4().hex[:12]}"
    try:
        wait_for(port, server, seconds=300)  # a busy machine imports Django slowly
        print(f"   workflow: {len(cast)} coordinators, steps of {rates} requests/s", flush=True)
        coordinators_env = {"LAC_LOAD_CAST": json.dumps(cast), "LAC_LOAD_PASSWORD": DEMO_PASSWORD}
        workflow = run_locust(
            "Coordinator", port, env, rates, len(cast), LAC_LOAD_MARKER=marker, **coordinators_env
        )
        print(f"   signed in, nothing else: steps of {ceiling_rates} requests/s", flush=True)
        ceiling = run_locust(
            "SignedInNothingElse", port, env, ceiling_rates, len(cast), **coordinators_env
        )
        print(f"   health check: steps of {health_rates} requests/s", flush=True)
        health = run_locust("HealthCheck", port, env, health_rates, HEALTH_USERS)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    found, distinct = count_saved(env, marker)
    acknowledged = sum(1 for r in workflow if r["name"] == "save" and not r["error"])
    lost = max(0, acknowledged - distinct)
    errors = [r for r in workflow + ceiling + health if r["error"]]
    curves = {
        "workflow": steps(workflow, rates),
        "signed in": steps(ceiling, ceiling_rates),
        "health check": steps(health, health_rates),
    }
    held = {name: highest_held(curve) for name, curve in curves.items()}
    baseline = held["health check"]
    share = held["workflow"] / baseline if baseline else 0.0
    figures: list[dict[str, object]] = []
    for name, curve in curves.items():
        for point in curve:
            print(
                f"   {name:13s} {point['rate']:6.0f}/s asked, {point['sent']:6.1f}/s sent, "
                f"p95 {point['p95']:7.1f} ms, {point['errors']:.0f} errors"
                f"{'  held' if point['held'] else ''}",
                flush=True,
            )
            figures.append(
                {
                    "benchmark": "loadtest",
                    "measure": f"{name} at {point['rate']:.0f} requests/s: p95",
                    "value": round(point["p95"], 1),
                    "unit": "ms",
                    "target": "held" if point["held"] else "not held",
                }
            )
    figures += [
        {
            "benchmark": "loadtest",
            "measure": "health check: highest rate held (baseline)",
            "value": held["health check"],
            "unit": "requests/s",
        },
        {
            "benchmark": "loadtest",
            "measure": "coordinator workflow: highest rate held (p95 < 200 ms, 0 errors)",
            "value": held["workflow"],
            "unit": "requests/s",
            "ratio": round(share, 3),
            "target": f">= {TARGET_SHARE:.0%} of the health check's",
        },
        {
            "benchmark": "loadtest",
            "measure": "signed-in request doing nothing else (the ceiling of any workflow "
            "request): highest rate held",
            "value": held["signed in"],
            "unit": "requests/s",
            "ratio": round(held["signed in"] / baseline, 3) if baseline else 0.0,
        },
        {
            "benchmark": "loadtest",
            "measure": "coordinators served at one action a minute each",
            "value": held["workflow"] * 60,
            "unit": "coordinators",
        },
        {"benchmark": "loadtest", "measure": "errors", "value": len(errors), "unit": "errors"},
        {
            "benchmark": "loadtest",
            "measure": "conversations acknowledged / found in the database",
            "value": f"{acknowledged} / {found}",
            "unit": "writes",
        },
        {
            "benchmark": "loadtest",
            "measure": "lost writes",
            "value": lost,
            "unit": "writes",
            "target": "0",
        },
    ]
    for error in errors[:10]:
        print(f"   error: {error['name']}: {error['error']}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    else:
        from run import table  # type: ignore[import-not-found]

        print(table(figures))
    return 1 if lost or share < TARGET_SHARE else 0  # bench/run.py: 1 = a target missed


if __name__ == "__main__":
    sys.exit(main())
