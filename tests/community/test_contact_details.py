"""A directory asset's postcode and phone number are tidied and checked by the shared record
rules (``lac.lib.rules.contact``) whichever way the asset arrives: the directory's form, the
Open Referral import, the admin, or a service call."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lac.audit.actor import Actor
from lac.community import services
from lac.community.models import Asset
from lac.community.openreferral.importer import import_hsds
from lac.lib.rules.contact import PHONE_INVALID, POSTCODE_INVALID
from tests.community.test_openreferral_import import service
from tests.conftest import force_login_verified

UNTIDY = {"postcode": "  de11aa ", "phone": "01632960001"}
TIDY = ("DE1 1AA", "01632 960001")


def stored(name: str) -> tuple[str, str]:
    asset = Asset.objects.get(name=name)
    return asset.postcode, asset.phone


def test_the_service_stores_them_tidied_and_refuses_what_is_not_one(world):
    services.asset_create(
        programme=world.programme, data={"kind": "group", "name": "Knit", **UNTIDY}, actor=Actor()
    )
    assert stored("Knit") == TIDY
    with pytest.raises(ValidationError) as refused:
        services.asset_create(
            programme=world.programme,
            data={"kind": "group", "name": "Bad", "postcode": "not a postcode", "phone": "12"},
            actor=Actor(),
        )
    assert refused.value.message_dict == {"postcode": [POSTCODE_INVALID]}
    assert not Asset.objects.filter(name="Bad").exists()


def test_the_directory_form_tidies_them_and_names_every_problem(client_for, world):
    client = client_for("bob")
    data = {"kind": "group", "name": "Knit", "status": "active", "public": "on"}
    client.post("/community/a/add/", {**data, **UNTIDY})
    assert stored("Knit") == TIDY
    page = client.post(
        "/community/a/add/", {**data, "name": "Bad", "postcode": "XX", "phone": "12"}
    ).content.decode()
    assert POSTCODE_INVALID in page and PHONE_INVALID in page
    assert not Asset.objects.filter(name="Bad").exists()


def test_the_open_referral_import_tidies_them(world):
    services.taxonomy_ensure(programme=world.programme)
    item = service()
    item["phones"] = [{"number": "01632960001"}]
    item["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "de1 1aa"
    report = import_hsds([item], programme=world.programme, actor=Actor(), dry_run=False)
    assert not report.rejected
    assert stored(item["name"]) == TIDY


def admin_post(client, url: str, **fields: object):
    data = {
        "kind": "group",
        "name": "Admin Club",
        "status": "active",
        "public": "on",
        **fields,
    }
    return client.post(url, data)


@pytest.fixture
def admin_bob(client, world):
    """A manager (who may approve) with access to the admin."""
    world.bob.is_staff = world.bob.is_superuser = True
    world.bob.save()
    force_login_verified(client, world.bob)
    return client


def test_an_asset_added_in_the_admin_is_tidied_and_approved_when_its_author_may_approve(
    admin_bob, world
):
    response = admin_post(
        admin_bob, "/admin/community/asset/add/", programme=world.programme.pk, **UNTIDY
    )
    assert response.status_code == 302
    asset = Asset.objects.get(name="Admin Club")
    assert (asset.postcode, asset.phone) == TIDY
    assert asset.approved_by == world.bob and asset.is_shown_to_public


def test_the_admin_shows_a_bad_phone_number_as_a_problem_with_the_field(admin_bob, world):
    response = admin_post(
        admin_bob, "/admin/community/asset/add/", programme=world.programme.pk, phone="12"
    )
    assert response.status_code == 200 and PHONE_INVALID in response.content.decode()
    assert not Asset.objects.filter(name="Admin Club").exists()


def test_an_asset_added_in_the_admin_by_someone_who_may_not_approve_waits(client, world):
    from tests.factories import UserFactory

    admin = UserFactory(username="superuser", is_staff=True, is_superuser=True)
    force_login_verified(client, admin)
    admin_post(client, "/admin/community/asset/add/", programme=world.programme.pk)
    assert Asset.objects.get(name="Admin Club").awaits_approval


def test_a_change_in_the_admin_goes_through_the_service(admin_bob, world):
    from lac.audit.models import AuditEvent

    asset = services.asset_create(
        programme=world.programme,
        data={"kind": "group", "name": "Admin Club"},
        actor=Actor(user=world.bob),
    )
    response = admin_post(
        admin_bob, f"/admin/community/asset/{asset.pk}/change/", phone="07700900982"
    )
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.phone == "07700 900982"
    audit = AuditEvent.objects.filter(object_type="community.asset").latest("pk")
    assert audit.changes["phone"] == ["", "07700 900982"]
    assert AuditEvent.objects.filter(object_type="community.asset").count() == 2  # added, changed
