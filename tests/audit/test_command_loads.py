"""Tables and settings loaded by a ``lac`` command are on the audit trail.

A rate card, deflators, a conversion table, the deprivation lookups, residents'
counts and a shared category list all change figures; loading one from the
server's command line leaves the same trace as changing one in the admin: who
(the operating-system account), what, and on which programmes' trails.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

from lac.audit.models import AuditEvent

TESTS = Path(__file__).resolve().parent.parent


def loads(object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=object_type).order_by("pk"))


def test_a_rate_card_loaded_by_the_command_is_on_the_programmes_trail(world):
    call_command("load_rate_card", "a", stdout=io.StringIO())
    [event] = loads("outcomes.ratecard")
    assert event.programme_id == world.programme.pk
    assert event.what.startswith("Loaded rate card “") and "(18 unit costs)" in event.what
    assert event.path.startswith("command: lac load_rate_card, run by ")
    assert event.user is None


def test_a_conversion_table_loaded_by_the_command_is_on_every_programmes_trail(world, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("raw,converted\n" + "".join(f"{n},{n}.5\n" for n in range(7, 36)))
    call_command("load_conversion_table", "swemwbs", str(table), source="Test table")
    events = loads("outcomes.frameworkversion")
    assert {e.programme_id for e in events} == {world.programme.pk, world.other_programme.pk}
    assert "a conversion table of 29 rows" in events[0].what
    assert events[0].path.startswith("command: lac load_conversion_table, run by ")


def test_deprivation_lookups_and_residents_counts_loaded_by_commands_are_audited(world, tmp_path):
    fixtures = TESTS / "people" / "fixtures"
    call_command(
        "deprivation", "postcodes", str(fixtures / "postcode_lookup.csv"), "--area-column", "lsoa11"
    )
    call_command("deprivation", "index", str(fixtures / "imd_england.csv"), "--nation", "england")
    census = tmp_path / "population.csv"
    census.write_text("neighbourhood,question,answer,people\nNorth,sex,Female,5100\n")
    call_command("population", str(census), "--programme", world.programme.slug)

    whats = [e.what for e in AuditEvent.objects.filter(programme_id=world.programme.pk)]
    assert any(w.startswith("Loaded ") and "postcodes into the postcode" in w for w in whats)
    assert any(w.startswith("Loaded the index of multiple deprivation for England") for w in whats)
    assert "Loaded 1 residents' counts for the neighbourhoods" in whats
    paths = {e.path.split(", run by ")[0] for e in AuditEvent.objects.all()}
    assert {
        "command: lac deprivation postcodes",
        "command: lac deprivation index",
        "command: lac population",
    } <= paths


def test_a_shared_list_loaded_by_the_command_is_audited(world):
    sample = TESTS / "community" / "fixtures" / "shared-services.json"
    call_command("vocabulary", "load", str(sample), stdout=io.StringIO())
    [event, *others] = loads("community.taxonomy")
    assert event.what == "Loaded the list “Sample service list”: 4 terms added, 0 changed"
    assert event.path.startswith("command: lac vocabulary load, run by ")
    assert {e.programme_id for e in [event, *others]} == {
        world.programme.pk,
        world.other_programme.pk,
    }
