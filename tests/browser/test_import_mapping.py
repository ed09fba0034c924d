"""A manager uploads a Derby-style monitoring sheet and finds every column already
mapped on the columns step: progress scores per life area and moment included."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lac.audit.actor import Actor
from lac.imports.services import job_create
from lac.outcomes.services import defaults_ensure
from tests.conftest import force_login_verified
from tests.imports import workbooks
from tests.imports.test_monitoring_sheet import ANN, BOB


def test_every_column_of_a_monitoring_sheet_is_mapped_on_the_columns_step(
    desktop, live_server, transactional_world, tmp_path, settings
):
    world = transactional_world
    defaults_ensure()  # the shipped framework, gone with an earlier test's flush
    settings.MEDIA_ROOT = tmp_path / "media"
    path = workbooks.monitoring_workbook(tmp_path / "derby.xlsx", [ANN, BOB])
    upload = SimpleUploadedFile("derby.xlsx", path.read_bytes())
    job = job_create(programme=world.programme, upload=upload, actor=Actor(user=world.bob))
    client = Client()
    force_login_verified(client, world.bob)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    desktop.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    desktop.goto(f"{live_server.url}/imports/{job.pk}/columns/")
    chosen = desktop.eval_on_selector_all(
        "select", "els => els.map(e => e.options[e.selectedIndex].text)"
    )
    assert len(chosen) == len(workbooks.MONITORING_HEADER)
    assert "Do not import" not in chosen
    assert "Life control: first score" in chosen and "People support: latest score" in chosen
    if shots := os.environ.get("LAC_SCREENSHOTS"):
        desktop.screenshot(path=str(Path(shots) / "import-columns.png"), full_page=True)
