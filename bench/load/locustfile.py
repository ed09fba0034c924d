"""Locust users for bench/loadtest.py: coordinators at work, coordinators signed in doing
nothing else (the ceiling), and the bare health check.

Open loop: the rate of requests is set by a schedule, not by how fast the
server answers. Every user paces itself so that, together, they send
``rate`` requests a second (each user one every ``users / rate`` seconds);
the rate steps up every ``LAC_LOAD_STEP_SECONDS`` through ``LAC_LOAD_RATES``,
starting once every user is ready (coordinators sign in first). While the
server answers faster than a user's interval the arrivals do not depend on it;
a step it cannot hold shows as a missed rate and a long p95.

The client plays the TLS-terminating proxy production sits behind: it sends
``X-Forwarded-Proto: https`` and an https Referer, and keeps Secure cookies
over the loopback connection, so no production setting is relaxed for it.

Each request is written, with the step it was sent in (not the one it was
answered in), to ``LAC_LOAD_OUT``
(JSON lines) for bench/loadtest.py to measure each step.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from locust import HttpUser, events, task

RATES = [float(r) for r in os.environ.get("LAC_LOAD_RATES", "1").split(",")]
STEP_SECONDS = float(os.environ.get("LAC_LOAD_STEP_SECONDS", "15"))
USERS = int(os.environ.get("LAC_LOAD_USERS", "1"))
PASSWORD = os.environ.get("LAC_LOAD_PASSWORD", "")
CAST: list[tuple[str, list[int]]] = json.loads(os.environ.get("LAC_LOAD_CAST", "[]"))
MARKER = os.environ.get("LAC_LOAD_MARKER", "loadtest")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_next_user = itertools.count()
_ready: set[int] = set()
_schedule: dict[str, float] = {}
_records: list[dict[str, Any]] = []


def step_now() -> int | None:
    """The step of the schedule now: None before every user is ready, len(RATES) after."""
    if "start" not in _schedule:
        return None
    return min(len(RATES), int((time.monotonic() - _schedule["start"]) // STEP_SECONDS))


class Paced:
    """Each user sends its share of the step's rate, one request every users / rate s.

    Within step k, user i's requests are due at the step's start plus
    (i / users + j) intervals of that step (j = 0, 1, ...): together the users
    send the step's rate from its first second. A request whose turn would
    fall in the next step is instead due at that step's own first turn for
    the user, so no step starts by waiting out the previous, longer interval.
    A user behind its schedule (a slow answer) sends at once, but owes at most
    one interval.
    """

    index: int
    last: float | None = None  # when this user's latest request was due
    last_step: int = 0

    def ready(self) -> None:
        _ready.add(self.index)
        if len(_ready) >= USERS and "start" not in _schedule:
            _schedule["start"] = time.monotonic()

    def pace(self) -> float:
        step = step_now()
        if step is None:
            return 0.2
        if step >= len(RATES):
            if "ended" not in _schedule:  # the schedule is over: stop, once
                _schedule["ended"] = time.monotonic()
                self.environment.runner.quit()  # type: ignore[attr-defined]
            return 1.0
        now = time.monotonic()
        if self.last is not None:
            k, due = self.last_step, self.last + interval(self.last_step)
        else:
            k, due = step, self.first_turn(step)
        while due >= begins(k + 1):
            k += 1
            if k >= len(RATES):  # no turn left: wake when the schedule ends, and stop
                return max(0.0, begins(k) - now) + 0.01
            due = self.first_turn(k)
        self.last, self.last_step = max(due, now - interval(k)), k
        return max(0.0, due - now)

    def first_turn(self, step: int) -> float:
        """This user's first request in the step: spread over the step's interval."""
        return begins(step) + interval(step) * self.index / USERS


def begins(step: int) -> float:
    return _schedule["start"] + step * STEP_SECONDS


def interval(step: int) -> float:
    return USERS / RATES[min(step, len(RATES) - 1)]


class SignedIn(Paced, HttpUser):
    """A coordinator signed in with the demo password (their session cookies kept)."""

    abstract = True

    def on_start(self) -> None:
        self.index = next(_next_user)
        self.username, self.people = CAST[self.index % len(CAST)]
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.turn, self.token, self.person_page = 0, "", ""
        page = self.send("GET", "/accounts/sign-in/", name="sign in (form)", record=False)
        self.send(
            "POST",
            "/accounts/sign-in/",
            name="sign in",
            data={
                "csrfmiddlewaretoken": csrf(page),
                "username": self.username,
                "password": PASSWORD,
            },
            record=False,
        )
        self.signed_in()
        self.ready()

    def signed_in(self) -> None:
        """Anything to do once signed in, before the steps start."""

    def wait_time(self) -> float:
        return self.pace()

    def send(
        self,
        method: str,
        path: str,
        *,
        name: str,
        data: dict[str, str] | None = None,
        record: bool = True,
        location: bool = False,
        expected: int | None = None,
    ) -> str:
        """The page's text (or, for a save, where it redirects); a wrong status is a failure."""
        expected = expected or (302 if method == "POST" else 200)
        referer = (self.host or "").replace("http://", "https://") + path
        # The Secure cookies a browser sends over https, sent over the loopback by hand
        # (requests leaves them out of a plain-http request).
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.client.cookies)
        with self.client.request(
            method,
            path,
            data=data,
            name=name,
            headers={"Referer": referer, "Cookie": cookies},
            allow_redirects=False,
            catch_response=True,
            context={"record": record, "step": step_now()},
        ) as response:
            if response.status_code != expected:
                response.failure(f"{response.status_code} (expected {expected})")
            if location:
                return urlsplit(response.headers.get("Location", "")).path
            return response.text or ""


class Coordinator(SignedIn):
    """Reads the caseload, opens "Log a conversation", saves one, lands on the person page."""

    @task
    def next_step(self) -> None:
        """One request of the workflow a time, so the pacing spaces every request."""
        person = self.people[self.turn // 4 % len(self.people)]
        step = self.turn % 4
        self.turn += 1
        if step == 0:
            self.send("GET", "/", name="caseload")
        elif step == 1:
            self.token = csrf(
                self.send("GET", f"/casework/people/{person}/conversations/new/", name="form")
            )
        elif step == 2:
            self.person_page = self.send(
                "POST",
                f"/casework/people/{person}/conversations/new/",
                name="save",
                data={
                    "csrfmiddlewaretoken": self.token,
                    "date": date.today().isoformat(),  # noqa: DTZ011 (a client, in local time)
                    "mode": "phone",
                    "duration_minutes": "20",
                    "note": f"{MARKER} {self.username} {self.turn}",
                },
                location=True,
            )
        else:
            self.send("GET", self.person_page or f"/people/{person}/", name="person page")


class SignedInNothingElse(SignedIn):
    """The ceiling of any signed-in request: "stay signed in" (the session timeout's keep-
    alive), which goes through the whole middleware stack as a signed-in coordinator
    (session, user, second factor, scope, session time limits, CSRF) and does nothing
    else: no records read, no page drawn. No workflow request can cost less."""

    def signed_in(self) -> None:
        self.token = csrf(self.send("GET", "/accounts/", name="account", record=False))

    @task
    def keep_alive(self) -> None:
        self.send(
            "POST",
            "/accounts/session/keep-alive/",
            name="signed-in, nothing else",
            data={"csrfmiddlewaretoken": self.token},
            expected=204,
        )


class HealthCheck(Paced, HttpUser):
    """The bare health check: one trivial query through the whole middleware stack."""

    def on_start(self) -> None:
        self.index = next(_next_user)
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.ready()

    def wait_time(self) -> float:
        return self.pace()

    @task
    def health(self) -> None:
        with self.client.get(
            "/healthz", name="health check", catch_response=True, context={"step": step_now()}
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} (expected 200)")


def csrf(page: str) -> str:
    found = CSRF_FIELD.search(page)
    return found.group(1) if found else ""


@events.request.add_listener
def keep(
    request_type: str,
    name: str,
    response_time: float,
    exception: BaseException | None,
    context: dict[str, Any],
    **kwargs: Any,
) -> None:
    step = context.get("step", step_now())  # the step the request was sent in
    if context.get("record") is False or step is None or step >= len(RATES):
        return
    _records.append(
        {
            "step": step,
            "name": name,
            "ms": response_time,
            "error": str(exception) if exception else "",
        }
    )


@events.quitting.add_listener
def write(environment: Any, **kwargs: Any) -> None:
    with open(os.environ["LAC_LOAD_OUT"], "w", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in _records)
