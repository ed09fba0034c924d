"""Fault injection: coordinators saving through crashes, cut connections and races, nothing lost
or doubled.

Loopback only (127.0.0.1), bounded in time (about four minutes; every wait has a limit) and it
cleans up after itself: the gunicorn and the task workers it starts are stopped at the end,
whatever happens, and its database is a throwaway copy.

The set-up: ``gunicorn lac.wsgi`` in production mode (as bench/loadtest.py starts it, with
two-factor sign-in required of coordinators too) and ``lac db_worker``, on PostgreSQL database
``lac_faults``, copied for each run from ``lac_faults_seed`` (the small demo data, built once).
Each simulated coordinator is a thread with its own keep-alive connection and cookies that
signs in with the demo password and a code from an authenticator (a device the bench gives
them, as the tests do), then, until its phase ends, opens "Log a conversation" or "New
introduction", fills it in with a note or name unique to this run, and saves it.

A save that gets no answer (the connection dropped) is sent again, with the same one-time key,
as a browser does on "Confirm form resubmission", up to three times. A save is acknowledged
when the server answers with the redirect to the person. Afterwards the database is searched
for every submission: found (acknowledged and in the database), duplicated (in the database
more than once), lost (acknowledged, not in the database), and every 400 and 500 answer is
counted.

The faults, one after another:

(a) worker killed mid-import: a manager confirms the import of a 5,000-row file, the worker is
    killed (SIGKILL) while it reads the rows and a new one started. The job must be shown as
    stalled (from its heartbeat), be marked stopped at once, and import every row exactly once
    when confirmed again. It runs beside the other phases, as detection takes up to two minutes.
(b) gunicorn worker killed: a gunicorn worker is killed (SIGKILL) every 3 seconds under writes.
(c) database connections terminated: every backend of the database is terminated
    (``pg_terminate_backend``) every 3 seconds under writes; the task worker's too, which must
    then still run the import of (a).
(d) concurrent edits of one person: two coordinators change the same person's level at the same
    moment, then one pauses and the other closes them at the same moment; one save of each pair
    must win and the other be told plainly, with one history row.

Run: .venv/bin/python bench/faults.py [--json PATH] [--users 8] [--seconds 25]
(``make faults``; also part of ``make bench``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import secrets
import signal
import struct
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import loadtest  # noqa: E402  (the production-mode server, as the load test starts it)
import pages  # noqa: E402  (the PostgreSQL server the benchmarks use)

HOST = loadtest.HOST
BIN = ROOT / ".venv" / "bin"
SEED, DATABASE = "lac_faults_seed", "lac_faults"
IMPORT_ROWS = 5_000
RESUBMISSIONS = 5
TRY_AGAIN = (0, 502, 503)  # no answer, or a page saying the service is down: send again
ALREADY_SAVED = "This was already saved"
TOLD = "while you were on this page"
FIELD = re.compile(
    r'name="(csrfmiddlewaretoken|once|seen_level|seen_status|version)" value="([^"]*)"'
)


def totp(secret: str) -> str:
    """RFC 6238's six-digit code for a base32 secret (what an authenticator app shows)."""
    counter = int(time.time() // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


# ---------------------------------------------------------------- what happened


@dataclass
class Tally:
    """One fault's answers, counted as they arrive (threads share it)."""

    acknowledged: set[str] = field(default_factory=set)
    statuses: Counter[int] = field(default_factory=Counter)
    dropped: int = 0
    resent: int = 0
    told_already_saved: int = 0
    told_changed: int = 0
    unanswered: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)


class Browser:
    """One person's browser: a keep-alive connection, cookies, and a form's hidden fields."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.tally = Tally()

    def send(
        self, method: str, path: str, form: dict[str, Any] | None = None
    ) -> tuple[int, str, str]:
        """One request; (0, "", "") when no answer came (the connection dropped)."""
        headers = {
            "Host": f"{HOST}:{self.port}",
            "X-Forwarded-Proto": "https",  # the TLS proxy lac sits behind in production
            "Referer": f"https://{HOST}:{self.port}{path}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            self.tally.add(dropped=1)
            return 0, "", ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        with self.tally.lock:
            self.tally.statuses[response.status] += 1
        location = (response.getheader("Location") or "").replace(f"https://{HOST}:{self.port}", "")
        return response.status, location, text

    def get(self, path: str) -> tuple[int, str, str]:
        """A page, fetched again (as browsers do) when the connection had dropped."""
        for _ in range(RESUBMISSIONS):
            status, location, text = self.send("GET", path)
            if status not in TRY_AGAIN:
                return status, location, text
            time.sleep(0.3)
        return status, location, text

    def form(self, path: str) -> dict[str, str]:
        """The hidden fields (CSRF token and one-time key) of the form on a page."""
        return dict(FIELD.findall(self.get(path)[2]))

    def submit(self, path: str, data: dict[str, Any]) -> tuple[int, str, str]:
        """Post a form; with no answer (or "service unavailable"), post the very same form
        again, with the same one-time key, as a person does after "Confirm form resubmission"."""
        for attempt in range(RESUBMISSIONS):
            if attempt:
                self.tally.add(resent=1)
                time.sleep(0.5 * attempt)
            status, location, text = self.send("POST", path, data)
            if status not in TRY_AGAIN:
                if attempt and status == 302:
                    shown = self.get(location)[2]
                    if ALREADY_SAVED in shown:
                        self.tally.add(told_already_saved=1)
                    return status, location, shown
                return status, location, text
        self.tally.add(unanswered=1)
        return status, location, text

    def sign_in(self, username: str, password: str, secret: str) -> None:
        fields = self.form("/accounts/sign-in/")
        form = {**fields, "username": username, "password": password}
        status, location, _ = self.submit("/accounts/sign-in/", form)
        if status != 302:
            raise RuntimeError(f"{username} could not sign in ({status})")
        # The second step, where the server asks for one (as it does of everyone here).
        status, _, page = self.get("/accounts/two-factor/verify/")
        if status == 200:
            fields = dict(FIELD.findall(page))
            status, _, _ = self.submit(
                "/accounts/two-factor/verify/", {**fields, "token": totp(secret)}
            )
            if status != 302:
                raise RuntimeError(f"{username}'s security code was refused ({status})")
        self.tally = Tally()  # signing in is not part of any fault's figures


# ---------------------------------------------------------------- the coordinators


@dataclass
class Cast:
    port: int
    marker: str
    coordinators: list[dict[str, Any]]
    twins: dict[str, Any]
    password: str
    secret: str


def coordinator_writes(browser: Browser, me: dict[str, Any], label: str, until: float) -> None:
    """Conversations and introductions until ``until``: three conversations to one introduction."""
    turn = 0
    while time.monotonic() < until:
        turn += 1
        mark = f"{label} {me['username']} {turn}"
        if turn % 4:
            person = me["people"][turn % len(me["people"])]
            path = f"/casework/people/{person}/conversations/new/"
            fields = browser.form(path)
            data = {
                **fields,
                "date": date.today().isoformat(),  # noqa: DTZ011 (the client's own calendar)
                "mode": "phone",
                "duration_minutes": "20",
                "note": mark,
            }
            expect = f"/people/{person}/"
        else:
            path = "/casework/introductions/new/"
            fields = browser.form(path)
            data = {
                **fields,
                "full_name": mark,
                "neighbourhood": me["neighbourhood"],
                "date": date.today().isoformat(),  # noqa: DTZ011
                "level": "1",
                "source": me["source"],
                "confirmed_new": "1",
            }
            expect = "/people/"
        if "once" not in fields:
            continue  # the form page did not come (counted in its status)
        status, location, _ = browser.submit(path, data)
        if status == 302 and location.startswith(expect):
            with browser.tally.lock:
                browser.tally.acknowledged.add(mark)


def writes_under(
    cast: Cast, browsers: list[Browser], label: str, seconds: float, fault: Callable[[], None]
) -> Tally:
    """Every coordinator writing for ``seconds`` while ``fault`` runs every 3 seconds."""
    until = time.monotonic() + seconds
    for b in browsers:
        b.tally = Tally()
    threads = [
        threading.Thread(target=coordinator_writes, args=(b, me, label, until), daemon=True)
        for b, me in zip(browsers, cast.coordinators, strict=True)
    ]
    for t in threads:
        t.start()
    while time.monotonic() < until - 2:
        time.sleep(3)
        fault()
    for t in threads:
        t.join(timeout=seconds + 120)
    return merged([b.tally for b in browsers])


def merged(tallies: list[Tally]) -> Tally:
    total = Tally()
    for t in tallies:
        total.acknowledged |= t.acknowledged
        total.statuses += t.statuses
        for name in ("dropped", "resent", "told_already_saved", "told_changed", "unanswered"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
    return total


def concurrent_edits(cast: Cast, signed_in_as: Browser, rounds: int) -> Tally:
    """Two browsers of the person's team saving a change to the same person at the same moment:
    a level change, then one pausing and the other closing; then one reopens, alone."""
    twins = cast.twins
    pair = [Browser(cast.port), Browser(cast.port)]
    for b in pair:  # two tabs of the signed-in coordinator (a code is accepted once only)
        b.cookies = dict(signed_in_as.cookies)
    person, today = twins["person"], date.today().isoformat()  # noqa: DTZ011
    level = twins["level"]
    for n in range(rounds):
        level = 2 if level == 1 else 1
        note = f"{cast.marker} race-level {n}"
        race(
            pair,
            f"/casework/people/{person}/level/",
            note,
            lambda i, lv=level, note=note: {"level": str(lv), "date": today, "note": note},
        )
        note = f"{cast.marker} race-status {n}"
        race(
            pair,
            f"/casework/people/{person}/status/",
            note,
            lambda i, note=note: {
                "status": ("paused", "closed")[i],
                "reason": str(twins["reason"]) if i else "",
                "date": today,
                "note": note,
            },
        )
        reopen(pair[0], person, today)
    return merged([b.tally for b in pair])


def race(pair: list[Browser], path: str, note: str, data: Callable[[int], dict[str, str]]) -> None:
    """Both browsers open the page, then both save at once; the loser must be told."""
    forms = [b.form(path) for b in pair]
    start = threading.Barrier(len(pair))

    def save(i: int) -> None:
        browser = pair[i]
        start.wait()
        status, location, text = browser.submit(path, {**forms[i], **data(i)})
        if status == 302:
            with browser.tally.lock:
                browser.tally.acknowledged.add(note)
        elif status == 200 and TOLD in text:
            browser.tally.add(told_changed=1)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(pair))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)


def reopen(browser: Browser, person: int, today: str) -> None:
    """After a race, put the person back to active: one browser, nobody racing it."""
    path = f"/casework/people/{person}/status/"
    page = browser.get(path)[2]
    if 'value="active"' in page:
        fields = dict(FIELD.findall(page))
        browser.submit(path, {**fields, "status": "active", "date": today})


# ---------------------------------------------------------------- (a) the import


@dataclass
class ImportFault:
    """The import whose worker is killed while it reads the rows."""

    job: int
    manager: Browser
    killed_at: float = 0.0
    stalled_after: float | None = None
    stopped_at_once: bool = False
    finished: bool = False


def job_row(database_url: str, job: int) -> tuple[str, str, int]:
    """(state, task state, rows processed) of an import job, read straight from the table."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT state, task_state, processed FROM imports_importjob WHERE id = %s", [job]
        ).fetchone()
    return (row[0], row[1], row[2]) if row else ("", "", 0)


def wait_job(
    database_url: str, job: int, ready: Callable[[tuple[str, str, int]], bool], seconds: float
) -> bool:
    import psycopg

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with suppress(psycopg.OperationalError):  # a connection cut by (c): ask again
            if ready(job_row(database_url, job)):
                return True
        time.sleep(0.2)
    return False


def confirm_import(fault: ImportFault) -> None:
    path = f"/imports/{fault.job}/confirm/"
    fields = fault.manager.form(path)
    fault.manager.submit(path, {**fields, "save_as": ""})


def kill_mid_import(fault: ImportFault, database_url: str, servers: Servers) -> None:
    """Confirm the import; kill the worker as soon as it is reading rows; start another."""
    if not wait_job(database_url, fault.job, lambda r: r[0] == "checked" and r[1] == "done", 120):
        raise RuntimeError("the import's trial run did not finish in two minutes")
    print("   (a) trial run done; confirming the import", flush=True)
    confirm_import(fault)
    reading = wait_job(database_url, fault.job, lambda r: r[1] == "running" and r[2] > 0, 60)
    servers.kill_worker()
    fault.killed_at = time.monotonic()
    print(
        f"   (a) worker killed {'while reading rows' if reading else 'NOT mid-import'}", flush=True
    )
    servers.start_worker()


def finish_import(fault: ImportFault, database_url: str, limit: float) -> None:
    """Wait for the page to say the job stalled; mark it stopped; confirm again; let it finish."""
    path = f"/imports/{fault.job}/progress/"
    while time.monotonic() - fault.killed_at < limit:
        page = fault.manager.get(path)[2]
        if "has stalled" in page:
            fault.stalled_after = time.monotonic() - fault.killed_at
            break
        time.sleep(2)
    else:
        return
    fields = fault.manager.form(path)
    fault.manager.submit(f"/imports/{fault.job}/mark-stopped/", fields)
    fault.stopped_at_once = job_row(database_url, fault.job)[1] not in ("running", "cancelling")
    confirm_import(fault)
    fault.finished = wait_job(database_url, fault.job, lambda r: r[0] == "imported", 150)


def import_figures(fault: ImportFault, found: dict[str, int]) -> dict[str, Any]:
    return {
        "acknowledged": IMPORT_ROWS if fault.finished else 0,
        "found": sum(1 for n in found.values() if n),
        "duplicated": sum(n - 1 for n in found.values() if n > 1),
        "lost": IMPORT_ROWS - len(found) if fault.finished else IMPORT_ROWS,
        **errors(fault.manager.tally),
        "stalled shown after (s)": round(fault.stalled_after, 1) if fault.stalled_after else None,
        "stopped at once": fault.stopped_at_once,
    }


# ---------------------------------------------------------------- the servers


class Servers:
    """gunicorn and the task worker, in their own process groups, stopped whatever happens."""

    def __init__(self, env: dict[str, str], port: int, workers: int) -> None:
        self.env, self.port, self.workers = env, port, workers
        self.gunicorn: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        # The server's tracebacks (expected under these faults) go to a file, not the report.
        self.log = (Path(env["LAC_DATA_DIR"]) / "server.log").open("w")

    def start(self) -> None:
        self.gunicorn = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "lac.wsgi",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "--timeout",
                "60",
                "--log-level",
                "error",
            ],
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
            stderr=self.log,
        )
        self.start_worker()
        loadtest.wait_for(self.port, self.gunicorn)

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [str(BIN / "lac"), "db_worker", "--interval", "0.5"],
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
            stdout=self.log,
            stderr=self.log,
        )

    def kill_worker(self) -> None:
        if self.worker is not None:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait()

    def worker_alive(self) -> bool:
        return self.worker is not None and self.worker.poll() is None

    def kill_a_gunicorn_worker(self) -> None:
        """SIGKILL one of gunicorn's workers (its master starts another)."""
        assert self.gunicorn is not None
        children = [
            int(p.name)
            for p in Path("/proc").iterdir()
            if p.name.isdigit() and parent_of(p) == self.gunicorn.pid
        ]
        if children:
            with suppress(ProcessLookupError):
                os.kill(random.choice(children), signal.SIGKILL)

    def stop(self) -> None:
        for process in (self.gunicorn, self.worker):
            if process is None or process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def parent_of(proc: Path) -> int:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def terminate_backends(database_url: str) -> None:
    """End every other connection to the benchmark's database, as a fail-over would."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


# ---------------------------------------------------------------- the database


def make_database() -> str:
    """A fresh copy of the seed database (the small demo data, built once)."""
    import psycopg

    seed_url = f"{pages.POSTGRES}/{SEED}"
    env = dict(os.environ, DATABASE_URL=seed_url, LAC_DATA_DIR=str(pages.BENCH_DIR / "faults-seed"))
    with psycopg.connect(f"{pages.POSTGRES}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [SEED]).fetchone():
            conn.execute(f'CREATE DATABASE "{SEED}"')
    subprocess.run(
        [str(BIN / "lac"), "migrate", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True
    )
    if django(env, "has-data") != "yes":
        print("   building the small demo data for the fault runs (once)", flush=True)
        subprocess.run(
            [str(BIN / "lac"), "demo-data", "--scale", "small"],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    with psycopg.connect(f"{pages.POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{SEED}"')
    return f"{pages.POSTGRES}/{DATABASE}"


def collect_static(env: dict[str, str]) -> None:
    """Production's compressed static files, collected again only when a source changed
    (collecting takes minutes on a busy machine)."""
    manifest = Path(env["STATIC_ROOT"]) / "staticfiles.json"
    sources = [p for p in (ROOT / "lac").glob("*/static/**/*") if p.is_file()]
    if manifest.exists() and all(p.stat().st_mtime < manifest.stat().st_mtime for p in sources):
        return
    print("   collecting the static files", flush=True)
    command = [str(BIN / "lac"), "collectstatic", "--no-input", "-v", "0"]
    subprocess.run(command, env=env, cwd=ROOT, check=True)


def django(env: dict[str, str], command: str, *args: str) -> Any:
    """Run one of this file's Django-side commands (below) against ``env``'s database."""
    done = subprocess.run(
        [str(BIN / "python"), __file__, "--django", command, *args],
        env=dict(env, DJANGO_SETTINGS_MODULE="lac.settings"),
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"bench/faults.py --django {command} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- Django side


def django_side(command: str, args: list[str]) -> Any:
    """Set-up and counting, run in a child process with Django (the bench itself has none)."""
    import django as django_module

    django_module.setup()
    if command == "has-data":
        from lac.people.models import Person

        return "yes" if Person.objects.exists() else "no"
    if command == "prepare":
        return prepare(int(args[0]), args[1], Path(args[2]))
    if command == "count":
        return count(args[0])
    raise SystemExit(f"unknown command {command}")


def prepare(users: int, marker: str, csv_path: Path) -> dict[str, Any]:
    """The cast (coordinators with an authenticator each), the person the races are about,
    and the import job (its trial run queued for the worker)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lac.accounts.models import Membership, Role, User
    from lac.audit.actor import Actor
    from lac.casework.models import ClosureReason, IntroductionSource
    from lac.imports.jobs import job_start
    from lac.imports.models import ImportJob
    from lac.imports.services import job_create
    from lac.people.models import Person

    secret = base64.b32encode(secrets.token_bytes(20)).decode()  # this run's authenticator
    key = base64.b32decode(secret).hex()
    cast = []
    for m in Membership.objects.filter(role=Role.COORDINATOR).order_by("pk"):
        hoods = list(m.neighbourhoods.order_by("pk"))
        people = list(
            Person.objects.filter(neighbourhood__in=hoods, status="active")
            .order_by("pk")
            .values_list("pk", flat=True)[:21]
        )
        source = IntroductionSource.objects.filter(code="primary-health").first()
        if not hoods or len(people) < 2 or source is None:
            continue
        TOTPDevice.objects.create(user=m.user, name="Fault bench", key=key, confirmed=True)
        cast.append(
            {
                "username": m.user.username,
                "neighbourhood": hoods[0].pk,
                "people": people[:-1],
                "spare": people[-1],
                "programme": m.programme_id,
                "source": source.pk,
            }
        )
        if len(cast) == users:
            break
    first = cast[0]
    person = Person.objects.get(pk=first["spare"])
    reason = ClosureReason.objects.filter(is_active=True).order_by("pk").first()
    manager = Membership.objects.filter(role=Role.MANAGER, user__username="manager").first()
    if manager is None or reason is None:
        raise SystemExit("the demo data has no manager or no closure reason")
    wards = list(manager.programme.neighbourhoods.values_list("name", flat=True))
    write_csv(csv_path, marker, wards)
    upload = SimpleUploadedFile(csv_path.name, csv_path.read_bytes())
    user = User.objects.get(username="manager")
    TOTPDevice.objects.create(user=user, name="Fault bench", key=key, confirmed=True)
    job = job_create(programme=manager.programme, upload=upload, actor=Actor(user=user))
    job_start(job=job, task_kind=ImportJob.Task.CHECK, actor=Actor(user=user))
    return {
        "cast": cast,
        "secret": secret,
        "twins": {
            "person": person.pk,
            "level": person.level,
            "reason": reason.pk,
        },
        "job": job.pk,
    }


def write_csv(path: Path, marker: str, wards: list[str]) -> None:
    """A coordinator's sheet of IMPORT_ROWS distinct, obviously made-up people."""
    import csv

    rng = random.Random(17)
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "Surname",
                "First name",
                "D.O.B.",
                "Ward",
                "Intro date",
                "Introduced by",
                "Support level",
            ]
        )
        for n in range(IMPORT_ROWS):
            out.writerow(
                [
                    f"{marker}import{n}",
                    rng.choice(["Ann", "Bob", "Cara", "Dan", "Eve", "Fay"]),
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1935, 2004)}",
                    rng.choice(wards),
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024",
                    "GP",
                    "1",
                ]
            )


def count(marker: str) -> dict[str, dict[str, int]]:
    """How many times each submission of this run is in the database."""
    from django.db.models import Count

    from lac.casework.models import Conversation, LevelChange, StatusChange
    from lac.people.models import Person

    def tally(qs: Any, column: str) -> dict[str, int]:
        rows = qs.filter(**{f"{column}__startswith": marker}).values(column).annotate(n=Count("pk"))
        return {r[column]: r["n"] for r in rows}

    return {
        "conversations": tally(Conversation.objects, "note"),
        "people": tally(Person.objects, "full_name"),
        "imported": {
            r["full_name"]: r["n"]
            for r in Person.objects.filter(full_name__contains=f"{marker}import")
            .values("full_name")
            .annotate(n=Count("pk"))
        },
        "levels": tally(LevelChange.objects, "note"),
        "statuses": tally(StatusChange.objects, "note"),
    }


# ---------------------------------------------------------------- figures


def figures_of(
    tally: Tally, found: dict[str, int], saved_by: Callable[[str], bool]
) -> dict[str, Any]:
    """Acknowledged / found / duplicated / lost / 400s / 500s of one fault's submissions."""
    ours = {mark: n for mark, n in found.items() if saved_by(mark)}
    return {
        "acknowledged": len(tally.acknowledged),
        "found": sum(1 for mark in tally.acknowledged if ours.get(mark)),
        "duplicated": sum(n - 1 for n in ours.values() if n > 1),
        "lost": sum(1 for mark in tally.acknowledged if not ours.get(mark)),
        **errors(tally),
        "saved, unacknowledged": sum(1 for mark in ours if mark not in tally.acknowledged),
        "resent": tally.resent,
        "resent, told already saved": tally.told_already_saved,
        "no answer after every try": tally.unanswered,
    }


def race_figures(tally: Tally, found: dict[str, int], rounds: int) -> dict[str, Any]:
    """For the races: one save of each pair acknowledged, one history row, the other told."""
    rows = {note: n for note, n in found.items() if "race-" in note}
    return {
        "acknowledged": len(tally.acknowledged),
        "found": sum(1 for note in tally.acknowledged if rows.get(note)),
        "duplicated": sum(n - 1 for n in rows.values() if n > 1),
        "lost": sum(1 for note in tally.acknowledged if not rows.get(note)),
        **errors(tally),
        "races": rounds * 2,
        "losers told plainly": tally.told_changed,
    }


COLUMNS = ("fault", "acknowledged", "found", "duplicated", "lost", "400s", "500s", "503s")


def errors(tally: Tally) -> dict[str, int]:
    """Answers that were errors: a 503 is the honest "service unavailable" page (the person
    tries again); a 500 is a fault in lac."""
    return {
        "400s": tally.statuses[400],
        "500s": sum(n for s, n in tally.statuses.items() if s >= 500 and s != 503),
        "503s": tally.statuses[503],
    }


def table(rows: dict[str, dict[str, Any]]) -> str:
    lines = [COLUMNS] + [
        (name, *(str(figures.get(c, "")) for c in COLUMNS[1:])) for name, figures in rows.items()
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines
    )


# ---------------------------------------------------------------- the run


@contextmanager
def running(env: dict[str, str], port: int, workers: int) -> Iterator[Servers]:
    servers = Servers(env, port, workers)
    try:
        servers.start()
        yield servers
    finally:
        servers.stop()


def signed_in(cast: Cast) -> list[Browser]:
    browsers = [Browser(cast.port) for _ in cast.coordinators]
    threads = [
        threading.Thread(target=b.sign_in, args=(me["username"], cast.password, cast.secret))
        for b, me in zip(browsers, cast.coordinators, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return browsers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=25, help="writes under each fault")
    parser.add_argument("--rounds", type=int, default=8, help="races of each kind")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--django", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.django:
        print(json.dumps(django_side(args.django[0], args.django[1:])))
        return 0

    if not pages.postgres_available():
        print(f"   PostgreSQL not answering at {pages.POSTGRES}: fault injection skipped")
        if args.json:
            args.json.write_text(
                json.dumps(
                    [{"benchmark": "faults", "measure": "skipped (no PostgreSQL)", "value": 0}]
                )
            )
        return 0

    from lac.demo.plan import DEMO_PASSWORD

    # A stop from outside (Ctrl+C, timeout) still stops the servers (``running``'s finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    marker = f"fb{uuid.uuid4().hex[:8]}"
    print("   copying the seed database", flush=True)
    database_url = make_database()
    data_dir = pages.BENCH_DIR / "faults"
    env = loadtest.server_environment(database_url, pages.BENCH_DIR / "faults-static")
    env.update(LAC_DATA_DIR=str(data_dir), TWO_FACTOR_REQUIRED_FOR_COORDINATORS="true")
    collect_static(env)
    data_dir.mkdir(parents=True, exist_ok=True)
    setup = django(env, "prepare", str(args.users), marker, str(data_dir / f"{marker}.csv"))
    print(
        f"   set up in {time.monotonic() - started:.0f} s; starting gunicorn and the worker",
        flush=True,
    )
    port = loadtest.free_port()
    results: dict[str, dict[str, Any]] = {}
    with running(env, port, args.workers) as servers:
        cast = Cast(port, marker, setup["cast"], setup["twins"], DEMO_PASSWORD, setup["secret"])
        manager = Browser(port)
        manager.sign_in("manager", DEMO_PASSWORD, setup["secret"])
        fault = ImportFault(setup["job"], manager)
        kill_mid_import(fault, database_url, servers)
        print(f"   {len(cast.coordinators)} coordinators signing in", flush=True)
        browsers = signed_in(cast)
        tallies = {
            "none (control)": writes_under(
                cast, browsers, f"{marker} none", args.seconds / 2, lambda: None
            ),
        }
        print("   (b) killing gunicorn workers under writes", flush=True)
        tallies["(b) gunicorn worker killed"] = writes_under(
            cast, browsers, f"{marker} gunicorn", args.seconds, servers.kill_a_gunicorn_worker
        )
        print("   (c) terminating database backends under writes", flush=True)
        tallies["(c) backends terminated"] = writes_under(
            cast,
            browsers,
            f"{marker} backends",
            args.seconds,
            lambda: terminate_backends(database_url),
        )
        print("   (d) concurrent edits of one person", flush=True)
        races = concurrent_edits(cast, browsers[0], args.rounds)
        print("   (a) waiting for the killed import to show as stalled", flush=True)
        finish_import(fault, database_url, limit=180)
        worker_alive = servers.worker_alive()
    found = django(env, "count", marker)
    written = {**found["conversations"], **found["people"]}
    labels = {
        "none (control)": " none ",
        "(b) gunicorn worker killed": " gunicorn ",
        "(c) backends terminated": " backends ",
    }
    for name, tally in tallies.items():
        results[name] = figures_of(tally, written, lambda mark, label=labels[name]: label in mark)
    results["(d) concurrent edits"] = race_figures(
        races, {**found["levels"], **found["statuses"]}, args.rounds
    )
    results["(a) worker killed mid-import"] = import_figures(fault, found["imported"]) | {
        "worker alive after (c)": worker_alive
    }
    elapsed = time.monotonic() - started
    print("\n" + table(results), flush=True)
    for name, figures in results.items():
        extra = {k: v for k, v in figures.items() if k not in COLUMNS}
        print(f"   {name}: " + ", ".join(f"{k} {v}" for k, v in extra.items()), flush=True)
    print(f"   whole run: {elapsed:.0f} s", flush=True)
    figures = [
        {
            "benchmark": "faults",
            "measure": f"{name}: {measure}",
            "value": value,
            "unit": "",
            **({"target": "0"} if measure in ("duplicated", "lost", "500s") else {}),
        }
        for name, row in results.items()
        for measure, value in row.items()
    ]
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    bad = any(row.get(m) for row in results.values() for m in ("duplicated", "lost", "500s"))
    return 1 if bad or not fault.finished else 0


if __name__ == "__main__":
    sys.exit(main())
