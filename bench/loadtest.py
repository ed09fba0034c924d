"""Load test: 50 coordinators at once for 60 seconds against production-mode gunicorn on PostgreSQL.

Loopback only (127.0.0.1), bounded in time (``--seconds``, default 60) and in
count (``--max-requests`` per coordinator), and it stops by itself: the
gunicorn it starts is stopped at the end, whatever happens.

The server: ``gunicorn lac.wsgi`` with ``LAC_ENV=production`` (a generated
SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, collected and compressed static files,
Secure cookies, HSTS), gthread workers, on a copy of the network bench
database (``lac_load``, made from ``lac_bench`` with ``CREATE DATABASE ...
TEMPLATE``, so the page benchmark's data is never written to; bench/pages.py
builds ``lac_bench`` when it is missing).

Production lac sits behind a TLS-terminating reverse proxy. The load-test
client plays that proxy: it sends ``X-Forwarded-Proto: https`` (the header
SECURE_PROXY_SSL_HEADER names) and an https Referer, and keeps its cookies
itself, so Secure cookies and the HTTPS redirect stay on exactly as in
production. No setting is relaxed for the test.

Each of 50 coordinators (the network demo's coordinators, each in their own
neighbourhood) signs in with the demo password, then until time is up:
reads their caseload, opens "Log a conversation" for a person on it, saves a
conversation with a note unique to this run, and follows the redirect to the
person page. Reported: requests, throughput, median and 95th percentile
latency (all requests, and saving alone), errors (any unexpected status or
failed connection: must be 0), and afterwards the database is checked for
every conversation the server acknowledged (lost writes: must be 0).

Run: .venv/bin/python bench/loadtest.py [--json PATH] [--users 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pages  # noqa: E402  (the bench databases: built once, reused)

HOST = "127.0.0.1"
DATABASE = "lac_load"
BIN = ROOT / ".venv" / "bin"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    save_latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    saved: int = 0
    retried: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Coordinator:
    """One browser's worth of state: a keep-alive connection and its cookies."""

    def __init__(self, port: int, tally: Tally) -> None:
        self.port, self.tally = port, tally
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, expect: int = 200
    ) -> tuple[int, str, str]:
        headers = {
            "Host": f"{HOST}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{HOST}:{self.port}{path}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (OSError, http.client.HTTPException) as exc:
                self.connection.close()
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
                # As browsers do: a GET on a keep-alive connection the server had
                # closed is sent again once on a new connection. Never a POST.
                if (
                    method == "GET"
                    and attempt == 1
                    and isinstance(exc, (http.client.RemoteDisconnected, ConnectionResetError))
                ):
                    with self.tally.lock:
                        self.tally.retried += 1
                    continue
                self.fail(f"{method} {path}: {exc!r}")
                return 0, "", ""
        elapsed = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        with self.tally.lock:
            self.tally.latencies.append(elapsed)
            if method == "POST" and form and "note" in form:
                self.tally.save_latencies.append(elapsed)
        if response.status != expect:
            where = response.getheader("Location") or ""
            self.fail(f"{method} {path}: {response.status} (expected {expect}) {where}".strip())
        return response.status, response.getheader("Location") or "", text

    def fail(self, message: str) -> None:
        with self.tally.lock:
            self.tally.errors.append(message)


def coordinator_day(
    port: int,
    username: str,
    password: str,
    people: list[int],
    marker: str,
    deadline_box: list[float],
    max_requests: int,
    tally: Tally,
    start: threading.Barrier,
) -> None:
    me = Coordinator(port, tally)
    _, _, page = me.request("GET", "/accounts/sign-in/")
    token = CSRF_FIELD.search(page)
    status, location, _ = me.request(
        "POST",
        "/accounts/sign-in/",
        {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "username": username,
            "password": password,
        },
        expect=302,
    )
    if status != 302:
        raise RuntimeError(f"{username} could not sign in ({status})")
    start.wait()
    made = 0
    turn = 0
    # The deadline is set by the main thread just after everyone has signed in.
    while time.monotonic() < deadline_box[0] and made < max_requests:
        person = people[turn % len(people)]
        turn += 1
        me.request("GET", "/")
        _, _, form_page = me.request("GET", f"/casework/people/{person}/conversations/new/")
        token = CSRF_FIELD.search(form_page)
        note = f"{marker} {username} {turn}"
        status, location, _ = me.request(
            "POST",
            f"/casework/people/{person}/conversations/new/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "date": date.today().isoformat(),  # noqa: DTZ011 (a client outside Django, in local time)
                "mode": "phone",
                "duration_minutes": "20",
                "note": note,
            },
            expect=302,
        )
        if status == 302 and f"/people/{person}/" in location:
            with tally.lock:
                tally.saved += 1
            me.request("GET", location.replace(f"https://{HOST}:{port}", ""))
        made += 4


def guarded(*args: object) -> None:
    """A coordinator's day; a crash is counted as an error and releases the others."""
    tally, start = args[-2], args[-1]
    try:
        coordinator_day(*args)  # type: ignore[arg-type]
    except Exception as exc:
        with tally.lock:  # type: ignore[attr-defined]
            tally.errors.append(f"coordinator crashed: {exc!r}")  # type: ignore[attr-defined]
        start.abort()  # type: ignore[attr-defined]


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=2000, help="per coordinator")
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1) * 2))
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="small demo data (12 coordinators)")
    args = parser.parse_args()

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
    tally = Tally()
    marker = f"loadtest-{uuid.uuid4().hex[:12]}"
    try:
        wait_for(port, server)
        start = threading.Barrier(len(cast) + 1)
        threads = []
        deadline_box: list[float] = []
        for username, people in cast:
            thread = threading.Thread(
                target=guarded,
                args=(
                    port,
                    username,
                    DEMO_PASSWORD,
                    people,
                    marker,
                    deadline_box,
                    args.max_requests,
                    tally,
                    start,
                ),
                daemon=True,
            )
            threads.append(thread)
        # The clock starts once everyone has signed in (sign-in is Argon2, deliberately slow).
        deadline_box.append(float("inf"))
        sign_in_started = time.monotonic()
        for thread in threads:
            thread.start()
        start.wait(timeout=300)
        began = time.monotonic()
        deadline_box[0] = began + args.seconds
        print(
            f"   {len(cast)} coordinators signed in ({began - sign_in_started:.1f} s); "
            f"running for {args.seconds:.0f} s",
            flush=True,
        )
        sign_in_requests = len(tally.latencies)
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - began
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    found, distinct = count_saved(env, marker)
    timed = tally.latencies[sign_in_requests:]
    lost = tally.saved - distinct
    figures = [
        {
            "benchmark": "loadtest",
            "measure": "concurrent coordinators",
            "value": len(cast),
            "unit": "users",
        },
        {
            "benchmark": "loadtest",
            "measure": "requests (caseload, form, save, person page)",
            "value": len(timed),
            "unit": "requests",
        },
        {
            "benchmark": "loadtest",
            "measure": "throughput",
            "value": round(len(timed) / elapsed, 1),
            "unit": "requests/s",
        },
        {
            "benchmark": "loadtest",
            "measure": "median latency, all requests",
            "value": round(statistics.median(timed), 1) if timed else 0,
            "unit": "ms",
        },
        {
            "benchmark": "loadtest",
            "measure": "p95 latency, all requests",
            "value": round(percentile(timed, 0.95), 1),
            "unit": "ms",
        },
        {
            "benchmark": "loadtest",
            "measure": "p95 latency, saving a conversation",
            "value": round(percentile(tally.save_latencies, 0.95), 1),
            "unit": "ms",
        },
        {
            "benchmark": "loadtest",
            "measure": "errors",
            "value": len(tally.errors),
            "unit": "errors",
            "target": "0",
        },
        {
            "benchmark": "loadtest",
            "measure": "GETs sent again on a new connection",
            "value": tally.retried,
            "unit": "requests",
        },
        {
            "benchmark": "loadtest",
            "measure": "conversations acknowledged (redirected to the person)",
            "value": tally.saved,
            "unit": "writes",
        },
        {
            "benchmark": "loadtest",
            "measure": "conversations found in the database",
            "value": found,
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
    for error in tally.errors[:10]:
        print(f"   error: {error}", flush=True)
    print(
        f"   {tally.saved} conversations saved, {found} found ({distinct} distinct), "
        f"{len(tally.errors)} errors",
        flush=True,
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    else:
        from run import table  # type: ignore[import-not-found]

        print(table(figures))
    return 1 if tally.errors or lost else 0  # bench/run.py: 1 = a target missed


if __name__ == "__main__":
    sys.exit(main())
