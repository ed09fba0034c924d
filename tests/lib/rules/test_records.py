"""The one check a record passes before it is saved (``lac.lib.rules.records``): its
lengths in words naming the field, then Django's own validation, on the paths that
checked only one of the two before."""

from __future__ import annotations

import json
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from lac.audit.actor import Actor
from lac.community import services as community
from lac.community.models import OpeningTime, TaxonomyTerm
from lac.evaluation.models import ImpactMapVersion, ProxyTable
from lac.lib.rules import lengths, records
from lac.outcomes import services as outcomes
from lac.outcomes.models import Assessment, AssessmentKind, score_off_scale
from tests.community.factories import AssetFactory, TaxonomyFactory
from tests.evaluation.factories import small_document, stored_map
from tests.evaluation.test_proxy_tables import MADE_UP
from tests.evaluation.test_views import editor_post
from tests.imports import workbooks
from tests.imports.test_monitoring_sheet import CAT
from tests.lib.rules.paths import web_refusal
from tests.outcomes.factories import default_version
from tests.people.factories import PersonFactory

TOO_LONG_NOTE = "x" * (lengths.NOTE + 1)


def test_a_record_too_long_is_refused_in_words_naming_the_field_before_djangos_own(world):
    asset = AssetFactory(programme=world.programme)
    opening = OpeningTime(
        asset=asset, weekday="TU", opens_at=time(10), closes_at=time(12), description="x" * 201
    )
    with pytest.raises(ValidationError) as refused:
        records.check(opening)
    assert refused.value.message_dict == {
        "description": ["Description must be 200 characters or fewer"]
    }


def test_a_record_that_fits_is_still_held_to_djangos_own_validation(world):
    asset = AssetFactory(programme=world.programme)
    opening = OpeningTime(asset=asset, weekday="XX", opens_at=time(10), closes_at=time(12))
    with pytest.raises(ValidationError) as refused:
        records.check(opening)
    assert list(refused.value.message_dict) == ["weekday"]


def test_an_opening_time_is_refused_naming_the_field(world):
    asset = AssetFactory(programme=world.programme)
    data = {"weekday": "TU", "opens_at": time(10), "closes_at": time(12), "description": "x" * 201}
    with pytest.raises(ValidationError) as refused:
        community.opening_time_add(asset=asset, data=data)
    assert refused.value.message_dict == {
        "description": ["Description must be 200 characters or fewer"]
    }
    with pytest.raises(ValidationError):
        community.opening_times_replace(asset=asset, rows=[data])
    assert not OpeningTime.objects.exists()


def test_a_category_described_at_length_is_refused_naming_the_field(world):
    """A category's description had no limit: a command or the admin could save a megabyte."""
    taxonomy = TaxonomyFactory(programme=world.programme)
    with pytest.raises(ValidationError) as refused:
        community.term_create(
            taxonomy=taxonomy, code="lunch-clubs", name="Lunch clubs", description=TOO_LONG_NOTE
        )
    assert refused.value.message_dict == {
        "description": ["Description must be 10,000 characters or fewer"]
    }
    assert not TaxonomyTerm.objects.exists()


def test_an_impact_maps_engagement_note_too_long_is_refused_on_its_field(client_for, world):
    """The map editor's note of how stakeholders were involved had no limit at all."""
    impact_map = stored_map(world.programme)
    data = {**editor_post(small_document(), initial=3), "engagement": TOO_LONG_NOTE}
    page = web_refusal(client_for("lena"), f"/evaluation/{impact_map.pk}/edit/", data)
    assert "How stakeholders were involved must be 10,000 characters or fewer" in page
    assert not ImpactMapVersion.objects.filter(impact_map=impact_map, number=2).exists()


def test_a_proxy_tables_source_too_long_is_refused_by_the_command_naming_it(world, tmp_path):
    """Where a proxy table's values come from had no limit: the command now says which."""
    with pytest.raises(CommandError, match="Source must be 10,000 characters or fewer"):
        call_command(
            "load_proxy_table",
            "a",
            str(MADE_UP),
            "--name=Made-up test table",
            f"--source={TOO_LONG_NOTE}",
            "--licence=None needed",
            "--price-year=2025-26",
        )
    assert not ProxyTable.objects.exists()


def test_a_score_off_the_scale_is_refused_alike_by_the_service_and_the_import(
    world, capsys, tmp_path
):
    version = default_version()
    control = version.domains.get(key="life-control")
    off = score_off_scale(control.name, control.scale_min, control.scale_max, 7)
    assert off == "Life control must be scored from 1 to 5, not 7"
    person = PersonFactory(neighbourhood=world.north)
    with pytest.raises(ValidationError) as refused:
        outcomes.assessment_create(
            person=person,
            version=version,
            when=timezone.localdate(),
            kind=AssessmentKind.FIRST,
            scores={control.pk: 7},
            actor=Actor(user=world.alice),
        )
    assert off in refused.value.messages
    assert not Assessment.objects.exists()
    sheet = workbooks.monitoring_workbook(tmp_path / "scores.xlsx", [CAT])
    call_command("import", str(sheet), "--programme", "a", "--format", "json", "--dry-run")
    (rejected,) = json.loads(capsys.readouterr().out)["rejected"]
    assert (rejected["column"], rejected["problem"]) == ("Life Control (first)", off)
