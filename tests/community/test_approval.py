"""A new asset from a coordinator is public only after a manager or lead approves it."""

from __future__ import annotations

import json

import pytest

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.community import services
from lac.community.models import Asset, AssetKind
from lac.community.openreferral.importer import import_hsds
from tests.community.factories import AssetFactory
from tests.community.test_openreferral_import import service

NEW_ASSET = {
    "kind": "group",
    "name": "Friday Knit and Natter",
    "status": "active",
    "public": "on",
    "postcode": "DM2 1WJ",
}


def feed_names(client) -> list[str]:
    return [s["name"] for s in client.get("/openreferral/services").json()["contents"]]


@pytest.fixture
def added_by_alice(client_for, client, world):
    client_for("alice")
    response = client.post("/community/a/add/", NEW_ASSET, follow=True)
    assert "will approve it before it is shown to the public" in response.content.decode()
    client.logout()
    return Asset.objects.get(name="Friday Knit and Natter")


def test_a_coordinators_new_asset_waits_outside_the_feed(client, added_by_alice):
    assert added_by_alice.awaits_approval
    assert "Friday Knit and Natter" not in feed_names(client)
    missing = client.get(f"/openreferral/services/{added_by_alice.uuid}")
    assert missing.status_code == 404


def test_the_coordinator_sees_it_waiting_and_cannot_approve_it(client_for, added_by_alice):
    client = client_for("alice")
    page = client.get(f"/community/assets/{added_by_alice.pk}/").content.decode()
    assert "Waiting for approval" in page and "Approve for the public" not in page
    assert client.post(f"/community/assets/{added_by_alice.pk}/approve/").status_code == 403
    added_by_alice.refresh_from_db()
    assert added_by_alice.approved_at is None


def test_a_manager_approves_it_from_the_review_list(client_for, client, world, added_by_alice):
    client_for("bob")
    listing = client.get("/community/a/").content.decode()
    assert "New assets waiting for approval (1)" in listing
    review = client.get("/community/a/approvals/").content.decode()
    assert "Friday Knit and Natter" in review and "Community group · Whole area · DM2 1WJ" in review
    response = client.post(
        f"/community/assets/{added_by_alice.pk}/approve/", {"next": "approvals"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/community/a/approvals/"
    assert "approved: it is now shown to the public" in response.content.decode()
    assert "Nothing is waiting" in response.content.decode()
    added_by_alice.refresh_from_db()
    assert (added_by_alice.approved_by, added_by_alice.awaits_approval) == (world.bob, False)
    audit = AuditEvent.objects.get(object_type="community.asset", what__contains="approved")
    assert audit.user == world.bob
    client.logout()
    assert "Friday Knit and Natter" in feed_names(client)


def test_approving_twice_says_so_and_changes_nothing(client_for, world, added_by_alice):
    client = client_for("lena")
    client.post(f"/community/assets/{added_by_alice.pk}/approve/")
    first = Asset.objects.get(pk=added_by_alice.pk).approved_at
    response = client.post(f"/community/assets/{added_by_alice.pk}/approve/", follow=True)
    assert "was already approved" in response.content.decode()
    assert Asset.objects.get(pk=added_by_alice.pk).approved_at == first


def test_approval_moves_last_modified_so_feed_readers_pick_it_up(world, added_by_alice):
    before = added_by_alice.modified
    services.asset_approve(asset=added_by_alice, actor=Actor(user=world.bob))
    assert Asset.objects.get(pk=added_by_alice.pk).modified > before


def test_the_service_refuses_someone_who_may_not_approve(world, added_by_alice):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.asset_approve(asset=added_by_alice, actor=Actor(user=world.amir))


def test_a_manager_or_lead_or_command_adds_assets_already_approved(world):
    by_bob = services.asset_create(
        programme=world.programme,
        data={"kind": "group", "name": "Bob's group"},
        actor=Actor(user=world.bob),
    )
    by_command = services.asset_create(
        programme=world.programme, data={"kind": "group", "name": "Loaded"}, actor=Actor()
    )
    assert by_bob.approved_by == world.bob and not by_bob.awaits_approval
    assert by_command.approved_at is not None


def test_a_new_group_from_a_coordinator_waits_too(client_for, world):
    from datetime import date

    asset = services.group_establish(
        programme=world.programme,
        data={"name": "Street Party Crew", "public": True},
        neighbourhoods=[world.north],
        tags=[],
        established_on=date(2026, 3, 3),
        coordinator_part="started",
        actor=Actor(user=world.alice),
    )
    assert asset.awaits_approval


def test_imports_by_a_manager_an_administrator_or_the_command_are_approved(
    client_for, client, world, tmp_path
):
    from django.core.management import call_command

    services.taxonomy_ensure(programme=world.programme)
    import_hsds([service()], programme=world.programme, actor=Actor(user=world.bob), dry_run=False)
    assert not Asset.objects.filter(approved_at__isnull=True).exists()
    Asset.objects.all().delete()
    import_hsds([service()], programme=world.programme, actor=Actor(user=world.root), dry_run=False)
    assert not Asset.objects.filter(approved_at__isnull=True).exists()
    Asset.objects.all().delete()
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([service()]))
    call_command("openreferral_import", str(path), "--programme", "a", stdout=None)
    assert not Asset.objects.filter(approved_at__isnull=True).exists()
    assert "Riverside Debt Clinic" in feed_names(client)


def test_printed_sheets_leave_out_what_is_waiting(world, added_by_alice):
    from lac.community.selectors import printable_assets

    added_by_alice.neighbourhoods.set([world.north])
    approved = AssetFactory(programme=world.programme, name="Approved Club")
    names = {a.name for a in printable_assets(world.north)}
    assert approved.name in names and added_by_alice.name not in names


def test_private_entries_and_people_with_a_gift_are_not_waiting(world):
    from lac.community.selectors import awaiting_approval

    AssetFactory(programme=world.programme, name="Private", public=False, approved_at=None)
    AssetFactory(
        programme=world.programme,
        name="Pat",
        kind=AssetKind.INDIVIDUAL,
        public=False,
        approved_at=None,
    )
    waiting = AssetFactory(programme=world.programme, name="Waiting", approved_at=None)
    assert list(awaiting_approval(world.programme)) == [waiting]


@pytest.fixture
def approved_by_bob(world):
    asset = services.asset_create(
        programme=world.programme,
        data={"kind": "group", "name": "Tuesday Walkers", "public": True, "phone": "01632 960001"},
        actor=Actor(user=world.bob),
    )
    assert asset.is_shown_to_public
    return asset


def test_an_approved_asset_changed_by_a_coordinator_is_withdrawn_until_approved_again(
    client_for, client, world, approved_by_bob
):
    services.asset_update(
        asset=approved_by_bob, data={"phone": "01632 960999"}, actor=Actor(user=world.alice)
    )
    approved_by_bob.refresh_from_db()
    assert approved_by_bob.awaits_approval and approved_by_bob.approved_by is None
    assert "Tuesday Walkers" not in feed_names(client)
    audit = AuditEvent.objects.filter(object_type="community.asset").latest("pk")
    assert "waiting for approval again" in audit.what and audit.user == world.alice
    bob = client_for("bob")
    assert "Tuesday Walkers" in bob.get("/community/a/approvals/").content.decode()
    bob.post(f"/community/assets/{approved_by_bob.pk}/approve/")
    client.logout()
    assert "Tuesday Walkers" in feed_names(client)


def test_changing_the_categories_alone_sends_it_back_too(world, approved_by_bob):
    term = services.taxonomy_ensure(programme=world.programme).terms.first()
    services.asset_update(
        asset=approved_by_bob, data={}, tags=[term], actor=Actor(user=world.alice)
    )
    approved_by_bob.refresh_from_db()
    assert approved_by_bob.awaits_approval


def test_an_approved_asset_stays_public_when_changed_by_someone_who_may_approve(
    world, approved_by_bob
):
    services.asset_update(
        asset=approved_by_bob, data={"name": "Tuesday Walks"}, actor=Actor(user=world.lena)
    )
    approved_by_bob.refresh_from_db()
    assert approved_by_bob.is_shown_to_public and approved_by_bob.approved_by == world.bob


def test_saving_an_approved_asset_unchanged_or_only_who_looks_after_it_keeps_it_public(
    world, approved_by_bob
):
    services.asset_update(
        asset=approved_by_bob, data={"name": "Tuesday Walkers"}, actor=Actor(user=world.alice)
    )
    services.asset_update(
        asset=approved_by_bob, data={"looked_after_by": world.alice}, actor=Actor(user=world.alice)
    )
    approved_by_bob.refresh_from_db()
    assert approved_by_bob.is_shown_to_public


def test_a_feed_reimported_by_an_administrator_keeps_its_services_public(world):
    services.taxonomy_ensure(programme=world.programme)
    import_hsds([service()], programme=world.programme, actor=Actor(user=world.bob), dry_run=False)
    changed = service()
    changed["description"] = "Now on Thursdays too"
    import_hsds([changed], programme=world.programme, actor=Actor(user=world.root), dry_run=False)
    assert not Asset.objects.filter(approved_at__isnull=True).exists()


def test_the_coordinator_is_told_their_change_waits_for_approval(client_for, world):
    asset = services.asset_create(
        programme=world.programme,
        data={"kind": "group", "name": "Tuesday Walkers", "public": True},
        neighbourhoods=[world.north],
        actor=Actor(user=world.bob),
    )
    response = client_for("alice").post(
        f"/community/assets/{asset.pk}/edit/",
        {**NEW_ASSET, "name": "Tuesday Walkers", "neighbourhoods": [world.north.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "will approve the change before the public see it again" in page
    assert Asset.objects.get(pk=asset.pk).awaits_approval
