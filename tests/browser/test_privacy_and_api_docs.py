"""Subject access and erasure on a 320 px phone, and the API docs under the CSP."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from lac.casework.services import default_lists_ensure
from lac.people.models import Person
from tests.browser.conftest import assert_fits_width, sign_in
from tests.conftest import PASSWORD
from tests.people.factories import PersonFactory


def sign_in_as_bob(page, live_server, world) -> None:
    device = TOTPDevice.objects.create(user=world.bob, name="Phone")
    sign_in(page, live_server, "bob", PASSWORD)
    page.get_by_label("Security code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def test_a_manager_exports_then_erases_a_record_on_a_phone(phone, live_server, transactional_world):
    default_lists_ensure()
    person = PersonFactory(full_name="Petra Primrose", neighbourhood=transactional_world.north)
    problems = []
    phone.on("console", lambda message: problems.append(message.text))
    sign_in_as_bob(phone, live_server, transactional_world)

    phone.goto(f"{live_server.url}/people/{person.pk}/")
    phone.get_by_role(
        "link", name="Subject access: download everything held about this person"
    ).click()
    phone.wait_for_load_state()
    assert_fits_width(phone)
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Download the export").click()
    archive = zipfile.ZipFile(download.value.path())
    data = json.loads(archive.read(next(n for n in archive.namelist() if n.endswith(".json"))))
    assert data["records"]["people.person"][0]["full_name"] == "Petra Primrose"

    phone.get_by_role("link", name="Erase this person’s record").click()
    phone.wait_for_load_state()
    assert_fits_width(phone)
    phone.get_by_label("Why is the record being erased?").fill("Asked us to")
    phone.get_by_label("Type the person’s full name to confirm").fill("Petra Primula")
    phone.get_by_role("button", name="Erase the record").click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("link", name="The name you typed does not match")).to_be_visible()
    assert not Person.objects.get(pk=person.pk).is_anonymised

    phone.get_by_label("Type the person’s full name to confirm").fill("petra primrose")
    phone.get_by_role("button", name="Erase the record").click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("The record has been erased")).to_be_visible()
    expect(phone.get_by_role("heading", name=f"Erased person {person.pk}")).to_be_visible()
    assert_fits_width(phone)
    assert problems == []


def test_the_api_docs_run_under_the_content_security_policy(desktop, live_server, db):
    problems = []
    desktop.on("console", lambda message: problems.append(message.text))
    desktop.goto(f"{live_server.url}/api/docs")
    desktop.wait_for_selector(".opblock")
    # Every operation of the API's OpenAPI document has its block.
    document = json.loads((Path(__file__).parents[1] / "api" / "openapi.json").read_text())
    operations = sum(len(methods) for methods in document["paths"].values())
    assert desktop.locator(".opblock").count() == operations
    assert problems == []
