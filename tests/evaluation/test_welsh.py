"""Social value in Welsh: the pages, their messages and errors, and the run's charts."""

import html
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.formats import date_format

from lac.audit.actor import Actor
from lac.evaluation.models import Mode, Run
from lac.evaluation.services import engine_problems, run_create
from lac.value import ImpactMapError, impact_map_from_dict, messages
from tests.evaluation.factories import small_document, stored_map
from tests.evaluation.test_proxy_tables import LABELS, MADE_UP
from tests.evaluation.test_views import editor_post


def in_welsh(client):
    client.cookies["django_language"] = "cy"
    return client


@pytest.fixture
def run(world):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST)
    return run_create(
        version=impact_map.versions.get(), start=None, end=None, draws=100, seed=1, actor=Actor()
    )


def test_the_social_value_page_lists_maps_and_runs_in_welsh(client_for, run):
    page = in_welsh(client_for("bob")).get("/evaluation/").content.decode()
    assert '<html lang="cy"' in page
    assert "Gwerth cymdeithasol</h1>" in page and "Rhediadau diweddar" in page
    assert "Rhagolwg</strong>" in page  # the map's kind
    with translation.override("cy"):
        made = date_format(run.created, "j F Y")
    assert f"rhedwyd ar {made}" in page  # the month in Welsh


def test_the_map_page_names_each_adjustment_and_range_in_welsh(client_for, world):
    impact_map = stored_map(world.programme)
    page = in_welsh(client_for("bob")).get(f"/evaluation/{impact_map.pk}/").content.decode()
    assert "Pwysau marw</th>" in page and "Lleihad y flwyddyn</th>" in page
    assert "procsi 800 i 1,200; nifer 5 i 15" in page
    assert "Nid yw’r map hwn wedi’i redeg eto." in page


def test_the_editor_and_the_run_page_are_in_welsh(client_for, world):
    impact_map = stored_map(world.programme)
    client = in_welsh(client_for("lena"))
    page = client.get(f"/evaluation/{impact_map.pk}/edit/").content.decode()
    assert "Cyfradd ddisgownt" in page and "Procsi isel (£ yr uned)" in page
    page = client.get(f"/evaluation/{impact_map.pk}/run/").content.decode()
    assert "Rhedeg y peiriant gwerth" in page and "Rhwng 100 a 200,000" in page


def test_publishing_without_a_note_is_refused_in_welsh(client_for, run):
    client = in_welsh(client_for("lena"))
    page = client.post(f"/evaluation/runs/{run.pk}/publish/", {"note": " "}).content.decode()
    assert "Rhowch nodyn i’r bwrdd: pam y cyhoeddir y rhediad hwn" in page


def test_a_loaded_proxy_table_is_counted_in_welsh(client_for, world):
    client = in_welsh(client_for("lena"))
    upload = SimpleUploadedFile("made-up.csv", MADE_UP.read_bytes(), content_type="text/csv")
    data = {**LABELS, "programme": world.programme.pk, "file": upload}
    page = client.post("/evaluation/proxy-tables/", data, follow=True).content.decode()
    assert "Llwythwyd “Made-up test table”: 2 werth" in page  # two values: “werth”, mutated
    assert "Y 2 werth" in page


def test_a_run_keeps_its_charts_in_english_and_in_welsh(run):
    assert set(run.charts) == {"en-gb", "cy"}
    english, welsh = run.charts["en-gb"], run.charts["cy"]
    assert "Present value by year" in english["by_year"] and "Year 1" in english["by_year"]
    assert "Gwerth presennol fesul blwyddyn" in welsh["by_year"]
    assert "Blwyddyn 1" in welsh["by_year"] and "Year 1" not in welsh["by_year"]
    assert "Monte Carlo: 100 o dyniadau" in welsh["histogram"]
    assert "Sensitifrwydd: un dybiaeth ar y tro" in welsh["tornado"]
    assert "Dosbarthiad gwerth cymdeithasol" in welsh["stakeholders"]
    assert Run.objects.get(pk=run.pk).charts == run.charts


def test_the_editor_offers_its_lists_and_puts_a_binding_problem_on_its_field_in_welsh(
    client_for, world
):
    impact_map = stored_map(world.programme)
    client = in_welsh(client_for("lena"))
    page = client.get(f"/evaluation/{impact_map.pk}/edit/").content.decode()
    assert '<optgroup label="Mathau o ddigwyddiadau canlyniad">' in page
    assert "Pobl a gyflwynwyd, yn ôl eu lefel bresennol (allbwn)" in page
    bindings = {"joined": {"kind": "people_at_level", "parameter": "1"}}
    data = editor_post(small_document(), bindings, initial=3)
    page = client.post(f"/evaluation/{impact_map.pk}/edit/", data).content.decode()
    assert "joined: rheswm dros roi gwerth ar allbwn: mae “Pobl a gyflwynwyd" in page
    assert 'href="#id_outcome-0-binding_reason"' in page
    assert impact_map.versions.count() == 1


def test_charts_kept_before_runs_kept_a_language_become_the_english_ones(run):
    migration = importlib.import_module("lac.evaluation.migrations.0007_charts_in_each_language")
    english = run.charts["en-gb"]
    Run.objects.filter(pk=run.pk).update(charts=english)
    migration.charts_under_english(django_apps, None)
    assert Run.objects.get(pk=run.pk).charts == {"en-gb": english}
    migration.charts_under_english(django_apps, None)  # a second pass leaves them be
    assert Run.objects.get(pk=run.pk).charts == {"en-gb": english}
    migration.charts_without_language(django_apps, None)
    assert Run.objects.get(pk=run.pk).charts == english


def test_the_value_engines_problems_with_an_uploaded_map_read_in_welsh(client_for, world):
    impact_map = stored_map(world.programme)
    upload = SimpleUploadedFile(
        "map.yaml", b"name: x\ndiscount_rate: 2\nstakeholders: []\ninputs: []\noutcomes: []\n"
    )
    client = in_welsh(client_for("lena"))
    page = html.unescape(
        client.post(f"/evaluation/{impact_map.pk}/upload/", {"file": upload}).content.decode()
    )
    assert "inputs: rhaid iddo restru o leiaf un mewnbwn" in page
    assert "discount_rate: rhaid iddo fod rhwng 0 a 1, cafwyd 2" in page  # the file's own keys
    assert "must list at least one input" not in page


def test_an_engine_problem_reads_as_the_engine_wrote_it_in_english():
    with pytest.raises(ImpactMapError) as caught:
        impact_map_from_dict({"name": "x", "stakeholders": [], "inputs": [], "outcomes": []})
    with translation.override("en-gb"):
        assert engine_problems(caught.value) == [str(p) for p in caught.value.problems]
    assert [p.template for p in caught.value.problems] == [messages.NO_INPUTS]
