"""A deflator release must cover every stored price year a page or a new run restates
(trust: money never mixes price bases, and no page fails after a release is loaded).

One rule (lac.outcomes.price_years), asked by the service and so by the command
(`lac deflators load`; no page or admin loads a release): unit costs, the price year of
a programme's reports, proxy tables and impact maps' working documents each block a
release that lacks their year; runs, which froze the deflators they used, never do.
"""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lac.audit.actor import Actor
from lac.evaluation.models import ImpactMap, Mode, ProxyTable
from lac.evaluation.services import impact_map_save_version, run_create, run_publish
from lac.outcomes.models import DeflatorSeries, OutcomeSettings, RateCard, UnitCost
from lac.outcomes.ratecards import unit_cost_rows
from lac.outcomes.selectors import deflators_held, deflators_in_use
from lac.outcomes.services import deflator_series_load, rate_card_create, rate_card_load
from lac.value import load_rate_card
from tests.conftest import force_login_verified
from tests.evaluation.factories import not_material, small_document, stored_map
from tests.outcomes.data import HMT_CSV

RELEASE = "Test release"
GONE = "2012-13"
"""The year the refused release lacks; nothing in the test world is priced in it."""


def _release_without(tmp_path, year: str = GONE):
    """HM Treasury's CSV with one financial year's row ("2012-13," or "2030-31 (1),") left out."""
    lines = HMT_CSV.read_text().splitlines()
    path = tmp_path / f"without-{year}.csv"
    kept = [line for line in lines if line.split(",")[0].split(" ")[0] != year]
    path.write_text("\n".join(kept) + "\n")
    return path


def _by_command(path) -> None:
    try:
        call_command("deflators", "load", str(path), "--release", RELEASE)
    except CommandError as exc:
        raise ValidationError(str(exc)) from exc


def _by_service(path) -> None:
    deflator_series_load(path=path, release=RELEASE, actor=Actor())


LOADERS = pytest.mark.parametrize("load", [_by_command, _by_service], ids=["command", "service"])


def _unit_cost(world) -> str:
    card = RateCard.objects.create(programme=world.programme, name="Old card")
    UnitCost.objects.create(
        rate_card=card, item="Night shelter", agency="housing", unit="per night", amount=45,
        price_year=GONE, source="An old report",
    )  # fmt: skip
    UnitCost.objects.create(
        rate_card=card, item="Day centre", agency="housing", unit="per day", amount=20,
        price_year=GONE, source="An old report",
    )  # fmt: skip
    return "2 unit costs"


def _programme_settings(world) -> str:
    framework = OutcomeSettings._meta.get_field("framework").related_model.objects.first()
    OutcomeSettings.objects.create(programme=world.programme, framework=framework, price_year=GONE)
    return "the price year of programme Programme A’s reports"


def _proxy_table(world) -> str:
    ProxyTable.objects.create(
        programme=world.programme, name="Old table", source="Test", licence="Test", price_year=GONE
    )
    return "1 proxy table"


def _priced_document(year: str = GONE) -> dict:
    document = small_document()
    document["name"] = "Eastmere forecast"
    document["price_year"] = "2024-25"
    document["outcomes"][0]["proxy"]["price_year"] = year
    return document


def _impact_map(world) -> str:
    stored_map(world.programme, mode=Mode.FORECAST, document=_priced_document())
    return "the impact map “Eastmere forecast”"


USERS = pytest.mark.parametrize("use", [_unit_cost, _programme_settings, _proxy_table, _impact_map])


@LOADERS
@USERS
def test_a_release_lacking_a_year_in_use_is_refused_naming_where(world, tmp_path, load, use):
    where = use(world)
    with pytest.raises(ValidationError) as refused:
        load(_release_without(tmp_path))
    assert f"{GONE} ({where})" in " ".join(refused.value.messages)
    assert not DeflatorSeries.objects.exists()


@LOADERS
def test_a_release_covering_every_year_in_use_loads(world, tmp_path, load):
    for use in (_unit_cost, _programme_settings, _proxy_table, _impact_map):
        use(world)
    load(_release_without(tmp_path, "2000-01"))
    assert DeflatorSeries.objects.get().release == RELEASE
    assert "2000-01" not in deflators_in_use().index


def test_every_use_of_a_year_is_named_together(world, tmp_path):
    wheres: list[str] = [use(world) for use in (_unit_cost, _programme_settings, _proxy_table)]
    with pytest.raises(ValidationError) as refused:
        _by_service(_release_without(tmp_path))
    message = refused.value.messages[0]
    assert f"{GONE} ({', '.join(wheres)})" in message
    assert message.startswith("this release does not cover price years already in use: ")


def test_a_programme_without_settings_needs_the_default_report_year(world, tmp_path, monkeypatch):
    """(The default is the shipped series' reference year, which no release lacks today.)"""
    monkeypatch.setattr("lac.outcomes.price_years.DEFAULT_PRICE_YEAR", GONE)
    with pytest.raises(
        ValidationError,
        match=rf"{GONE} \(the price year of programmes Programme A, Programme B’ reports\)",
    ):
        _by_service(_release_without(tmp_path))


def test_only_an_impact_maps_latest_version_counts(world, tmp_path):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST, document=_priced_document())
    impact_map_save_version(
        impact_map=impact_map, document=_priced_document("2016-17"), actor=Actor()
    )
    _by_service(_release_without(tmp_path))
    assert DeflatorSeries.objects.exists()


def test_a_map_with_its_own_deflators_does_not_count(world, tmp_path):
    document = _priced_document()
    document["deflators"] = {"2024-25": 100.0, GONE: 80.0}
    stored_map(world.programme, mode=Mode.FORECAST, document=document)
    _by_service(_release_without(tmp_path))
    assert DeflatorSeries.objects.exists()


def test_a_published_runs_years_do_not_block_a_release(world, tmp_path):
    """The run froze the deflators it used; the map has since moved on to another year."""
    impact_map = stored_map(world.programme, mode=Mode.FORECAST, document=_priced_document())
    run = run_create(
        version=impact_map.versions.get(), start=None, end=None, draws=10, actor=Actor()
    )
    run_publish(run=run, note="For the board", actor=Actor.working_as(world.lena, job="test"))
    impact_map_save_version(
        impact_map=ImpactMap.objects.get(pk=impact_map.pk),
        document=_priced_document("2016-17"),
        annotations=not_material(small_document()),
        actor=Actor(),
    )
    _by_service(_release_without(tmp_path))
    run.refresh_from_db()
    assert GONE in run.document["deflators"]


def test_the_refusal_reads_in_welsh(world, tmp_path):
    _unit_cost(world)
    _proxy_table(world)
    with translation.override("cy"), pytest.raises(ValidationError) as refused:
        _by_service(_release_without(tmp_path))
    message = refused.value.messages[0]
    assert message.startswith("nid yw’r rhyddhad hwn yn cwmpasu ")
    assert f"{GONE} (2 gost uned, 1 tabl procsi" in message


# --- The series is read once per load or request, and never kept past a new release ----------


def _queries_of_the_series(run: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        run()
    return sum('"outcomes_deflatorseries"' in q["sql"] for q in queries.captured_queries)


def test_a_rate_card_load_reads_the_series_once(world):
    card = load_rate_card()
    assert len(unit_cost_rows(card)) > 3

    def load() -> None:
        rate_card_create(card=card, programme=world.programme)

    assert _queries_of_the_series(load) == 1


def test_a_release_loaded_inside_a_held_block_is_read_afresh(db, tmp_path):
    with deflators_held():
        assert GONE in deflators_in_use().index
        _by_service(_release_without(tmp_path))
        assert GONE not in deflators_in_use().index


def test_the_next_load_uses_a_release_loaded_after_the_last(world, tmp_path):
    rate_card_load(programme=world.programme, actor=Actor())
    _by_service(_release_without(tmp_path, "2030-31"))
    path = tmp_path / "card.yaml"
    path.write_text(
        "name: Late card\nprice_year: 2030-31\nsource: a forecast\nitems:\n"
        "  - item: Night shelter\n    agency: Housing\n    unit: per night\n    amount: 45\n"
    )
    with pytest.raises(ValidationError, match="2030-31"):
        rate_card_load(programme=world.programme, path=path, actor=Actor())


def test_a_rate_card_added_in_the_admin_reads_the_series_once(client, world):
    world.root.is_staff = world.root.is_superuser = True
    world.root.save()
    force_login_verified(client, world.root)
    costs = {"items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0"}
    for n in range(3):
        costs |= {
            f"items-{n}-item": f"Night {n}",
            f"items-{n}-agency": "housing",
            f"items-{n}-unit": "per night",
            f"items-{n}-amount": "45",
            f"items-{n}-price_year": "2023-24",
            f"items-{n}-source": "A report",
            f"items-{n}-order": str(n),
        }
    data = {"name": "Admin card", "programme": world.programme.pk, **costs}

    def post() -> None:
        response = client.post("/admin/outcomes/ratecard/add/", data)
        assert response.status_code == 302

    assert _queries_of_the_series(post) == 1
    assert UnitCost.objects.filter(rate_card__name="Admin card").count() == 3
