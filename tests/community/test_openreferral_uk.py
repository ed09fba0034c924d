"""The feed against the Open Referral UK profile: its filters honoured, its rules kept.

Every endpoint of the UK OpenAPI is asked with every parameter it lists, and
each answer is checked against the UK profile's schemas (``tests/community/hsds.py``).
"""

from __future__ import annotations

import io
import re
from datetime import time
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.audit.actor import Actor
from lac.community import services
from lac.community.models import PostcodeCentroid
from tests.community.factories import (
    AssetFactory,
    OpeningTimeFactory,
    TaxonomyFactory,
    TermFactory,
)
from tests.community.hsds import UK, openapi, validate

POSTCODES = Path(__file__).resolve().parent / "fixtures" / "postcodes.csv"


@pytest.fixture
def directory(world):
    taxonomy = TaxonomyFactory(programme=world.programme)
    walks = TermFactory(taxonomy=taxonomy, code="walks", name="Walks")
    sunday = AssetFactory(
        programme=world.programme,
        name="Sunday walk",
        tags=[walks],
        minimum_age=18,
        latitude="52.920000",
        longitude="-1.470000",
    )
    OpeningTimeFactory(asset=sunday, weekday="SU", opens_at=time(10), closes_at=time(12))
    youth = AssetFactory(
        programme=world.programme, name="Youth club", minimum_age=11, maximum_age=18
    )
    OpeningTimeFactory(asset=youth, weekday="WE", opens_at=time(18), closes_at=time(20))
    OpeningTimeFactory(asset=youth, weekday="SU", opens_at=time(14), closes_at=time(16))
    toddlers = AssetFactory(programme=world.programme, name="Toddler group", maximum_age=4)
    OpeningTimeFactory(asset=toddlers, weekday="TU", opens_at=time(9, 30), closes_at=time(11))
    return {"sunday": sunday, "youth": youth, "toddlers": toddlers, "walks": walks}


def get(client, url, **params):
    response = client.get(url, params)
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def names(client, path="/openreferral/services", **params):
    response = get(client, path, **params)
    assert response.status_code == 200, response.content
    body = response.json()
    validate("/" + path.rsplit("/", 1)[1], body)
    if path.endswith("service_at_locations"):
        return [sal["location"]["name"] for sal in body["contents"]]
    return [s["name"] for s in body["contents"]]


def test_day_returns_only_services_open_that_day(client, directory):
    assert names(client, day="SU") == ["Sunday walk", "Youth club"]
    assert names(client, day="tu") == ["Toddler group"]
    assert names(client, day="SA") == []


def test_day_and_times_hold_for_one_and_the_same_session(client, directory):
    assert names(client, day="SU", start_time="13:00") == ["Youth club"]
    assert names(client, day="WE", end_time="12:00") == []
    assert names(client, start_time="09:00", end_time="12:00") == ["Sunday walk", "Toddler group"]
    assert names(client, start_time="18:00") == ["Youth club"]


def test_ages_follow_the_uk_profile_wording(client, directory):
    assert names(client, minimum_age="11") == ["Sunday walk", "Youth club"]
    assert names(client, minimum_age="12") == ["Sunday walk"]
    assert names(client, maximum_age="4") == ["Toddler group"]
    assert names(client, minimum_age="10", maximum_age="18") == ["Youth club"]


def test_service_at_locations_filters_alike(client, directory):
    path = "/openreferral/service_at_locations"
    assert names(client, path, day="SU", start_time="09:00", end_time="12:00") == ["Sunday walk"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("day", "Sunday"),
        ("start_time", "25:00"),
        ("end_time", "noon"),
        ("minimum_age", "ten"),
        ("maximum_age", "-1"),
        ("taxonomy_term_id", "walks"),
        ("per_page", "0"),
    ],
)
def test_a_bad_filter_is_a_json_400_naming_it(client, directory, name, value):
    for path in ("/openreferral/services", "/openreferral/a/service_at_locations"):
        response = get(client, path, **{name: value})
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"].startswith(f"{name} must be")


SAMPLES = {
    "search": "walk",
    "page": "1",
    "per_page": "10",
    "minimum_age": "11",
    "maximum_age": "18",
    "start_time": "09:00",
    "end_time": "17:00",
    "day": "SU",
    "postcode": "TT1 2BB",
    "proximity": "1000",
}

NEEDS = {"proximity": {"postcode": "TT1 2BB"}}  # a distance is measured from a postcode


def _uk_parameters(operation):
    spec = openapi(UK)
    for parameter in operation.get("parameters", []):
        yield spec["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]


def test_every_uk_endpoint_and_parameter_answers_as_the_profile_says(client, directory):
    call_command("postcodes", "load", str(POSTCODES), stdout=io.StringIO())
    ids = {
        "/services/{id}": directory["sunday"].uuid,
        "/service_at_locations/{id}": directory["sunday"].service_at_location_uuid,
        "/taxonomies/{id}": directory["walks"].taxonomy.uuid,
        "/taxonomy_terms/{id}": directory["walks"].uuid,
    }
    samples = {**SAMPLES, "taxonomy_term_id": directory["walks"].uuid}
    samples["taxonomy_id"] = directory["walks"].taxonomy.uuid
    checked = 0
    for path, item in openapi(UK)["paths"].items():
        url = "/openreferral" + path.replace("{id}", str(ids.get(path, "")))
        validate(path, get(client, url).json())
        for parameter in _uk_parameters(item["get"]):
            name = parameter["name"]
            query = {name: samples[name], **NEEDS.get(name, {})}
            response = get(client, url, **query)
            assert response.status_code == 200, (path, name, response.content)
            validate(path, response.json())
            checked += 1
    assert checked == 10 + 12 + 2 + 2  # services, service_at_locations, taxonomies, terms


def test_the_uk_check_refuses_a_field_the_profile_removed(client, directory):
    body = get(client, f"/openreferral/services/{directory['sunday'].uuid}").json()
    body["phones"] = [{"id": "00000000-0000-4000-8000-000000000000", "number": "01234 567890"}]
    with pytest.raises(jsonschema.ValidationError, match="phones"):
        validate("/services/{id}", body)


def test_a_service_at_location_carries_the_name_and_status_the_uk_validator_wants(
    client, directory
):
    sal_id = directory["sunday"].service_at_location_uuid
    body = get(client, f"/openreferral/service_at_locations/{sal_id}").json()
    validate("/service_at_locations/{id}", body)
    assert (body["name"], body["status"]) == ("Sunday walk", "active")
    assert body["location"]["addresses"][0]["postal_code"] == "TT1 1AA"


def test_schedules_carry_the_programme_clock_offset(client, directory, settings):
    body = get(client, f"/openreferral/services/{directory['sunday'].uuid}").json()
    schedule = body["schedules"][0]
    assert re.fullmatch(r"10:00[+-]\d\d:\d\d", schedule["opens_at"])
    assert "wkst" not in schedule and "timezone" not in schedule
    settings.TIME_ZONE = "Asia/Kolkata"
    body = get(client, f"/openreferral/services/{directory['sunday'].uuid}").json()
    assert body["schedules"][0]["closes_at"] == "12:00+05:30"


def test_addresses_are_whole_or_not_sent(client, world, directory):
    body = get(client, f"/openreferral/services/{directory['sunday'].uuid}").json()
    address = body["service_at_locations"][0]["location"]["addresses"][0]
    assert address["state_province"] == world.programme.council
    assert address["city"] == "Testtown"
    no_town = AssetFactory(programme=world.programme, town="", latitude="52.9", longitude="-1.4")
    body = get(client, f"/openreferral/services/{no_town.uuid}").json()
    validate("/services/{id}", body)
    location = body["service_at_locations"][0]["location"]
    assert "addresses" not in location and location["latitude"] == 52.9


def test_last_modified_moves_with_opening_times_and_categories(client, directory):
    sunday = directory["sunday"]

    def last_modified():
        return get(client, f"/openreferral/services/{sunday.uuid}").json()["last_modified"]

    before = last_modified()
    opening = services.opening_time_add(
        asset=sunday, data={"weekday": "SA", "opens_at": time(9), "closes_at": time(10)}
    )
    added = last_modified()
    assert added > before
    assert names(client, modified_after=added) == ["Sunday walk"]
    services.opening_time_delete(opening=opening)
    removed = last_modified()
    assert removed > added
    services.term_update(term=directory["walks"], data={"name": "Walking"})
    renamed = last_modified()
    assert renamed > removed
    services.asset_update(asset=sunday, data={}, tags=[], actor=Actor())
    assert last_modified() > renamed


def test_head_options_and_refused_methods_all_carry_cors(client, directory):
    head = client.head("/openreferral/services")
    assert head.status_code == 200 and head["Access-Control-Allow-Origin"] == "*"
    assert int(head["Content-Length"]) > 0
    preflight = client.options(
        "/openreferral/services",
        HTTP_ORIGIN="https://directory.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    post = client.post("/openreferral/services")
    assert post.status_code == 405 and post["Access-Control-Allow-Origin"] == "*"
    assert "read-only" in post.json()["error"]


def test_the_bare_stub_answers_without_redirecting_and_names_the_uk_profile(client, world):
    for stub in ("/openreferral", "/openreferral/", "/openreferral/a", "/openreferral/a/"):
        response = get(client, stub)
        assert response.status_code == 200, stub
        body = response.json()
        validate("/", body)
        assert "uk-profile" in body["profile"] and "uk-profile" in body["openapi_url"]
    body = get(client, "/openreferral/a").json()
    assert body["services_url"] == "http://testserver/openreferral/a/services"


def test_each_programme_has_its_own_feed(client, world, directory):
    theirs_taxonomy = TaxonomyFactory(programme=world.other_programme)
    theirs = AssetFactory(
        programme=world.other_programme,
        name="Sunday lunch",
        tags=[TermFactory(taxonomy=theirs_taxonomy)],
    )
    OpeningTimeFactory(asset=theirs, weekday="SU")
    assert names(client, "/openreferral/a/services", day="SU") == ["Sunday walk", "Youth club"]
    assert names(client, "/openreferral/b/services", day="SU") == ["Sunday lunch"]
    assert get(client, f"/openreferral/a/services/{theirs.uuid}").status_code == 404
    assert get(client, f"/openreferral/b/services/{theirs.uuid}").status_code == 200
    taxonomies = get(client, "/openreferral/taxonomies").json()["contents"]
    assert sorted(t["name"] for t in taxonomies) == [
        "Community directory categories (Programme A)",
        "Community directory categories (Programme B)",
    ]
    b_terms = get(client, "/openreferral/b/taxonomy_terms").json()["contents"]
    assert [t["taxonomy_id"] for t in b_terms] == [str(theirs_taxonomy.uuid)]
    missing = get(client, "/openreferral/nowhere/services")
    assert missing.status_code == 404 and missing.json() == {"error": "No such programme feed"}


def load_postcodes():
    out = io.StringIO()
    call_command("postcodes", "load", str(POSTCODES), stdout=out)
    return out.getvalue()


def test_the_postcode_file_loads_and_reloads_without_duplicates(db):
    assert load_postcodes() == "Loaded 3 postcode centroids from postcodes.csv.\n"
    assert load_postcodes().startswith("Loaded 3 ")
    assert PostcodeCentroid.objects.count() == 3
    assert str(PostcodeCentroid.objects.get(postcode="TT12BB").latitude) == "52.925000"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("TT1 4DD,north,-1.4", "Line 3: latitude 'north' is not a number"),
        ("TT1 4DD,95,-1.4", "Line 3: latitude '95' is not between -90 and 90"),
        ("NOT A CODE,52.9,-1.4", "Line 3: postcode 'NOT A CODE' is not a UK postcode"),
    ],
)
def test_a_bad_postcode_file_names_the_line_and_loads_nothing(db, tmp_path, row, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"postcode,latitude,longitude\nTT1 1AA,52.92,-1.47\n{row}\n")
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("postcodes", "load", str(bad))
    assert PostcodeCentroid.objects.count() == 0


def test_postcode_and_proximity_find_services_near_a_postcode(client, world, directory):
    load_postcodes()
    AssetFactory(programme=world.programme, name="Far group", postcode="TT9 9ZZ")
    AssetFactory(programme=world.programme, name="Unplaced group", postcode="ZZ1 1ZZ")
    path = "/openreferral/service_at_locations"
    near = names(client, path, postcode="tt12bb", proximity="1000")
    assert near == ["Sunday walk", "Toddler group", "Youth club"]  # own coordinates or centroid
    assert names(client, path, postcode="TT1 2BB", proximity="30000")[-1] == "Far group"
    nearest_first = names(client, path, postcode="TT9 9ZZ")
    assert nearest_first[0] == "Far group" and nearest_first[-1] == "Unplaced group"
    assert names(client, "/openreferral/a/services", postcode="TT1 2BB", proximity="100") == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"proximity": "500"}, "proximity needs a postcode"),
        ({"postcode": "TT5 5TT"}, "postcode TT5 5TT is not in this directory's postcode file"),
        ({"postcode": "nowhere"}, "postcode must be a UK postcode"),
        ({"postcode": "TT1 1AA", "proximity": "far"}, "proximity must be a number"),
    ],
)
def test_bad_postcode_searches_are_json_400s(client, directory, params, message):
    load_postcodes()
    response = get(client, "/openreferral/service_at_locations", **params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


def test_a_filtered_programme_feed_does_not_grow_queries_with_data(client, world, directory):
    load_postcodes()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            get(client, "/openreferral/a/service_at_locations", day="SU", postcode="TT1 2BB")
            get(client, "/openreferral/a/services", full="true", minimum_age="1")
        return len(ctx.captured_queries)

    before = count()
    for number in range(5):
        asset = AssetFactory(programme=world.programme, minimum_age=5, tags=[directory["walks"]])
        OpeningTimeFactory(asset=asset, weekday="SU")
    assert count() == before
