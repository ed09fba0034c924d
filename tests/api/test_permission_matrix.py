"""The API's permission matrix: every role against every endpoint, as on the web.

A user's token (with every scope) can do exactly what the user's roles allow:
403 where the role has no such capability anywhere, 404 for a record outside
their neighbourhoods or programmes, 200/201 otherwise.

The cast and their records are made once for the module (a social value run among
them, whose charts take seconds to draw) and each of the 243 cases runs inside them
and is rolled back, as Django's ``setUpTestData`` does: made for each case, the
records cost ten minutes of the suite.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from lac.people.equality import EQUALITY_FIELDS
from tests.api.data import ApiWorld, api_records, bearer, token
from tests.conftest import ROLE_USERS, World, build_world

PERSONAL_READERS = frozenset({"alice", "amir", "bob", "lena", "charlie"})
NORTH_READERS = frozenset({"alice", "bob", "lena"})
NORTH_WRITERS = frozenset({"alice", "bob"})
OUTSIDERS = frozenset({"amir", "charlie"})
"""Hold the capability, but not where the record is: 404."""
DIRECTORY = frozenset({"alice", "amir", "bob", "lena", "eve", "charlie", "root"})
REPORTS = frozenset({"bob", "lena", "eve", "nina"})
MANAGER = frozenset({"bob"})
"""The only one of the cast who passes people between coordinators."""
INTRODUCER = frozenset({"ivy"})
"""A partner organisation's introducer: their own introductions and nothing else."""
WELCOMERS = frozenset({"alice", "amir", "bob", "charlie"})
"""Record people's details somewhere, so have a queue of introductions to welcome."""


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: Callable[[ApiWorld], str]
    allowed: frozenset[str]
    hidden: frozenset[str] = frozenset()
    method: str = "get"
    body: Callable[[ApiWorld], dict] | None = None
    ok: int | None = None
    """The status of success, where it is not 201 for a post and 200 for a get."""

    def expected(self, user: str) -> int:
        if user in self.allowed:
            return self.ok or (201 if self.method == "post" else 200)
        return 404 if user in self.hidden else 403


ENDPOINTS = [
    Endpoint("list people", lambda d: "/api/people", PERSONAL_READERS),
    Endpoint("one person", lambda d: f"/api/people/{d.person.pk}", NORTH_READERS, OUTSIDERS),
    Endpoint("list introductions", lambda d: "/api/introductions", PERSONAL_READERS),
    Endpoint(
        "one introduction",
        lambda d: f"/api/introductions/{d.introduction_id}",
        NORTH_READERS,
        OUTSIDERS,
    ),
    Endpoint("list conversations", lambda d: "/api/conversations", PERSONAL_READERS),
    Endpoint(
        "one conversation",
        lambda d: f"/api/conversations/{d.conversation_id}",
        NORTH_READERS,
        OUTSIDERS,
    ),
    Endpoint("list assessments", lambda d: "/api/assessments", PERSONAL_READERS),
    Endpoint("list outcome events", lambda d: "/api/outcome-events", PERSONAL_READERS),
    Endpoint("list stories", lambda d: "/api/stories", PERSONAL_READERS),
    Endpoint("list assets", lambda d: "/api/assets", DIRECTORY),
    Endpoint("list runs", lambda d: "/api/runs", REPORTS),
    Endpoint("one run", lambda d: f"/api/runs/{d.run.pk}", REPORTS),
    Endpoint(
        "log a conversation",
        lambda d: "/api/conversations",
        NORTH_WRITERS,
        OUTSIDERS,
        method="post",
        body=lambda d: {"person_id": d.person.pk, "date": "2025-06-09", "mode": "phone"},
    ),
    Endpoint(
        "introduce someone known",
        lambda d: "/api/introductions",
        NORTH_WRITERS,
        OUTSIDERS,
        method="post",
        body=lambda d: {"person_id": d.person.pk, "date": "2025-08-01", "source": "council"},
    ),
    Endpoint(
        "pass a person on",
        lambda d: f"/api/people/{d.person.pk}/coordinator",
        MANAGER,
        method="post",
        body=lambda d: {"to_coordinator_id": d.colleague.pk},
        ok=200,
    ),
    Endpoint(
        # Clearing an answer needs no consent; the aggregate roles never reach the answers.
        "answer the equality questions",
        lambda d: f"/api/people/{d.person.pk}/equality",
        NORTH_WRITERS,
        OUTSIDERS,
        method="put",
        body=lambda d: dict.fromkeys(EQUALITY_FIELDS),
    ),
    Endpoint(
        "send an introduction",
        lambda d: "/api/welcome/introductions",
        INTRODUCER,
        method="post",
        body=lambda d: {
            "programme": "a",
            "full_name": "Dot Wren",
            "phone": "07700 900123",
            "agreed_to_contact": True,
        },
    ),
    Endpoint("introductions you made", lambda d: "/api/welcome/introductions", INTRODUCER),
    Endpoint(
        "one introduction you made",
        lambda d: f"/api/welcome/introductions/{d.incoming_id}",
        INTRODUCER,
    ),
    Endpoint("introductions to welcome", lambda d: "/api/welcome/queue", WELCOMERS),
    Endpoint(
        "choose a person's language",
        lambda d: f"/api/people/{d.person.pk}/language",
        NORTH_WRITERS,
        OUTSIDERS,
        method="put",
        body=lambda d: {"preferred_language": "cy"},
    ),
    # Lone working: anyone who records people's details starts their own visits, to a
    # person they may see (others: 404); another's visit is never found (nora's here).
    Endpoint(
        "start a visit",
        lambda d: "/api/visits",
        WELCOMERS,
        method="post",
        body=lambda d: {"place": "Library", "expected_back": _in_an_hour()},
    ),
    Endpoint(
        "start a visit to a person",
        lambda d: "/api/visits",
        NORTH_WRITERS,
        OUTSIDERS,
        method="post",
        body=lambda d: {
            "place": "Home visit",
            "expected_back": _in_an_hour(),
            "person_id": d.person.pk,
        },
    ),
    Endpoint("your visits", lambda d: "/api/visits", WELCOMERS),
    Endpoint(
        "end a visit",
        lambda d: f"/api/visits/{d.visit_id}/end",
        frozenset(),
        WELCOMERS,
        method="post",
        body=lambda d: {},
    ),
    Endpoint(
        "extend a visit",
        lambda d: f"/api/visits/{d.visit_id}/extend",
        frozenset(),
        WELCOMERS,
        method="post",
        body=lambda d: {"minutes": 15},
    ),
    Endpoint(
        "pass a caseload on",
        lambda d: "/api/handovers",
        MANAGER,
        method="post",
        body=lambda d: {
            "from_coordinator_id": None,
            "to_coordinator_id": d.colleague.pk,
            "neighbourhood_ids": [d.person.neighbourhood_id],
        },
    ),
]


def _in_an_hour() -> str:
    return (timezone.now() + timedelta(hours=1)).isoformat()


def matrix() -> list[tuple[Endpoint, str]]:
    return [(endpoint, user) for endpoint in ENDPOINTS for user in ROLE_USERS]


OPERATIONS = {
    "list people": "get /api/people",
    "one person": "get /api/people/{person_id}",
    "list introductions": "get /api/introductions",
    "one introduction": "get /api/introductions/{introduction_id}",
    "list conversations": "get /api/conversations",
    "one conversation": "get /api/conversations/{conversation_id}",
    "list assessments": "get /api/assessments",
    "list outcome events": "get /api/outcome-events",
    "list stories": "get /api/stories",
    "list assets": "get /api/assets",
    "list runs": "get /api/runs",
    "one run": "get /api/runs/{run_id}",
    "log a conversation": "post /api/conversations",
    "introduce someone known": "post /api/introductions",
    "pass a person on": "post /api/people/{person_id}/coordinator",
    "pass a caseload on": "post /api/handovers",
    "answer the equality questions": "put /api/people/{person_id}/equality",
    "send an introduction": "post /api/welcome/introductions",
    "introductions you made": "get /api/welcome/introductions",
    "one introduction you made": "get /api/welcome/introductions/{incoming_id}",
    "introductions to welcome": "get /api/welcome/queue",
    "choose a person's language": "put /api/people/{person_id}/language",
    "start a visit": "post /api/visits",
    "start a visit to a person": "post /api/visits",
    "your visits": "get /api/visits",
    "end a visit": "post /api/visits/{visit_id}/end",
    "extend a visit": "post /api/visits/{visit_id}/extend",
}


def test_the_matrix_covers_every_operation_in_the_schema(client, db):
    schema = client.get("/api/schema").json()
    in_schema = {f"{method} {path}" for path, item in schema["paths"].items() for method in item}
    assert in_schema == set(OPERATIONS.values())
    assert {e.name for e in ENDPOINTS} == set(OPERATIONS)


@pytest.fixture(scope="module")
def cast_and_records(django_db_setup, django_db_blocker):
    """The cast and the API's records in a transaction left open for the module's cases
    and rolled back after the last. Each case's own transaction is a savepoint inside it,
    rolled back after the case, so every case starts from the same records; the cases
    run on one worker (``xdist_group``) so the records are made once."""
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        world = build_world()
        yield world, api_records(world)
        transaction.set_rollback(True)


@pytest.mark.xdist_group("api-permission-matrix")
@pytest.mark.parametrize(
    ("endpoint", "user"), matrix(), ids=lambda v: v.name if isinstance(v, Endpoint) else v
)
def test_each_role_gets_what_its_role_allows_through_the_api(
    client, db, cast_and_records: tuple[World, ApiWorld], endpoint, user
):
    world, data = cast_and_records
    headers = bearer(token(world.user(user)))
    if endpoint.method in {"post", "put"}:
        response = getattr(client, endpoint.method)(
            endpoint.path(data),
            json.dumps(endpoint.body(data)),
            content_type="application/json",
            **headers,
        )
    else:
        response = client.get(endpoint.path(data), **headers)
    expected = endpoint.expected(user)
    assert response.status_code == expected, (
        f"{user} on {endpoint.name}: expected {expected}, got {response.status_code} "
        f"{response.content[:200]!r}"
    )
