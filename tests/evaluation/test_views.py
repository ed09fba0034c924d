from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lac.audit.actor import Actor
from lac.evaluation.models import ImpactMap, Mode, Run
from lac.evaluation.services import document_to_file, run_create
from tests.evaluation.factories import derby_document, small_document, stored_map
from tests.permission_matrix import Page, case_id, cases, check

READERS = frozenset({"bob", "lena", "eve", "nina"})
MANAGERS = frozenset({"lena", "eve"})


@pytest.fixture
def impact_map(world):
    return stored_map(world.programme)


PAGES = [
    Page("social value", lambda w: "/evaluation/", READERS),
    Page("new map", lambda w: "/evaluation/new/", MANAGERS),
    Page("financial proxy tables", lambda w: "/evaluation/proxy-tables/", MANAGERS),
    Page("map", lambda w: f"/evaluation/{w._map.pk}/", READERS),
    Page("edit map", lambda w: f"/evaluation/{w._map.pk}/edit/", MANAGERS),
    Page("upload version", lambda w: f"/evaluation/{w._map.pk}/upload/", MANAGERS),
    Page("run", lambda w: f"/evaluation/{w._map.pk}/run/", MANAGERS),
    Page("export", lambda w: f"/evaluation/{w._map.pk}/versions/1/export.yaml", READERS),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, impact_map, page, user):
    world._map = impact_map
    check(client, world, page, user)


def editor_post(document, bindings=None, note="", initial=0):
    """What the editor's form posts for a document (every row filled in, no blank rows)."""
    data = {
        "name": document["name"],
        "currency": "GBP",
        "discount_rate": "0.035",
        "note": note,
    }
    for prefix, rows in (
        ("stakeholder", document["stakeholders"]),
        ("input", document["inputs"]),
        ("outcome", document["outcomes"]),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(min(initial, len(rows)))
        for i, row in enumerate(rows):
            for key, value in row.items():
                if key == "proxy":
                    for part in ("value", "description", "source"):
                        data[f"{prefix}-{i}-proxy_{part}"] = value.get(part, "")
                elif key == "include":
                    if value:
                        data[f"{prefix}-{i}-include"] = "on"
                elif key == "ranges":
                    for field, spread in value.items():
                        data[f"{prefix}-{i}-range_{field}_low"] = spread["low"]
                        data[f"{prefix}-{i}-range_{field}_high"] = spread["high"]
                else:
                    data[f"{prefix}-{i}-{key}"] = value
            if prefix == "outcome":
                data.setdefault(f"{prefix}-{i}-duration", 1)
                data.setdefault(f"{prefix}-{i}-start_year", 1)
                for f in ("deadweight", "displacement", "attribution", "drop_off"):
                    data.setdefault(f"{prefix}-{i}-{f}", 0)
                binding = (bindings or {}).get(row["id"], {})
                data[f"{prefix}-{i}-binding_kind"] = binding.get("kind", "")
                data[f"{prefix}-{i}-binding_parameter"] = binding.get("parameter", "")
                data[f"{prefix}-{i}-binding_reason"] = binding.get("reason", "")
            if prefix == "input":
                data.setdefault(f"{prefix}-{i}-year", 1)
    return data


def test_a_lead_creates_an_evaluative_map_in_the_editor(client_for, world):
    client = client_for("lena")
    response = client.post(
        "/evaluation/new/", {"programme": world.programme.pk, "mode": "evaluative"}
    )
    assert response.status_code == 302 and response["Location"] == "/evaluation/new/editor/"
    document = small_document()
    bindings = {"joined": {"kind": "event_people", "parameter": "joined-group"}}
    response = client.post("/evaluation/new/editor/", editor_post(document, bindings), follow=True)
    assert "saved as version 1" in response.content.decode()
    impact_map = ImpactMap.objects.get()
    version = impact_map.versions.get()
    assert impact_map.mode == Mode.EVALUATIVE
    assert version.bindings == {"joined": {"kind": "event_people", "parameter": "joined-group"}}
    assert [o["id"] for o in version.document["outcomes"]] == [
        "joined",
        "volunteers",
        "not_material",
    ]
    assert version.document["outcomes"][2]["include"] is False


def test_the_editor_offers_the_programmes_parameters_and_refuses_others(client_for, world):
    impact_map = stored_map(world.programme)
    client = client_for("lena")
    page = client.get(f"/evaluation/{impact_map.pk}/edit/").content.decode()
    assert '<optgroup label="Outcome event types">' in page
    assert '<option value="joined-group">' in page
    assert '<optgroup label="Life areas">' in page and '<option value="people-support">' in page
    assert '<option value="A&amp;E attendance">A&amp;E attendance</option>' in page
    # Kinds sharing a parameter share its group: each select lists it once.
    select = page[page.index('name="outcome-0-binding_parameter"') :]
    select = select[: select.index("</select>")]
    assert select.count('<optgroup label="Outcome event types">') == 1
    assert '<option value="level2_event_people">' in page
    bindings = {"joined": {"kind": "people_at_level", "parameter": "1"}}
    response = client.post(
        f"/evaluation/{impact_map.pk}/edit/", editor_post(small_document(), bindings, initial=3)
    )
    page = response.content.decode()
    assert "joined: reason for valuing an output" in page
    assert 'href="#id_outcome-0-binding_reason"' in page
    assert impact_map.versions.count() == 1


def test_the_editor_adds_several_outcomes_in_one_save(client_for, world):
    impact_map = stored_map(world.programme)
    document = small_document()
    for n in (1, 2):
        document["outcomes"].append(
            {
                "id": f"new_{n}",
                "stakeholder": "people",
                "description": f"New outcome {n}",
                "quantity": n,
                "proxy": {"value": 10},
            }
        )
    client_for("lena").post(f"/evaluation/{impact_map.pk}/edit/", editor_post(document, initial=3))
    ids = [o["id"] for o in impact_map.versions.get(number=2).document["outcomes"]]
    assert ids[-2:] == ["new_1", "new_2"]


def test_the_editor_puts_the_engines_problem_on_the_field_it_names(client_for, world, impact_map):
    document = small_document()
    document["outcomes"][0]["stakeholder"] = "nobody"
    response = client_for("lena").post(
        f"/evaluation/{impact_map.pk}/edit/", editor_post(document, initial=3)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "outcomes[0].stakeholder: must name a stakeholder id" in page
    assert 'href="#id_outcome-0-stakeholder"' in page
    assert impact_map.versions.count() == 1


def test_editing_keeps_the_ranges_and_makes_version_two(client_for, world, impact_map):
    document = small_document()
    document["outcomes"][0]["quantity"] = 12
    client_for("lena").post(
        f"/evaluation/{impact_map.pk}/edit/", editor_post(document, note="More", initial=3)
    )
    version = impact_map.versions.get(number=2)
    assert version.document["outcomes"][0]["quantity"] == 12
    assert version.document["outcomes"][0]["ranges"]["proxy"] == {"low": 800.0, "high": 1200.0}
    assert version.note == "More"


def test_sensitivity_ranges_are_edited_in_the_browser(client_for, world, impact_map):
    client = client_for("lena")
    page = client.get(f"/evaluation/{impact_map.pk}/edit/").content.decode()
    assert "Ranges for sensitivity" in page
    assert 'name="outcome-0-range_proxy_low" value="800.0"' in page
    data = editor_post(small_document(), initial=3)
    data["outcome-0-range_proxy_low"] = "700"
    data["outcome-1-range_attribution_low"] = "0.1"
    data["outcome-1-range_attribution_high"] = "0.3"
    client.post(f"/evaluation/{impact_map.pk}/edit/", data)
    outcomes = impact_map.versions.get(number=2).document["outcomes"]
    assert outcomes[0]["ranges"]["proxy"] == {"low": 700.0, "high": 1200.0}
    assert outcomes[1]["ranges"] == {"attribution": {"low": 0.1, "high": 0.3}}


def test_a_map_is_created_by_uploading_a_spreadsheet(client_for, world):
    upload = SimpleUploadedFile("derby.xlsx", document_to_file(derby_document(), "xlsx"))
    response = client_for("eve").post(
        "/evaluation/new/",
        {"programme": world.programme.pk, "mode": "forecast", "file": upload},
        follow=True,
    )
    assert "saved as version 1" in response.content.decode()
    assert ImpactMap.objects.get().versions.get().document == derby_document()


def test_an_upload_with_a_broken_map_names_the_problem(client_for, world, impact_map):
    upload = SimpleUploadedFile(
        "map.yaml", b"name: x\nstakeholders: []\ninputs: []\noutcomes: []\n"
    )
    response = client_for("lena").post(f"/evaluation/{impact_map.pk}/upload/", {"file": upload})
    assert "must list at least one input" in response.content.decode()
    assert impact_map.versions.count() == 1


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_each_version_downloads_in_each_format(client_for, impact_map, fmt):
    response = client_for("nina").get(f"/evaluation/{impact_map.pk}/versions/1/export.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-v1.{fmt}"')


def test_a_run_needs_a_period_when_quantities_come_from_the_records(client_for, world):
    impact_map = stored_map(world.programme, bindings={"joined": {"kind": "new_groups"}})
    response = client_for("lena").post(
        f"/evaluation/{impact_map.pk}/run/", {"draws": 500, "seed": 1}
    )
    assert "Enter the start of the period" in response.content.decode()
    assert not Run.objects.exists()


def test_a_run_freezes_the_figures_and_opens_the_report(client_for, world):
    impact_map = stored_map(world.programme, bindings={"joined": {"kind": "new_groups"}})
    response = client_for("lena").post(
        f"/evaluation/{impact_map.pk}/run/",
        {"start": date(2025, 4, 1), "end": date(2026, 3, 31), "draws": 500, "seed": 4},
        follow=True,
    )
    run = Run.objects.get()
    assert response.redirect_chain[-1][0] == f"/reports/sroi/{run.pk}/"
    assert run.resolved["joined"]["quantity"] == 0
    assert "figures are frozen" in response.content.decode()


def test_a_lead_of_another_programme_cannot_find_the_map(client, world, impact_map):
    from tests.conftest import force_login_verified
    from tests.factories import Role, UserFactory, grant

    olga = UserFactory(username="olga")
    grant(olga, Role.LEAD, programme=world.other_programme)
    force_login_verified(client, olga)
    assert client.get(f"/evaluation/{impact_map.pk}/").status_code == 404
    assert client.get(f"/evaluation/{impact_map.pk}/run/").status_code == 404
    assert impact_map.name not in client.get("/evaluation/").content.decode()


def test_the_map_page_shows_every_adjustment_and_range(client_for, world, impact_map):
    page = client_for("bob").get(f"/evaluation/{impact_map.pk}/").content.decode()
    assert "Deadweight</th>" in page and "Drop-off a year</th>" in page
    assert "50%" in page  # the attribution of "Joined a community group"
    assert "proxy 800 to 1,200; quantity 5 to 15" in page  # the same order on every database
    assert "People walked alongside" in page  # the stakeholder's name, not its id


def test_the_editor_keeps_the_engagement_note_and_sources(client_for, world, impact_map):
    data = editor_post(small_document(), initial=3)
    data["engagement"] = "Two workshops with people walked alongside"
    data["outcome-0-attribution_source"] = "Derby survey 2017"
    data["outcome-2-excluded_reason"] = "Too small"
    client_for("lena").post(f"/evaluation/{impact_map.pk}/edit/", data)
    version = impact_map.versions.get(number=2)
    assert version.engagement == "Two workshops with people walked alongside"
    assert version.annotations["joined"] == {"attribution_source": "Derby survey 2017"}
    assert version.annotations["not_material"] == {"excluded_reason": "Too small"}


def test_price_years_are_edited_in_the_browser_and_a_run_states_its_price_basis(
    client_for, world, impact_map
):
    from lac.outcomes.selectors import deflators_in_use

    data = editor_post(small_document(), initial=3)
    data["price_year"] = "2025-26"
    data["outcome-0-proxy_price_year"] = "2014-15"
    data["input-0-price_year"] = "2024-25"
    client = client_for("lena")
    client.post(f"/evaluation/{impact_map.pk}/edit/", data)
    version = impact_map.versions.get(number=2)
    assert version.document["price_year"] == "2025-26"
    assert version.document["outcomes"][0]["proxy"]["price_year"] == "2014-15"
    assert version.document["inputs"][0]["price_year"] == "2024-25"

    run = run_create(version=version, start=None, end=None, draws=100, seed=1, actor=Actor())
    series = deflators_in_use()
    assert run.deflators_label == series.label
    assert run.document["deflators"]["2014-15"] == series.index["2014-15"]
    page = client.get(f"/reports/sroi/{run.pk}/").content.decode()
    assert (
        f"Money at 2025-26 prices: inputs and proxies from other years restated with {series.label}"
        in page
    )

    data["price_year"] = "2025"
    response = client.post(f"/evaluation/{impact_map.pk}/edit/", data)
    assert "Enter the price year as a financial year, like 2025-26" in response.content.decode()
