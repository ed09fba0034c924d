"""Subject access: every record about a person, found through the model relations."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from lac.audit.models import Action, AuditEvent
from lac.people.models import Person
from lac.people.subject_access import (
    SKIPPED_MODELS,
    export_html,
    export_json_bytes,
    export_pdf_bytes,
    records_about,
    related_querysets,
    subject_access_export,
)
from tests.people.privacy_records import SECRET, person_with_everything

pytestmark = pytest.mark.django_db

EVERY_MODEL_ABOUT_A_PERSON = {
    "people.person",
    "people.consent",
    "casework.introduction",
    "casework.levelchange",
    "casework.statuschange",
    "casework.conversation",
    "casework.vision",
    "casework.goal",
    "casework.step",
    "outcomes.assessment",
    "outcomes.domainscore",
    "outcomes.outcomeevent",
    "outcomes.avoidedservice",
    "community.connection",
    "community.contribution",
    "imports.importedrow",
}


def test_the_export_finds_records_in_every_app_without_being_told_about_them(world):
    subject = person_with_everything(world)
    sections = {s.model for s in records_about(subject.person)}
    assert sections >= EVERY_MODEL_ABOUT_A_PERSON


def test_every_model_pointing_at_a_person_is_covered(world):
    """A new app's model with a foreign key to Person joins the export by itself."""
    subject = person_with_everything(world)
    found = {m._meta.label_lower for m in related_querysets([subject.person.pk])}
    direct = {
        rel.related_model._meta.label_lower
        for rel in Person._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and rel.one_to_many
    } - SKIPPED_MODELS
    assert direct <= found


def test_the_export_includes_records_merged_into_the_person(world):
    subject = person_with_everything(world)
    data = subject_access_export(subject.person, produced_by=world.bob).as_json()
    names = {p["full_name"] for p in data["records"]["people.person"]}
    assert names == {"Zebedee Marigold", "Zebedee Marygold"}
    notes = [c["note"] for c in data["records"]["casework.conversation"]]
    assert f"Duplicate {SECRET}" in notes


def test_the_json_is_machine_readable_with_choices_in_code_and_words(world):
    subject = person_with_everything(world)
    data = json.loads(
        export_json_bytes(subject_access_export(subject.person, produced_by=world.bob))
    )
    person = next(p for p in data["records"]["people.person"] if p["id"] == subject.person.pk)
    assert person["date_of_birth"] == "1950-03-04"
    assert person["primary_category"] == {"code": "older_person", "text": "Older person"}
    assert person["neighbourhood"]["text"] == "North"
    intro = data["records"]["casework.introduction"][0]
    assert len(intro["challenges"]) == 2
    assert data["records"]["imports.importedrow"][0]["values"]["notes"] == SECRET


def test_the_export_carries_the_audit_trail_of_who_saw_the_record(world):
    subject = person_with_everything(world)
    data = subject_access_export(subject.person, produced_by=world.bob).as_json()
    assert any(
        e["who"] == "Local Area Coordinator" and e["what"] == "Changed Zebedee Marigold's phone"
        for e in data["audit_trail"]
    )


def test_the_export_names_staff_by_role_and_holds_no_username_or_address(world, client_for):
    subject = person_with_everything(world)
    world.alice.first_name, world.alice.last_name = "Alicia", "Keys"
    world.alice.save()
    client = client_for("bob")
    client.get(reverse("people:detail", args=[subject.person.pk]), REMOTE_ADDR="203.0.113.9")
    response = client.post(reverse("people:subject_access", args=[subject.person.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    json_name, pdf_name = sorted(archive.namelist())
    text = archive.read(json_name).decode()
    html = export_html(subject_access_export(subject.person, produced_by=world.bob))
    for found in (text, html):
        for staff in ("alice", "Alicia", "Keys", "bob", "Bob", "203.0.113.9", "127.0.0.1"):
            assert staff not in found, staff
    data = json.loads(text)
    assert data["produced_by"] == "Team manager"
    assert {e["who"] for e in data["audit_trail"]} >= {"Local Area Coordinator", "Team manager"}
    assert data["records"]["people.person"][0]["coordinator"] == "Local Area Coordinator"
    assert all("from_address" not in e for e in data["audit_trail"])


def test_the_readable_version_names_every_section_and_the_trail(world):
    subject = person_with_everything(world)
    html = export_html(subject_access_export(subject.person, produced_by=world.bob))
    for heading in ("Personal details", "Conversations", "Steps", "Assessments", "Connections"):
        assert heading in html
    assert "Who has seen or changed this record" in html
    assert f"Ring {SECRET}" in html


def test_the_pdf_renders(world):
    subject = person_with_everything(world)
    pdf = export_pdf_bytes(subject_access_export(subject.person, produced_by=world.bob))
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000


def test_a_manager_downloads_the_json_and_pdf_in_one_zip_and_it_is_audited(world, client_for):
    subject = person_with_everything(world)
    client = client_for("bob")
    page = client.get(reverse("people:subject_access", args=[subject.person.pk]))
    assert "Download the export" in page.content.decode()
    response = client.post(reverse("people:subject_access", args=[subject.person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert [n.rsplit(".", 1)[1] for n in names] == ["json", "pdf"]
    data = json.loads(archive.read(names[0]))
    assert data["person_id"] == subject.person.pk
    assert AuditEvent.objects.filter(
        person_id=subject.person.pk, action=Action.EXPORT, user=world.bob
    ).exists()


def test_the_export_takes_the_same_number_of_queries_for_more_records(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.casework.factories import ConversationFactory

    subject = person_with_everything(world)
    with CaptureQueriesContext(connection) as few:
        subject_access_export(subject.person, produced_by=world.bob)
    for _ in range(10):
        ConversationFactory(person=subject.person)
    with CaptureQueriesContext(connection) as many:
        subject_access_export(subject.person, produced_by=world.bob)
    assert len(many) == len(few)
