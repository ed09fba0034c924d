"""Importing another publisher's HSDS services: checked, reported, all or nothing per run."""

from __future__ import annotations

import io
import json
import uuid
from datetime import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from lac.audit.actor import Actor
from lac.community.models import Asset, AssetKind, AssetStatus
from lac.community.openreferral.importer import import_hsds
from lac.community.services import taxonomy_ensure

SERVICE_ID = "6f1a2b3c-0000-4000-8000-000000000001"
ORG_ID = "6f1a2b3c-0000-4000-8000-0000000000aa"


def service(**overrides):
    data = {
        "id": SERVICE_ID,
        "name": "Riverside Debt Clinic",
        "status": "active",
        "description": "Free, confidential debt advice",
        "email": "advice@example.org",
        "url": "https://advice.example.org",
        "eligibility_description": "Adults in the borough",
        "organization": {"id": ORG_ID, "name": "Riverside Advice Trust", "description": "Advice"},
        "phones": [{"id": str(uuid.uuid4()), "number": "01632 960123"}],
        "schedules": [
            {
                "id": str(uuid.uuid4()),
                "freq": "WEEKLY",
                "byday": "TU,TH",
                "opens_at": "09:30",
                "closes_at": "12:00",
            },
            {
                "id": str(uuid.uuid4()),
                "freq": "MONTHLY",
                "byday": "1SA",
                "opens_at": "10:00:00",
                "closes_at": "13:00:00",
            },
        ],
        "service_at_locations": [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": str(uuid.uuid4()),
                    "location_type": "physical",
                    "addresses": [
                        {
                            "id": str(uuid.uuid4()),
                            "address_1": "2 Quay Street",
                            "city": "Riverton",
                            "state_province": "",
                            "postal_code": "RV1 2QS",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "attributes": [
            {
                "id": str(uuid.uuid4()),
                "taxonomy_term": {
                    "id": str(uuid.uuid4()),
                    "code": "money",
                    "name": "Money and debt advice",
                },
            },
            {
                "id": str(uuid.uuid4()),
                "taxonomy_term": {
                    "id": str(uuid.uuid4()),
                    "code": "x",
                    "name": "Something we do not use",
                },
            },
        ],
    }
    return data | overrides


def test_a_valid_service_is_created_with_its_times_address_and_category(world):
    report = import_hsds(
        [service()], programme=world.programme, actor=Actor(user=world.bob), dry_run=False
    )
    assert (len(report.created), len(report.updated), report.rejected) == (1, 0, [])
    asset = Asset.objects.get(source_id=SERVICE_ID)
    assert (asset.kind, asset.postcode, asset.phone) == (
        AssetKind.SERVICE,
        "RV1 2QS",
        "01632 960123",
    )
    assert asset.run_by.name == "Riverside Advice Trust"
    assert [t.code for t in asset.tags.all()] == ["money"]
    times = sorted((o.byday, o.opens_at) for o in asset.opening_times.all())
    assert times == [("1SA", time(10)), ("TH", time(9, 30)), ("TU", time(9, 30))]
    assert any("Something we do not use" in w for _, w in report.warnings)


def test_importing_the_same_service_again_updates_it(world):
    import_hsds([service()], programme=world.programme, actor=Actor(), dry_run=False)
    report = import_hsds(
        {"contents": [service(name="Riverside Money Clinic", status="temporarily closed")]},
        programme=world.programme,
        actor=Actor(),
        dry_run=False,
    )
    assert (len(report.created), len(report.updated)) == (0, 1)
    asset = Asset.objects.get(source_id=SERVICE_ID)
    assert (asset.name, asset.status) == ("Riverside Money Clinic", AssetStatus.PAUSED)
    assert Asset.objects.filter(kind=AssetKind.ORGANISATION).count() == 1


def test_bad_services_are_rejected_with_reasons_and_good_ones_still_come_in(world):
    bad = [
        service(id="not-a-uuid", name="No id"),
        service(id=str(uuid.uuid4()), status="open", email="nope"),
        service(id=str(uuid.uuid4()), name=""),
        "just a string",
    ]
    report = import_hsds([*bad, service()], programme=world.programme, actor=Actor(), dry_run=False)
    reasons = dict(report.rejected)
    assert len(report.created) == 1 and len(report.rejected) == 4
    assert reasons["No id (item 1)"] == ["id must be a UUID"]
    second = reasons["Riverside Debt Clinic (item 2)"]
    assert any(r.startswith("status must be one of") for r in second)
    assert any(r.startswith("email is not an email address") for r in second)
    assert reasons["Item 3"] == ["name is missing"]
    assert reasons["Item 4"] == ["not a JSON object"]


def test_a_dry_run_reports_but_saves_nothing(world):
    report = import_hsds([service()], programme=world.programme, actor=Actor(), dry_run=True)
    assert len(report.created) == 1 and report.summary == (
        "1 service would be created, 0 would be updated, 0 rejected"
    )
    assert not Asset.objects.exists()


def test_a_schedule_it_cannot_understand_is_left_out_with_a_warning(world):
    odd = service(
        schedules=[
            {
                "id": str(uuid.uuid4()),
                "freq": "DAILY",
                "byday": "MO",
                "opens_at": "09:00",
                "closes_at": "10:00",
            }
        ]
    )
    report = import_hsds([odd], programme=world.programme, actor=Actor(), dry_run=False)
    assert len(report.created) == 1
    assert any("only WEEKLY and MONTHLY" in w for _, w in report.warnings)


def test_the_command_imports_a_file_and_prints_the_report(world, tmp_path):
    taxonomy_ensure(programme=world.programme)
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([service(), {"id": "x"}]))
    out = io.StringIO()
    call_command("openreferral_import", str(path), "--programme", "a", stdout=out)
    text = out.getvalue()
    assert "created   Riverside Debt Clinic (item 1)" in text
    assert "rejected  Item 2: id must be a UUID; name is missing" in text
    assert Asset.objects.filter(source_id=SERVICE_ID).exists()


def test_the_command_dry_run_saves_nothing(world, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([service()]))
    out = io.StringIO()
    call_command("openreferral_import", str(path), "--programme", "a", "--dry-run", stdout=out)
    assert "Dry run: nothing was saved." in out.getvalue()
    assert not Asset.objects.exists()


def test_the_command_explains_a_file_that_is_not_json(world, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("openreferral_import", str(path), "--programme", "a")
    with pytest.raises(CommandError, match="No programme"):
        call_command("openreferral_import", str(path), "--programme", "nope")


def test_a_manager_checks_then_imports_an_upload(client_for, world):
    client = client_for("bob")
    upload = lambda: SimpleUploadedFile("feed.json", json.dumps([service()]).encode())  # noqa: E731
    checked = client.post("/community/a/import/", {"file": upload(), "commit": "check"})
    assert "Checked: nothing was saved" in checked.content.decode()
    assert not Asset.objects.exists()
    imported = client.post("/community/a/import/", {"file": upload(), "commit": "import"})
    assert "1 service was created, 0 were updated, 0 rejected" in imported.content.decode()
    assert Asset.objects.filter(source_id=SERVICE_ID).exists()


def test_a_welsh_reader_checks_an_upload_in_welsh(client_for, world):
    client = client_for("bob")
    client.cookies["django_language"] = "cy"
    feed = json.dumps([service(), service(id=str(uuid.uuid4()), name="")]).encode()
    page = client.post(
        "/community/a/import/",
        {"file": SimpleUploadedFile("feed.json", feed), "commit": "check"},
    ).content.decode()
    assert "1 gwasanaeth a fyddai’n cael ei greu, 0 a fyddai’n cael eu diweddaru" in page
    assert "1 wedi’i wrthod" in page and "mae name ar goll" in page
    assert not Asset.objects.exists()


def test_an_upload_that_is_not_json_is_reported_against_the_file_field(client_for, world):
    response = client_for("bob").post(
        "/community/a/import/",
        {"file": SimpleUploadedFile("feed.json", b"\xff\xfe nonsense"), "commit": "check"},
    )
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_file"' in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            json.dumps([{"id": str(n), "name": "x"} for n in range(5001)]).encode(),
            "Too many services in one file (5001; at most 5000)",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"nothing": "here"}', "No services found"),
    ],
)
def test_an_upload_the_import_cannot_take_is_reported_against_the_file_not_a_500(
    client_for, world, content, message
):
    response = client_for("bob").post(
        "/community/a/import/",
        {"file": SimpleUploadedFile("feed.json", content), "commit": "import"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'href="#id_file"' in html
    assert message in html
    assert not Asset.objects.exists()


def test_the_command_explains_a_file_nested_too_deeply(world, tmp_path):
    path = tmp_path / "feed.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(CommandError, match="nested too deeply"):
        call_command("openreferral_import", str(path), "--programme", "a")


def test_our_own_feed_imports_into_another_programme_with_what_the_uk_profile_carries(
    client, world
):
    """The UK profile removed phones and eligibility_description, so those stay behind."""
    from tests.community.factories import AssetFactory, OpeningTimeFactory

    cafe = AssetFactory(programme=world.programme, name="Round Trip Café", who_for="Everyone")
    OpeningTimeFactory(
        asset=cafe,
        weekday="SA",
        freq="MONTHLY",
        week_of_month=2,
        opens_at=time(10),
        closes_at=time(12),
    )
    published = client.get(f"/openreferral/services/{cafe.uuid}").json()
    report = import_hsds([published], programme=world.other_programme, actor=Actor(), dry_run=False)
    assert report.rejected == [] and len(report.created) == 1
    copy = Asset.objects.get(programme=world.other_programme, source_id=str(cafe.uuid))
    assert (copy.name, copy.postcode, copy.address_1, copy.email) == (
        "Round Trip Café",
        cafe.postcode,
        cafe.address_1,
        cafe.email,
    )
    assert (copy.phone, copy.who_for) == ("", "")
    assert [(o.opens_at, o.closes_at) for o in copy.opening_times.all()] == [(time(10), time(12))]
    assert [o.summary for o in copy.opening_times.all()] == ["Second Saturday of the month"]
