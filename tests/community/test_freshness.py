"""A service's ``last_modified`` moves with any change to it or its children, by every path.

The directory pages, the admin, the Open Referral import (web and command) all
write through ``lac.community.services``; each path is driven here and the
asset's ``modified`` (the feed's ``last_modified``) must move.
"""

from __future__ import annotations

import json
from datetime import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from lac.audit.actor import Actor
from lac.community import services
from lac.community.models import Asset, AssetKind
from tests.community.factories import AssetFactory, OpeningTimeFactory, TaxonomyFactory, TermFactory
from tests.community.test_openreferral_import import SERVICE_ID, service
from tests.conftest import force_login_verified
from tests.factories import UserFactory

SESSION = {"weekday": "SU", "freq": "WEEKLY", "interval": 1}


@pytest.fixture
def walk(world):
    taxonomy = TaxonomyFactory(programme=world.programme)
    walks = TermFactory(taxonomy=taxonomy, code="walks", name="Walks")
    asset = AssetFactory(programme=world.programme, name="Sunday walk", tags=[walks])
    return asset


def modified(asset: Asset):
    return Asset.objects.values_list("modified", flat=True).get(pk=asset.pk)


def feed_since(client, moment) -> list[str]:
    response = client.get("/openreferral/services", {"modified_after": moment.isoformat()})
    return [s["name"] for s in response.json()["contents"]]


def test_adding_an_opening_time_on_the_page_moves_last_modified(client_for, client, walk):
    before = modified(walk)
    client_for("alice")
    response = client.post(
        f"/community/assets/{walk.pk}/opening-times/add/",
        {**SESSION, "opens_at": "10:00", "closes_at": "12:00"},
    )
    assert response.status_code == 302
    assert walk.opening_times.count() == 1
    assert modified(walk) > before
    client.logout()
    assert feed_since(client, before) == ["Sunday walk"]


def test_removing_an_opening_time_on_the_page_moves_last_modified(client_for, client, walk):
    opening = OpeningTimeFactory(asset=walk)
    before = modified(walk)
    client_for("alice")
    response = client.post(f"/community/assets/{walk.pk}/opening-times/{opening.pk}/delete/")
    assert response.status_code == 302
    assert not walk.opening_times.exists()
    assert modified(walk) > before


def test_an_opening_time_the_page_refuses_leaves_last_modified_alone(client_for, client, walk):
    before = modified(walk)
    client_for("alice")
    response = client.post(
        f"/community/assets/{walk.pk}/opening-times/add/",
        {**SESSION, "opens_at": "12:00", "closes_at": "10:00"},
    )
    assert "Closing time must be after opening time" in response.content.decode()
    assert modified(walk) == before


def test_renaming_an_organisation_moves_the_services_it_runs(world, walk):
    org = AssetFactory(programme=world.programme, kind=AssetKind.ORGANISATION, name="Walk Trust")
    Asset.objects.filter(pk=walk.pk).update(run_by=org)
    before = modified(walk)
    services.asset_update(asset=org, data={"name": "Walking Trust"}, actor=Actor())
    assert modified(walk) > before
    unchanged = modified(walk)
    services.asset_update(asset=org, data={"name": "Walking Trust"}, actor=Actor())
    assert modified(walk) == unchanged


def test_renaming_or_removing_a_category_moves_the_services_it_describes(world, walk):
    term = walk.tags.get()
    other = AssetFactory(programme=world.programme, name="Untagged")
    before, other_before = modified(walk), modified(other)
    services.term_update(term=term, data={"name": "Walking"})
    renamed = modified(walk)
    assert renamed > before and modified(other) == other_before
    services.term_delete(term=term)
    assert modified(walk) > renamed
    assert not walk.tags.exists()


def test_the_admin_renames_a_category_through_the_service(client, world, walk):
    term = walk.tags.get()
    admin = UserFactory(username="superuser", is_staff=True, is_superuser=True)
    force_login_verified(client, admin)
    before = modified(walk)
    taxonomy = term.taxonomy
    response = client.post(
        f"/admin/community/taxonomy/{taxonomy.pk}/change/",
        {
            "programme": taxonomy.programme_id,
            "name": taxonomy.name,
            "description": taxonomy.description,
            "version": taxonomy.version,
            "terms-TOTAL_FORMS": 1,
            "terms-INITIAL_FORMS": 1,
            "terms-MIN_NUM_FORMS": 0,
            "terms-MAX_NUM_FORMS": 1000,
            "terms-0-id": term.pk,
            "terms-0-taxonomy": taxonomy.pk,
            "terms-0-position": 0,
            "terms-0-code": "walks",
            "terms-0-name": "Walking",
            "terms-0-description": "",
            "terms-0-parent": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    term.refresh_from_db()
    assert term.name == "Walking"
    assert modified(walk) > before


def test_a_web_import_that_changes_opening_times_moves_last_modified(client_for, client, world):
    services.taxonomy_ensure(programme=world.programme)
    client_for("bob")

    def upload(data):
        payload = SimpleUploadedFile("feed.json", json.dumps([data]).encode())
        response = client.post("/community/a/import/", {"file": payload, "commit": "import"})
        assert response.status_code == 200
        return Asset.objects.get(source_id=SERVICE_ID)

    asset = upload(service())
    before = modified(asset)
    changed = service()
    changed["schedules"] = changed["schedules"][:1]
    asset = upload(changed)
    assert asset.opening_times.count() == 2  # TU and TH, the monthly one gone
    assert modified(asset) > before
    client.logout()
    assert "Riverside Debt Clinic" in feed_since(client, before)


def test_the_import_command_moves_last_modified(world, tmp_path):
    services.taxonomy_ensure(programme=world.programme)
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([service()]))
    call_command("openreferral_import", str(path), "--programme", "a", stdout=None)
    asset = Asset.objects.get(source_id=SERVICE_ID)
    before = modified(asset)
    changed = service()
    changed["schedules"][0]["opens_at"] = "09:00"
    path.write_text(json.dumps([changed]))
    call_command("openreferral_import", str(path), "--programme", "a", stdout=None)
    assert modified(asset) > before
    assert asset.opening_times.filter(opens_at=time(9)).count() == 2


def test_no_signal_moves_last_modified_behind_the_services_back(walk):
    """Writes that skip the services do not touch the asset: the rule lives in one place."""
    before = modified(walk)
    OpeningTimeFactory(asset=walk)
    assert modified(walk) == before
