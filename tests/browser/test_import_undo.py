"""A manager undoes an import from its page, on a phone and on a desktop; and is told,
person by person, why an import cannot be undone once its records have been changed."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from lac.audit.actor import Actor
from lac.casework.services import conversation_log
from lac.imports.jobs import run_job
from lac.imports.models import ImportJob
from lac.imports.services import import_file, job_create
from lac.outcomes.services import defaults_ensure
from lac.people.models import Person
from tests.conftest import force_login_verified
from tests.imports.test_record_sheets import AVOIDED, CONTACTS, INTRODUCTIONS, OUTCOMES, workbook


def signed_in(page, live_server, user) -> None:
    client = Client()
    force_login_verified(client, user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def shot(page, name: str) -> None:
    if shots := os.environ.get("LAC_SCREENSHOTS"):
        page.screenshot(path=str(Path(shots) / name), full_page=True)


def imported(world, tmp_path) -> ImportJob:
    defaults_ensure()  # the shipped event types and rate card, gone with an earlier flush
    path = workbook(tmp_path / "jo.xlsx", Introductions=INTRODUCTIONS, Contacts=CONTACTS)
    import_file(path=path, programme=world.programme, actor=Actor(user=world.bob))
    return ImportJob.objects.get()


def test_a_manager_undoes_an_import_on_a_phone(phone, live_server, transactional_world, tmp_path):
    world = transactional_world
    job = imported(world, tmp_path)
    signed_in(phone, live_server, world.bob)
    phone.goto(f"{live_server.url}/imports/{job.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    shot(phone, "import-detail-320.png")
    phone.get_by_role("link", name="Undo this import").click()
    expect(phone.get_by_role("heading", name="Undo the import of jo.xlsx")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    shot(phone, "import-undo-320.png")
    phone.get_by_role("button", name="Undo this import").click()
    # It waits for the background worker, its progress polled on the page ...
    expect(phone.get_by_role("main")).to_contain_text("Waiting to start")
    expect(phone.get_by_role("button", name="Stop the undo")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    shot(phone, "import-undo-progress-320.png")
    assert Person.objects.count() == 2
    # ... and once the worker has run it, the page moves on by itself to what it did.
    run_job.call(job.pk, world.bob.pk)
    expect(phone.get_by_role("main")).to_contain_text(
        "The import of jo.xlsx is undone. Removed: 2 people it added", timeout=15_000
    )
    shot(phone, "import-undo-done-320.png")
    assert not Person.objects.exists()


def test_why_an_import_cannot_be_undone_is_listed_person_by_person(
    desktop, phone, live_server, transactional_world, tmp_path
):
    world = transactional_world
    job = imported(world, tmp_path)
    bob = Person.objects.get(full_name="Bob Sample")
    conversation_log(
        person=bob, date=timezone.localdate(), mode="phone", actor=Actor(user=world.amir)
    )
    pages = ((desktop, "import-undo-refused.png"), (phone, "import-undo-refused-320.png"))
    for page, name in pages:
        signed_in(page, live_server, world.bob)
        page.goto(f"{live_server.url}/imports/{job.pk}/undo/")
        table = page.get_by_role("table")
        assert "Bob Sample" in table.inner_text() and "amir" in table.inner_text()
        assert page.get_by_role("button", name="Undo this import").count() == 0
        shot(page, name)


def test_the_columns_step_says_what_each_sheet_holds(
    desktop, live_server, transactional_world, tmp_path, settings
):
    world = transactional_world
    defaults_ensure()
    settings.MEDIA_ROOT = tmp_path / "media"
    path = workbook(
        tmp_path / "jo.xlsx",
        Introductions=INTRODUCTIONS,
        Contacts=CONTACTS,
        Outcomes=OUTCOMES,
        Avoided=AVOIDED,
    )
    upload = SimpleUploadedFile("jo.xlsx", path.read_bytes())
    job = job_create(programme=world.programme, upload=upload, actor=Actor(user=world.bob))
    signed_in(desktop, live_server, world.bob)
    desktop.goto(f"{live_server.url}/imports/{job.pk}/columns/")
    text = desktop.get_by_role("main").inner_text()
    assert "Sheet “Contacts”: a contacts log, one conversation a row" in text
    assert "Sheet “Avoided”: services avoided, one service a row" in text
    chosen = desktop.eval_on_selector_all(
        "select", "els => els.map(e => e.options[e.selectedIndex].text)"
    )
    assert "Do not import" not in chosen
    shot(desktop, "import-columns-sheets.png")
