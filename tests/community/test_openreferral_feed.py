"""The public Open Referral feed: HSDS 3.0 shapes, paging, and only what may be published."""

from __future__ import annotations

import uuid
from datetime import date, time

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.community.models import AssetKind, AssetStatus, Frequency
from tests.community.factories import (
    AssetFactory,
    OpeningTimeFactory,
    TaxonomyFactory,
    TermFactory,
)
from tests.community.hsds import validate, validate_full_page


@pytest.fixture
def published(world):
    taxonomy = TaxonomyFactory(programme=world.programme)
    food = TermFactory(taxonomy=taxonomy, code="food", name="Food")
    social = TermFactory(taxonomy=taxonomy, code="social", name="Friendship and social")
    trust = AssetFactory(
        programme=world.programme,
        kind=AssetKind.ORGANISATION,
        name="Northside Community Trust",
        website="https://northside.example.org",
    )
    cafe = AssetFactory(
        programme=world.programme,
        name="Friday Community Café",
        run_by=trust,
        neighbourhoods=[world.north],
        tags=[food, social],
        minimum_age=18,
        accessibility="Step-free entrance, hearing loop",
        last_checked=date(2026, 2, 1),
        website="https://cafe.example.org",
    )
    OpeningTimeFactory(asset=cafe, weekday="FR", opens_at=time(10), closes_at=time(13))
    OpeningTimeFactory(
        asset=cafe,
        weekday="MO",
        freq=Frequency.MONTHLY,
        week_of_month=-1,
        opens_at=time(18, 30),
        closes_at=time(20),
    )
    online = AssetFactory(
        programme=world.programme,
        kind=AssetKind.SERVICE,
        name="Phone befriending",
        address_1="",
        town="",
        postcode="",
    )
    return {"cafe": cafe, "trust": trust, "online": online, "food": food, "taxonomy": taxonomy}


def get(client, url, **params):
    response = client.get(url, params)
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def test_the_services_page_validates_against_the_hsds_schema(client, published):
    response = get(client, "/openreferral/services")
    assert response.status_code == 200
    body = response.json()
    validate("/services", body)
    assert body["total_items"] == 2
    assert [s["name"] for s in body["contents"]] == ["Friday Community Café", "Phone befriending"]


def test_a_full_service_validates_and_carries_its_schedule_location_and_categories(
    client, published
):
    cafe = published["cafe"]
    response = get(client, f"/openreferral/services/{cafe.uuid}")
    body = response.json()
    validate("/services/{id}", body)
    assert body["id"] == str(cafe.uuid)
    assert body["organization"]["name"] == "Northside Community Trust"
    schedules = {s["byday"]: s for s in body["schedules"]}
    assert schedules["FR"]["freq"] == "WEEKLY"
    assert schedules["FR"]["opens_at"] in {"10:00+00:00", "10:00+01:00"}  # GMT or BST
    assert schedules["-1MO"]["freq"] == "MONTHLY"
    location = body["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "TT1 1AA"
    assert location["accessibility"][0]["description"].startswith("Step-free")
    terms = sorted(a["taxonomy_term"]["name"] for a in body["attributes"])
    assert terms == ["Food", "Friendship and social"]
    assert body["service_areas"][0]["name"] == "North"


def test_the_feed_speaks_english_to_a_welsh_browser(client, published):
    """The UK profile has no field for the language of a record's words: lac's own stay English."""
    cafe = published["cafe"]
    response = client.get(f"/openreferral/services/{cafe.uuid}", HTTP_ACCEPT_LANGUAGE="cy")
    schedules = {s["byday"]: s["description"] for s in response.json()["schedules"]}
    assert schedules == {
        "FR": "Every Friday, 10:00 to 13:00",
        "-1MO": "Last Monday of the month, 18:30 to 20:00",
    }
    assert response["Content-Language"] == "en-gb"
    bad = client.get("/openreferral/services", {"page": "0"}, HTTP_ACCEPT_LANGUAGE="cy")
    assert bad.status_code == 400 and "whole number" in bad.json()["error"]


def test_a_service_validated_by_the_schema_would_be_refused_if_it_lacked_a_status(
    client, published
):
    body = get(client, f"/openreferral/services/{published['cafe'].uuid}").json()
    del body["status"]
    with pytest.raises(jsonschema.ValidationError):
        validate("/services/{id}", body)


def test_the_full_services_page_validates_too(client, published):
    body = get(client, "/openreferral/services", full="true").json()
    validate_full_page("/services", body)
    cafe = next(s for s in body["contents"] if s["name"] == "Friday Community Café")
    assert len(cafe["schedules"]) == 2


def test_every_list_endpoint_validates(client, published):
    for path in ("/organizations", "/taxonomies", "/taxonomy_terms", "/service_at_locations"):
        body = get(client, f"/openreferral{path}").json()
        validate(path, body)
        assert body["total_items"] >= 1, path


def test_detail_endpoints_validate(client, published):
    cafe, trust = published["cafe"], published["trust"]
    org = get(client, f"/openreferral/organizations/{trust.uuid}").json()
    validate("/organizations/{id}", org)
    assert [s["name"] for s in org["services"]] == ["Friday Community Café"]
    sal = get(client, f"/openreferral/service_at_locations/{cafe.service_at_location_uuid}").json()
    validate("/service_at_locations/{id}", sal)
    assert sal["service"]["id"] == str(cafe.uuid)
    term = get(client, f"/openreferral/taxonomy_terms/{published['food'].uuid}").json()
    validate("/taxonomy_terms/{id}", term)
    taxonomy = get(client, f"/openreferral/taxonomies/{published['taxonomy'].uuid}").json()
    validate("/taxonomies/{id}", taxonomy)


def test_the_root_says_which_hsds_version_it_speaks(client, db):
    body = get(client, "/openreferral/").json()
    validate("/", body)
    assert body["version"] == "3.0"


def test_only_public_active_assets_are_published_and_never_people_with_a_gift(
    client, world, published
):
    AssetFactory(programme=world.programme, name="Private list", public=False)
    AssetFactory(programme=world.programme, name="Closed club", status=AssetStatus.CLOSED)
    AssetFactory(programme=world.programme, name="Paused choir", status=AssetStatus.PAUSED)
    gift = AssetFactory(
        programme=world.programme,
        kind=AssetKind.INDIVIDUAL,
        name="Pat who mends bikes",
        public=False,
    )
    names = [
        s["name"] for s in get(client, "/openreferral/services", per_page=100).json()["contents"]
    ]
    assert names == ["Friday Community Café", "Phone befriending"]
    assert get(client, f"/openreferral/services/{gift.uuid}").status_code == 404
    orgs = get(client, "/openreferral/organizations").json()["contents"]
    assert [o["name"] for o in orgs] == ["Northside Community Trust"]


def test_paging_counts_pages_and_marks_the_first_and_last(client, world, published):
    for number in range(3):
        AssetFactory(programme=world.programme, name=f"Zumba {number}")
    first = get(client, "/openreferral/services", per_page=2).json()
    last = get(client, "/openreferral/services", per_page=2, page=3).json()
    validate("/services", last)
    assert (first["total_items"], first["total_pages"], first["size"]) == (5, 3, 2)
    assert first["first_page"] and not first["last_page"]
    assert last["last_page"] and not last["first_page"] and last["size"] == 1
    assert last["contents"][0]["name"] == "Zumba 2"


def test_an_empty_feed_says_so(client, db):
    body = get(client, "/openreferral/services").json()
    validate("/services", body)
    assert body["empty"] is True and body["contents"] == []


def test_a_bad_page_number_is_a_clear_400_not_a_crash(client, db):
    response = get(client, "/openreferral/services", page="two")
    assert response.status_code == 400
    assert "page must be a whole number" in response.json()["error"]


@pytest.mark.parametrize("page", ["999999999999999999999", str(10**30), str(2**63)])
def test_a_page_past_the_last_is_empty_however_large(client, published, page):
    response = get(client, "/openreferral/services", page=page)
    assert response.status_code == 200
    body = response.json()
    assert body["contents"] == [] and body["last_page"] is True
    assert body["total_items"] == 2


@pytest.mark.parametrize(
    "moment",
    ["2025-02-30", "2025-13-01", "2025-04-01T25:00:00", "9999-12-31T23:00:00-14:00", "nonsense"],
)
def test_an_impossible_modified_after_is_a_clear_400(client, published, moment):
    response = get(client, "/openreferral/services", modified_after=moment)
    assert response.status_code == 400
    assert "modified_after must be a real date or date-time" in response.json()["error"]


def test_unknown_or_malformed_ids_are_404(client, published):
    assert get(client, f"/openreferral/services/{uuid.uuid4()}").status_code == 404
    assert get(client, "/openreferral/services/not-a-uuid").status_code == 404
    trust = published["trust"]
    assert get(client, f"/openreferral/services/{trust.uuid}").status_code == 404


def test_services_filter_by_taxonomy_term_and_search(client, published):
    by_term = get(client, "/openreferral/services", taxonomy_term_id=published["food"].uuid)
    assert [s["name"] for s in by_term.json()["contents"]] == ["Friday Community Café"]
    by_word = get(client, "/openreferral/services", search="befriending")
    assert [s["name"] for s in by_word.json()["contents"]] == ["Phone befriending"]


def test_ids_are_stable_between_requests(client, published):
    one = get(client, f"/openreferral/services/{published['cafe'].uuid}").json()
    two = get(client, f"/openreferral/services/{published['cafe'].uuid}").json()
    assert (
        one["service_at_locations"][0]["location"]["addresses"][0]["id"]
        == (two["service_at_locations"][0]["location"]["addresses"][0]["id"])
    )
    assert [a["id"] for a in one["attributes"]] == [a["id"] for a in two["attributes"]]


def test_the_full_services_list_does_not_grow_queries_with_data(client, world, published):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            get(client, "/openreferral/services", full="true")
        return len(ctx.captured_queries)

    before = count()
    for number in range(5):
        asset = AssetFactory(programme=world.programme, tags=[published["food"]])
        OpeningTimeFactory(asset=asset)
    assert count() == before


def test_the_feed_needs_no_sign_in_and_refuses_writes(client, published):
    assert client.post("/openreferral/services").status_code == 405
