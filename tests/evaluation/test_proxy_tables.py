"""Financial proxy tables a programme holds a licence for, loaded and bound in an evaluative map.

Nothing licensed ships with lac. These tests load a made-up table
(tests/evaluation/data/made-up-proxy-table.csv): its values are invented for
the tests and are not HACT's, nor from any published source.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from lac.audit.actor import Actor
from lac.evaluation.models import ProxyTable
from lac.evaluation.services import impact_map_save_version, proxy_table_load, run_create
from lac.people.models import Level
from tests.evaluation.factories import small_document, stored_map
from tests.evaluation.test_bindings import BEFORE, END, IN, START, person
from tests.evaluation.test_views import editor_post
from tests.outcomes.factories import assess

MADE_UP = Path(__file__).parent / "data" / "made-up-proxy-table.csv"
LABELS = {
    "name": "Made-up test table",
    "source": "Invented for lac's tests; not HACT, not from any published source",
    "licence": "None needed: made up",
    "price_year": "2025-26",
}


def load(world, name="made-up.csv", content=None, **labels):
    return proxy_table_load(
        actor=Actor.working_as(world.lena, job="test"),
        programme=world.programme,
        file_name=name,
        content=MADE_UP.read_bytes() if content is None else content,
        **{**LABELS, **labels},
    )


def test_the_command_loads_a_table_with_its_source_licence_and_price_year(world):
    out = StringIO()
    call_command(
        "load_proxy_table",
        "a",
        str(MADE_UP),
        "--name=Made-up test table",
        "--source=Invented for the tests",
        "--licence=None needed",
        "--price-year=2025-26",
        stdout=out,
    )
    table = ProxyTable.objects.get()
    assert (table.source, table.licence, table.price_year) == (
        "Invented for the tests",
        "None needed",
        "2025-26",
    )
    assert [(v.code, str(v.value)) for v in table.values.all()] == [
        ("MADEUP-01", "2500.00"),
        ("MADEUP-02", "812.40"),
    ]
    assert "(2 values)" in out.getvalue()


def test_the_command_names_the_problem_with_a_bad_file(world, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,outcome,value\nX1,Something,lots\n")
    with pytest.raises(CommandError, match="Row 2, value: “lots” is not an amount of money"):
        call_command(
            "load_proxy_table",
            "a",
            str(bad),
            "--name=x",
            "--source=x",
            "--licence=x",
            "--price-year=2025-26",
        )
    assert not ProxyTable.objects.exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"code,value\nX,1\n", "The first row must name the columns: outcome"),
        (b"code,outcome,value\nX,One,1\nX,Two,2\n", "Row 3, code: “X” is in the file twice"),
        (b"code,outcome,value\nX,One,-5\n", "Row 2, value: “-5” is not an amount of money"),
        (b"code,outcome,value\n,One,5\n", "Row 2: enter both the code and the outcome"),
    ],
)
def test_a_bad_table_is_refused_whole_naming_row_and_column(world, content, problem):
    with pytest.raises(ValidationError) as refused:
        load(world, content=content)
    assert any(m.startswith(problem) for m in refused.value.messages)
    assert not ProxyTable.objects.exists()


def test_a_table_needs_a_real_price_year(world):
    with pytest.raises(ValidationError) as refused:
        load(world, price_year="2025-27")
    assert "price_year" in refused.value.message_dict


def test_an_xlsx_table_loads_like_a_csv(world):
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Outcome", "Value", "Code"])
    book.active.append(["Made-up outcome", 99.5, "M1"])
    data = BytesIO()
    book.save(data)
    table = load(world, name="made-up.xlsx", content=data.getvalue())
    assert [(v.code, v.outcome, str(v.value)) for v in table.values.all()] == [
        ("M1", "Made-up outcome", "99.50")
    ]


def test_a_lead_loads_a_table_on_the_page_and_sees_its_values(client_for, world):
    client = client_for("lena")
    with MADE_UP.open("rb") as upload:
        response = client.post(
            "/evaluation/proxy-tables/",
            {**LABELS, "programme": world.programme.pk, "file": upload},
        )
    assert response.status_code == 302
    page = client.get("/evaluation/proxy-tables/").content.decode()
    assert "Made-up test table" in page
    assert "None needed: made up" in page
    assert "£2,500" in page


def test_the_page_names_the_problem_with_a_bad_file(client_for, world, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("not a table")
    with bad.open("rb") as upload:
        response = client_for("lena").post(
            "/evaluation/proxy-tables/",
            {**LABELS, "programme": world.programme.pk, "file": upload},
        )
    assert response.status_code == 200
    assert "Choose a CSV or XLSX file" in response.content.decode()


def improved_people(world, n):
    for i in range(n):
        p = person(world.north, Level.LEVEL_2, f"Improved {i}")
        assess(p, BEFORE, {"people-support": 2}, kind="first")
        assess(p, IN, {"people-support": 4})
    worse = person(world.north, Level.LEVEL_2, "Worse")
    assess(worse, BEFORE, {"people-support": 4}, kind="first")
    assess(worse, IN, {"people-support": 3})


def test_a_run_values_the_people_who_improved_with_the_tables_value(world):
    table = load(world)
    improved_people(world, 3)
    document = {**small_document(), "price_year": "2025-26"}
    binding = {
        "kind": "level2_improved",
        "parameter": "people-support",
        "proxy": f"{table.pk}:MADEUP-01",
    }
    impact_map = stored_map(world.programme, document=document, bindings={"joined": binding})
    run = run_create(
        version=impact_map.versions.get(), start=START, end=END, draws=50, seed=1, actor=Actor()
    )
    joined = next(o for o in run.document["outcomes"] if o["id"] == "joined")
    assert joined["quantity"] == 3
    assert joined["proxy"] == {
        "value": 2500.0,
        "description": "Made-up: feeling more supported by people around them",
        "source": "Made-up test table (Invented for lac's tests; not HACT, not from any "
        "published source). Licence: None needed: made up",
        "price_year": "2025-26",
    }
    assert "proxy" not in joined.get("ranges", {})  # the table's value, not a typed-in range
    # By hand: 3 people × £2,500 × (1 − 50% attribution) = £3,750, and the typed-in
    # volunteering 100 hours × £10 = £1,000; each lasts one year, discounted once at
    # 3.5%: (3,750 + 1,000) / 1.035 = £4,589.37 of £10,000 inputs.
    assert run.result["total_present_value"] == pytest.approx(4589.3719806763)
    assert run.result["sroi_ratio"] == pytest.approx(0.45893719806763)
    assert run.resolved["joined"]["proxy"]["value"] == 2500.0


def test_a_run_keeps_its_value_when_the_table_is_replaced(world):
    table = load(world)
    improved_people(world, 1)
    document = {**small_document(), "price_year": "2025-26"}
    binding = {"kind": "level2_improved", "parameter": "people-support"}
    impact_map = stored_map(
        world.programme,
        document=document,
        bindings={"joined": {**binding, "proxy": f"{table.pk}:MADEUP-01"}},
    )
    run = run_create(
        version=impact_map.versions.get(), start=START, end=END, draws=50, seed=1, actor=Actor()
    )
    table.delete()
    run.refresh_from_db()
    joined = next(o for o in run.document["outcomes"] if o["id"] == "joined")
    assert joined["proxy"]["value"] == 2500.0


def test_a_binding_refuses_a_value_the_programme_has_not_loaded_or_a_map_without_price_year(
    world,
):
    table = load(world)
    impact_map = stored_map(world.programme, document={**small_document(), "price_year": "2025-26"})
    binding = {"kind": "level2_improved", "parameter": "people-support"}
    with pytest.raises(ValidationError) as refused:
        impact_map_save_version(
            impact_map=impact_map,
            document={**small_document(), "price_year": "2025-26"},
            bindings={"joined": {**binding, "proxy": f"{table.pk}:NOT-THERE"}},
            actor=Actor(),
        )
    assert refused.value.messages == [
        f"joined: proxy from a table: “{table.pk}:NOT-THERE” is not a value of the programme’s "
        "proxy tables"
    ]
    with pytest.raises(ValidationError) as refused:
        impact_map_save_version(
            impact_map=impact_map,
            document=small_document(),
            bindings={"joined": {**binding, "proxy": f"{table.pk}:MADEUP-01"}},
            actor=Actor(),
        )
    assert "give the map a price year" in refused.value.messages[0]


def test_the_editor_offers_the_programmes_table_values(client_for, world):
    table = load(world)
    impact_map = stored_map(world.programme, document={**small_document(), "price_year": "2025-26"})
    client = client_for("lena")
    page = client.get(f"/evaluation/{impact_map.pk}/edit/").content.decode()
    assert f'value="{table.pk}:MADEUP-01"' in page
    data = editor_post(
        {**small_document(), "price_year": "2025-26"},
        {"joined": {"kind": "level2_improved", "parameter": "people-support"}},
        initial=3,
    )
    data["price_year"] = "2025-26"
    data["outcome-0-binding_proxy"] = f"{table.pk}:MADEUP-01"
    response = client.post(f"/evaluation/{impact_map.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    version = impact_map.versions.order_by("-number").first()
    assert version.bindings["joined"]["proxy"] == f"{table.pk}:MADEUP-01"
