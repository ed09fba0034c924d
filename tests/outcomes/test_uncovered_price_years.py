"""A unit cost's price year outside the deflator series in use (trust: money never mixes
price bases, and never fails silently).

Refused where it enters (the price year on a form or the admin, a rate card file, a
deflator release that would leave stored costs uncovered); a page meeting one already
stored says which cost and year, and what to do, instead of failing with a server error.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from lac.outcomes.models import (
    AvoidedService,
    DeflatorSeries,
    OutcomeSettings,
    RateCard,
    UnitCost,
)
from tests.outcomes.data import HMT_CSV
from tests.outcomes.test_views import _population

RELEASE = "Test release"


def _release_from(tmp_path, first: str):
    """HM Treasury's CSV with the years before `first` left out."""
    lines = HMT_CSV.read_text().splitlines()
    kept = [
        line for line in lines if not (line[:4].isdigit() and line[4] == "-" and line[:7] < first)
    ]
    path = tmp_path / "late-start.csv"
    path.write_text("\n".join(kept) + "\n")
    return path


def test_a_release_that_leaves_stored_costs_uncovered_is_refused(world, tmp_path):
    _population(world)  # A&E attendance at 2014-15 prices
    with pytest.raises(CommandError, match=r"2014-15 \(\d+ unit costs\)"):
        call_command(
            "deflators", "load", str(_release_from(tmp_path, "2016-17")), "--release", RELEASE
        )
    assert not DeflatorSeries.objects.exists()


def test_a_release_covering_every_stored_year_loads(world, tmp_path):
    _population(world)
    call_command("deflators", "load", str(_release_from(tmp_path, "2010-11")), "--release", RELEASE)
    assert DeflatorSeries.objects.exists()


def test_a_price_year_outside_the_series_is_refused_on_a_unit_cost(world):
    _population(world)
    cost = UnitCost.objects.first()
    cost.price_year = "1990-91"
    with pytest.raises(ValidationError, match="1990-91"):
        cost.full_clean()


def _uncovered(world):
    _population(world)
    UnitCost.objects.update(price_year="1990-91")  # stored before the rule, or by hand


PERIOD = {"start": "2020-01-01"}


@pytest.mark.parametrize(
    ("user", "url"),
    [
        ("bob", "/outcomes/summary/"),
        ("lena", "/outcomes/summary/"),
        ("bob", "/reports/dashboard/"),
        ("nina", "/reports/network/"),
    ],
)
def test_a_page_meeting_an_uncovered_year_names_it_instead_of_failing(client_for, world, user, url):
    _uncovered(world)
    response = client_for(user).get(url, {**PERIOD, "end": timezone.localdate().isoformat()})
    page = response.content.decode()
    assert response.status_code != 500
    assert "1990-91" in page
    assert "A&amp;E attendance" in page
    assert "has no index for 1990-91" in page
    assert "lac deflators load" in page


def test_the_person_page_names_an_uncovered_year_instead_of_failing(client_for, world):
    _uncovered(world)
    person = AvoidedService.objects.first().person
    response = client_for("bob").get(f"/outcomes/people/{person.pk}/progress/")
    assert response.status_code != 500
    assert "has no index for 1990-91" in response.content.decode()


def _summary_page(client_for, user: str) -> str:
    response = client_for(user).get(
        "/outcomes/summary/", {**PERIOD, "end": timezone.localdate().isoformat()}
    )
    assert response.status_code == 409
    return response.content.decode()


def test_the_page_lists_only_the_costs_on_the_viewers_programmes_cards(client_for, world):
    _uncovered(world)
    theirs = RateCard.objects.create(programme=world.other_programme, name="Programme B's own card")
    UnitCost.objects.create(
        rate_card=theirs,
        item="Night shelter",
        agency="housing",
        unit="per night",
        amount=45,
        price_year="1990-91",
        source="an old report",
    )
    page = _summary_page(client_for, "lena")
    assert "Your programme’s unit costs at those prices" in page
    assert "A&amp;E attendance" in page
    assert "Night shelter" not in page


def test_who_can_correct_it_sees_where_the_years_are_used(client_for, world):
    _uncovered(world)
    framework = OutcomeSettings._meta.get_field("framework").related_model.objects.first()
    OutcomeSettings.objects.create(
        programme=world.programme, framework=framework, price_year="1990-91"
    )
    lead = _summary_page(client_for, "lena")
    assert "Where these price years are used" in lead
    assert "unit cost" in lead
    assert "the price year of programme Programme A’s reports" in lead
    evaluator = _summary_page(client_for, "eve")
    assert "Where these price years are used" not in evaluator
    assert "Tell your programme lead or lac administrator" in evaluator


def test_the_page_is_worded_in_welsh(client_for, world):
    _uncovered(world)
    client = client_for("lena")
    client.cookies["django_language"] = "cy"
    response = client.get("/outcomes/summary/", {**PERIOD, "end": timezone.localdate().isoformat()})
    page = response.content.decode()
    assert "Sut i’w drwsio" in page
    assert "Costau uned eich rhaglen yn y prisiau hynny" in page
    assert "prisiau 1990-91" in page


def test_a_rate_card_file_at_a_year_outside_the_series_is_refused(world, tmp_path):
    path = tmp_path / "card.yaml"
    path.write_text(
        "name: Old card\nprice_year: 1990-91\nsource: an old report\nitems:\n"
        "  - item: Night shelter\n    agency: Housing\n    unit: per night\n    amount: 45\n"
    )
    with pytest.raises(CommandError, match="load a deflator release that covers 1990-91"):
        call_command("load_rate_card", "a", str(path))
    assert not UnitCost.objects.filter(price_year="1990-91").exists()


def test_the_refusals_are_worded_in_welsh(world, tmp_path):
    _population(world)
    with (
        translation.override("cy"),
        pytest.raises(CommandError, match=r"nid yw’r rhyddhad hwn yn cwmpasu .*2014-15 \("),
    ):
        call_command(
            "deflators", "load", str(_release_from(tmp_path, "2016-17")), "--release", RELEASE
        )
    cost = UnitCost.objects.first()
    cost.price_year = "1990-91"
    with translation.override("cy"), pytest.raises(ValidationError, match="Mae 1990-91 y tu allan"):
        cost.full_clean()
