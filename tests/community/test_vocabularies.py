"""Shared UK vocabularies: loaded from a file, matched to categories, carried by the feed."""

from __future__ import annotations

import io
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.community.models import Asset, Taxonomy, TaxonomyTerm
from lac.community.vocabularies import term_match
from tests.community.factories import AssetFactory, TaxonomyFactory, TermFactory
from tests.community.hsds import validate

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "shared-services.json"


def load(path: Path = SAMPLE, *args: str) -> str:
    out = io.StringIO()
    call_command("vocabulary", "load", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def shared(db):
    load()
    return {term.code: term for term in TaxonomyTerm.objects.filter(taxonomy__programme=None)}


def test_the_lga_json_loads_with_its_parents_and_reloads_in_place(db):
    assert load() == "Sample service list: 4 terms in the file, 4 added, 0 updated.\n"
    vocabulary = Taxonomy.objects.get(programme=None)
    assert (vocabulary.uri, vocabulary.version) == (
        "http://example.org/list/services",
        "2026-03-11",
    )
    lunch = vocabulary.terms.get(code="901")
    assert (lunch.name, lunch.parent.code, lunch.term_uri) == (
        "Lunch clubs",
        "900",
        "http://example.org/service/901",
    )
    assert load() == "Sample service list: 4 terms in the file, 0 added, 0 updated.\n"
    assert TaxonomyTerm.objects.filter(taxonomy=vocabulary).count() == 4


def test_a_csv_needs_a_name_and_loads_with_one(db, tmp_path):
    sheet = tmp_path / "list.csv"
    sheet.write_text("Identifier,Label,URI,Parent\n1,Advice,http://example.org/1,\n2,Debt,,1\n")
    with pytest.raises(CommandError, match=r"needs the list's name \(--name\)"):
        load(sheet)
    assert "2 added" in load(sheet, "--name", "Advice list")
    assert TaxonomyTerm.objects.get(code="2").parent.name == "Advice"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Label\nAdvice\n", "no identifier column"),
        ("Identifier,Label\n1,\n", r"Item 1 \(1\): label is missing"),
        ("Identifier,Label\n1,Advice\n1,Debt\n", r"Item 2 \(1\): identifier appears twice"),
        ("Identifier,Label,Parent\n1,Advice,7\n", r"Item 1 \(1\): parent 7 is not in the list"),
        ("Identifier,Label\n1," + "x" * 121 + "\n", "label is longer than 120 characters"),
        ('{"list": []}', "not an LGA list"),
    ],
)
def test_a_bad_file_names_the_item_and_field_and_loads_nothing(db, tmp_path, text, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(text)
    with pytest.raises(CommandError, match=message) as raised:
        load(bad, "--name", "Bad list")
    assert str(raised.value).endswith("Nothing was loaded.")
    assert not Taxonomy.objects.exists()


def test_a_manager_finds_and_matches_shared_terms_and_it_is_audited(client_for, world, shared):
    taxonomy = TaxonomyFactory(programme=world.programme)
    food = TermFactory(taxonomy=taxonomy, code="food", name="Food")
    bob = client_for("bob")
    page = bob.get("/community/a/categories/").content.decode()
    assert "Not matched to the UK service list" in page
    url = f"/community/a/categories/{food.pk}/shared/"
    found = bob.get(url, {"q": "cafe"}).content.decode()
    assert "Café-based social groups (Sample service list, 903)" in found
    assert "Food banks" not in found
    bob.post(f"{url}?q=food", {"same_as": [shared["902"].pk]})
    assert list(food.same_as.all()) == [shared["902"]]
    page = bob.get("/community/a/categories/").content.decode()
    assert "Food banks" in page and "(Sample service list, 902)" in page
    event = AuditEvent.objects.get(what="Directory category matched to shared terms: Food")
    assert event.user == world.bob and event.changes == {"same_as": ["", "902"]}


def test_a_term_of_another_list_cannot_be_posted_as_a_match(client_for, world, shared):
    food = TermFactory(taxonomy=TaxonomyFactory(programme=world.programme), code="food")
    other = TermFactory(taxonomy=TaxonomyFactory(programme=world.programme), code="other")
    response = client_for("bob").post(
        f"/community/a/categories/{food.pk}/shared/", {"same_as": [other.pk]}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not food.same_as.exists()


def test_the_feed_tags_services_with_matched_shared_terms_and_filters_by_them(
    client, world, shared
):
    food = TermFactory(taxonomy=TaxonomyFactory(programme=world.programme), code="food")
    food.same_as.set([shared["902"]])
    pantry = AssetFactory(programme=world.programme, name="Pantry", tags=[food])
    AssetFactory(programme=world.programme, name="Choir")
    service = client.get(f"/openreferral/a/services/{pantry.uuid}").json()
    validate("/services/{id}", service)
    terms = {a["taxonomy_term"]["name"]: a["taxonomy_term"] for a in service["attributes"]}
    assert terms["Food banks"]["term_uri"] == "http://example.org/service/902"
    assert terms["Food banks"]["taxonomy"] == "Sample service list"
    found = client.get("/openreferral/a/services", {"taxonomy_term_id": str(shared["902"].uuid)})
    assert [s["name"] for s in found.json()["contents"]] == ["Pantry"]
    listed = client.get("/openreferral/a/taxonomy_terms").json()
    validate("/taxonomy_terms", listed)
    names = {term["name"] for term in listed["contents"]}
    assert "Food banks" in names and "Lunch clubs" not in names  # only what is matched
    vocabularies = client.get("/openreferral/a/taxonomies").json()
    validate("/taxonomies", vocabularies)
    assert "Sample service list" in {t["name"] for t in vocabularies["contents"]}


def test_matching_and_a_renamed_shared_term_move_the_services_last_modified(
    world, shared, tmp_path
):
    food = TermFactory(taxonomy=TaxonomyFactory(programme=world.programme), code="food")
    pantry = AssetFactory(programme=world.programme, name="Pantry", tags=[food])
    Asset.objects.filter(pk=pantry.pk).update(modified=timezone.now() - timedelta(days=9))
    term_match(term=food, shared=[shared["902"]], actor=Actor(user=world.bob))
    pantry.refresh_from_db()
    assert timezone.now() - pantry.modified < timedelta(minutes=1)
    Asset.objects.filter(pk=pantry.pk).update(modified=timezone.now() - timedelta(days=9))
    renamed = tmp_path / "list.json"
    renamed.write_text(SAMPLE.read_text().replace('"Food banks"', '"Food banks and pantries"'))
    assert "0 added, 1 updated" in load(renamed)
    pantry.refresh_from_db()
    assert timezone.now() - pantry.modified < timedelta(minutes=1)


def test_another_programme_feed_does_not_list_a_vocabulary_it_has_not_matched(
    client, world, shared
):
    food = TermFactory(taxonomy=TaxonomyFactory(programme=world.programme), code="food")
    food.same_as.set([shared["902"]])
    theirs = client.get(f"/openreferral/{world.other_programme.slug}/taxonomies").json()
    assert "Sample service list" not in {t["name"] for t in theirs["contents"]}


def test_a_search_of_shared_terms_is_one_query_on_their_stored_folded_keys(
    shared, django_assert_num_queries
):
    from lac.community.vocabularies import shared_terms_matching

    assert shared["903"].search_key == "cafe based social groups 903"
    with django_assert_num_queries(1):
        found = shared_terms_matching("CAFÉ-based")
    assert [term.code for term in found] == ["903"]
    assert [term.code for term in shared_terms_matching("903")] == ["903"]
    assert shared_terms_matching("cafe food") == []


def test_a_reloaded_or_renamed_term_is_found_by_its_new_label(db, shared, tmp_path):
    from lac.community import services
    from lac.community.vocabularies import shared_terms_matching

    services.term_update(term=shared["903"], data={"name": "Coffee mornings"})
    assert [term.code for term in shared_terms_matching("coffee")] == ["903"]
    assert shared_terms_matching("cafe") == []


def test_the_migration_gives_terms_made_before_it_their_keys(db):
    from django.apps import apps as live_apps

    migration = import_module("lac.community.migrations.0007_taxonomyterm_search_key")
    term = TermFactory(name="Well-being walks", code="WB-1", search_key="")
    migration.backfill(live_apps, None)
    term.refresh_from_db()
    assert term.search_key == "well being walks wb-1"
