"""The import selectors answer for a scope, so a job or command can ask them without a request."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from lac.accounts.permissions import scope_for_user
from lac.audit.actor import Actor
from lac.imports import selectors
from lac.imports.models import ImportMapping
from lac.imports.services import job_create
from tests.factories import UserFactory, grant


@pytest.fixture
def job(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = SimpleUploadedFile("people.csv", b"Name,Postcode\nAda Lovelace,DE1 1AA\n")
    return job_create(programme=world.programme, upload=upload, actor=Actor(user=world.bob))


def test_a_manager_finds_their_programmes_jobs_and_mappings(world, job):
    scope = scope_for_user(world.bob)
    mapping = ImportMapping.objects.create(programme=world.programme, name="Ours")
    assert list(selectors.importable_programmes(scope)) == [world.programme]
    assert list(selectors.jobs_for(scope)) == [job]
    assert selectors.get_job(scope, job.pk) == job
    assert selectors.get_mapping(scope, mapping.pk) == mapping


def test_another_programmes_manager_finds_neither_the_job_nor_the_mapping(world, job):
    other = UserFactory(username="olga")
    grant(other, "manager", programme=world.other_programme)
    scope = scope_for_user(other)
    mapping = ImportMapping.objects.create(programme=world.programme, name="Ours")
    with pytest.raises(Http404):
        selectors.get_job(scope, job.pk)
    with pytest.raises(Http404):
        selectors.get_mapping(scope, mapping.pk)


def test_a_coordinator_may_not_import_anywhere(world):
    with pytest.raises(PermissionDenied):
        selectors.importable_programmes(scope_for_user(world.alice))
