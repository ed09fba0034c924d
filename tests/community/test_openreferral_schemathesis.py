"""Property-based tests of the Open Referral feed against the UK profile's OpenAPI.

The UK validator checks a council's feed against ``schema/openapi.json`` of
OpenReferralUK/uk-profile before the feed is registered; that file is vendored
in ``oruk-3.0/``. schemathesis generates requests from it, valid and invalid,
for every path and parameter, and sends them through Django's test client to the
programme's feed. Bounded and deterministic: at most ``MAX_EXAMPLES`` cases per
operation, derandomised.

Every answer must be JSON with CORS and never a server error. The UK file
documents only ``200``, so the check here is what a consumer needs: a valid
request gets a ``200`` whose body the UK and generic HSDS schemas accept
(``tests/community/hsds.py``, which resolves their ``$ref``s from the vendored
files, as this machine cannot reach GitHub); an unknown id gets a JSON ``404``;
a request the schema calls invalid gets a JSON ``400`` naming the parameter.
"""

from __future__ import annotations

import copy
from datetime import time

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation

from tests.community.factories import AssetFactory, OpeningTimeFactory, TaxonomyFactory, TermFactory
from tests.community.hsds import UK, openapi, validate

MAX_EXAMPLES = 15
QUERY, PATH = ParameterLocation.QUERY, ParameterLocation.PATH


def uk_openapi_as_meant() -> dict:
    """The UK OpenAPI with its two malformed parameter types read as the profile means them.

    ``start_time`` and ``end_time`` say ``"type": "time"`` and ``modified_after``
    ``"format": "datetime"``: neither is an OpenAPI type or format, so no tool can
    generate from them. The profile's documentation describes times of day and
    ISO 8601 moments, which is what they become here; nothing else is changed.
    """
    spec = copy.deepcopy(openapi(UK))
    parameters = spec["components"]["parameters"]
    for name in ("start_time", "end_time"):
        parameters[name]["schema"] = {"type": "string", "format": "time"}
    parameters["modified_after"]["schema"] = {"type": "string", "format": "date-time"}
    return spec


schema = schemathesis.openapi.from_dict(uk_openapi_as_meant())
# Parameters the UK profile does not list are ignored, as HSDS consumers expect (a
# cache-busting ``_=…`` must not break a directory page), so they are not "invalid".
schema.config.generation.update(allow_extra_parameters=False)


@pytest.fixture
def feed(world) -> tuple[str, dict[str, list[str]]]:
    """The programme's feed path, and real ids per path kind for generated ids to hit."""
    taxonomy = TaxonomyFactory(programme=world.programme)
    walks = TermFactory(taxonomy=taxonomy, code="walks", name="Walks")
    walk = AssetFactory(
        programme=world.programme,
        name="Sunday walk",
        tags=[walks],
        minimum_age=18,
        postcode="DE1 1AA",
        latitude="52.920000",
        longitude="-1.470000",
    )
    OpeningTimeFactory(asset=walk, weekday="SU", opens_at=time(10), closes_at=time(12))
    club = AssetFactory(
        programme=world.programme, name="Youth club", minimum_age=11, maximum_age=18
    )
    OpeningTimeFactory(asset=club, weekday="WE", opens_at=time(18), closes_at=time(20))
    base = f"/openreferral/{world.programme.slug}"
    listing = {
        "services": "services",
        "service_at_locations": "service_at_locations",
        "taxonomies": "taxonomies",
        "taxonomy_terms": "taxonomy_terms",
    }
    ids = {}
    for kind, path in listing.items():
        body = Client().get(f"{base}/{path}").json()
        ids[kind] = [item["id"] for item in body["contents"]]
    return base, ids


def aim_at_real_records(case, ids: dict[str, list[str]]) -> None:
    """Half the generated ids become ids of real records, so full records are checked too."""
    params = case.path_parameters or {}
    if "id" not in params:
        return
    kind = case.operation.path.strip("/").split("/")[0]
    known = ids.get(kind) or []
    if known and len(str(params["id"])) % 2 == 0:
        params["id"] = known[len(str(params["id"])) % len(known)]


def check_answer(case, response, path: str) -> None:
    assert response.status_code < 500, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    if response.status_code == 200:
        validate(path, body)
    elif response.status_code == 404:
        assert "id" in case.operation.path, response.content
        assert body["error"]
    else:
        # A 400 names what was wrong, in words a developer can act on.
        assert response.status_code == 400, response.content
        assert isinstance(body.get("error"), str) and body["error"]
    # An empty value is read as no filter, as a search form with a blank box sends it.
    blank = any(value == "" for value in (case.query or {}).values())
    sent_invalid = any(case.meta.is_negative_at(where) for where in (QUERY, PATH)) and not blank
    if case.meta.generation.mode is GenerationMode.NEGATIVE and sent_invalid:
        assert response.status_code in (400, 404), (case.formatted_path, case.query)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_feed_answers_every_uk_request_as_the_profile_says(case, feed, client):
    base, ids = feed
    aim_at_real_records(case, ids)
    path = case.operation.path
    response = client.get(base + case.formatted_path, case.query or {})
    check_answer(case, response, path)
