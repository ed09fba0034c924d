from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.audit.actor import Actor
from lac.outcomes import selectors
from lac.outcomes.models import OutcomeEventType, RateCard, UnitCost
from lac.outcomes.presentation import signed_rank_words
from lac.outcomes.selectors import OutcomeFilter
from lac.value import load_deflators, uprate
from tests.outcomes.factories import PersonFactory, assess, avoided, event, uniform

AT_CARD = selectors.Prices("2014-15", load_deflators())
AT_2024 = selectors.Prices("2024-25", load_deflators())

D = date


def test_a_programme_without_a_choice_uses_the_default_framework(world):
    version = selectors.current_version(world.programme, D(2026, 3, 1))
    assert version.framework.name == "A good life"
    assert len(version.domains.all()) == 7


def test_a_programmes_own_event_type_replaces_the_default_of_the_same_code(world):
    OutcomeEventType.objects.create(
        programme=world.programme,
        code="joined-group",
        name="Joined a club",
        sroi_outcome_id="clubs",
    )
    OutcomeEventType.objects.create(
        programme=world.programme, code="more-confident", name="More confident", active=False
    )
    names = [t.name for t in selectors.event_types_for(world.programme)]
    assert "Joined a club" in names
    assert "Joined a community group" not in names
    assert "More confident" not in names
    other = [t.name for t in selectors.event_types_for(world.other_programme)]
    assert "Joined a community group" in other and "More confident" in other


def test_a_programmes_own_rate_card_replaces_the_shared_one(world):
    assert selectors.rate_card_for(world.programme).programme is None
    own = RateCard.objects.create(programme=world.programme, name="Our card")
    assert selectors.rate_card_for(world.programme) == own
    assert selectors.rate_card_for(world.other_programme).programme is None


def test_distance_travelled_compares_first_and_latest_of_people_rescored_in_the_period(world):
    improved = PersonFactory(neighbourhood=world.north)
    assess(improved, D(2025, 1, 10), uniform(2), kind="first")
    assess(improved, D(2025, 6, 1), uniform(3))
    assess(improved, D(2025, 9, 1), uniform(4))  # latest: +2 everywhere
    same = PersonFactory(neighbourhood=world.south)
    assess(same, D(2025, 2, 1), uniform(3), kind="first")
    assess(same, D(2025, 8, 1), uniform(3))
    worse = PersonFactory(neighbourhood=world.south)
    assess(worse, D(2025, 2, 1), {"money": 3, "home": 4}, kind="first")
    assess(worse, D(2025, 8, 1), {"money": 2, "home": 3})
    once = PersonFactory(neighbourhood=world.north)
    assess(once, D(2025, 3, 1), uniform(1), kind="first")
    rescored_too_late = PersonFactory(neighbourhood=world.north)
    assess(rescored_too_late, D(2025, 3, 1), uniform(1), kind="first")
    assess(rescored_too_late, D(2026, 3, 1), uniform(5))
    elsewhere = PersonFactory(neighbourhood=world.elsewhere)
    assess(elsewhere, D(2025, 3, 1), uniform(1), kind="first")
    assess(elsewhere, D(2025, 8, 1), uniform(5))

    result = selectors.distance_travelled(
        OutcomeFilter(world.programme, start=D(2025, 4, 1), end=D(2025, 12, 31))
    )
    overall = result.overall
    assert overall.n == 3
    assert (overall.improved, overall.same, overall.worse) == (1, 1, 1)
    assert overall.average_start == pytest.approx((2 + 3 + 3.5) / 3)
    assert overall.average_change == pytest.approx((2 + 0 - 1) / 3)
    assert result.people_assessed == 5  # everyone in A with a score by the end of the period
    money = next(d for d in result.by_domain if d.key == "money")
    assert money.name == "Money"
    assert money.summary.n == 3
    life = next(d for d in result.by_domain if d.key == "life-control")
    assert life.summary.n == 2  # "worse" was not scored on life control
    assert [d.key for d in result.by_domain][0] == "life-control"

    south = selectors.distance_travelled(
        OutcomeFilter(world.programme, D(2025, 4, 1), D(2025, 12, 31), [world.south.pk])
    )
    assert south.overall.n == 2


def test_distance_travelled_reports_the_signed_rank_test_with_its_n(world):
    for index in range(8):
        person = PersonFactory(neighbourhood=world.north)
        assess(person, D(2025, 1, 1), uniform(2), kind="first")
        assess(person, D(2025, 6, 1), uniform(2 + index % 3))  # changes 0, +1, +2
    result = selectors.distance_travelled(OutcomeFilter(world.programme))
    test = result.overall.test
    assert test.n == 8
    assert test.n_changed == 5
    assert not test.tested  # five changes are too few to test
    assert "Only 5 of 8" in signed_rank_words(test)


def test_outcome_event_counts_by_type_with_distinct_people(world):
    anna, ben = PersonFactory(neighbourhood=world.north), PersonFactory(neighbourhood=world.south)
    event(anna, "joined-group", D(2025, 5, 1))
    event(anna, "joined-group", D(2025, 7, 1))
    event(ben, "joined-group", D(2025, 6, 1))
    event(ben, "debt-resolved", D(2025, 6, 1))
    event(ben, "debt-resolved", D(2024, 6, 1))  # before the period
    event(PersonFactory(neighbourhood=world.elsewhere), "joined-group", D(2025, 6, 1))
    counts = selectors.outcome_event_counts(
        OutcomeFilter(world.programme, D(2025, 4, 1), D(2026, 3, 31))
    )
    assert [(c.code, c.events, c.people) for c in counts] == [
        ("joined-group", 3, 2),
        ("debt-resolved", 1, 1),
    ]
    assert counts[0].sroi_outcome_id == "community"


def test_avoided_costs_are_totalled_by_agency_at_the_chosen_price_year(world):
    person = PersonFactory(neighbourhood=world.north)
    avoided(person, "A&E attendance", D(2025, 5, 1), "2", "evidenced")  # 2 x 117
    avoided(person, "Police call outs, arrest and detention", D(2025, 6, 1), "1", "reported")
    avoided(person, "GP consultations", D(2025, 6, 1), "1.5", "judged")  # 1.5 x 125
    avoided(PersonFactory(neighbourhood=world.elsewhere), "A&E attendance", D(2025, 6, 1), "9")

    f = OutcomeFilter(world.programme, D(2025, 4, 1), D(2026, 3, 31))
    at_card = selectors.avoided_cost_totals(f, prices=AT_CARD)
    assert at_card.total == Decimal("1140.50")  # 234 + 719 + 187.50
    assert at_card.records == 3 and at_card.people == 1
    assert at_card.assumed_price_years == ["2014-15"]  # the network report prints no year
    by_agency = {t.agency: t for t in at_card.by_agency}
    assert by_agency["nhs"].total == Decimal("421.50")
    assert by_agency["police"].total == Decimal("719.00")
    assert by_agency["nhs"].by_confidence == {
        "evidenced": Decimal("234.00"),
        "judged": Decimal("187.50"),
    }

    uprated = selectors.avoided_cost_totals(f, prices=AT_2024)
    assert float(uprated.total) == pytest.approx(uprate(1140.50, "2014-15", "2024-25"), abs=0.02)
    assert uprated.total > at_card.total

    mix = {label: (total, records) for label, total, records, _ in at_card.confidence_mix()}
    assert mix["Evidenced by a professional"] == (Decimal("234.00"), 1)
    assert mix["Reported by the person"] == (Decimal("719.00"), 1)


def test_evidenced_only_counts_only_what_a_professional_evidenced(world):
    person = PersonFactory(neighbourhood=world.north)
    avoided(person, "A&E attendance", D(2025, 5, 1), "2", "evidenced")
    avoided(person, "Police call outs, arrest and detention", D(2025, 6, 1), "1", "reported")
    summary = selectors.avoided_cost_totals(
        OutcomeFilter(world.programme),
        prices=AT_CARD,
        evidenced_only=True,
    )
    assert summary.total == Decimal("234.00")
    assert [t.agency for t in summary.by_agency] == ["nhs"]


def test_an_agency_changed_by_the_coordinator_is_the_one_counted(world):
    person = PersonFactory(neighbourhood=world.north)
    avoided(person, "Temporary housing for adult", D(2025, 5, 1), "4", agency="housing")
    summary = selectors.avoided_cost_totals(OutcomeFilter(world.programme), prices=AT_CARD)
    assert [(t.agency, t.total) for t in summary.by_agency] == [("housing", Decimal("468.00"))]


def _make_people(world, count, start):
    for index in range(count):
        person = PersonFactory(neighbourhood=world.north if index % 2 else world.south)
        assess(person, D(2025, 1, 1), uniform(2), kind="first")
        assess(person, D(2025, 6, 1), uniform(2 + index % 3))
        event(person, "joined-group" if index % 2 else "debt-resolved", D(2025, 6, 1))
        avoided(
            person, "A&E attendance", D(2025, 6, 1), "1", "evidenced" if index % 2 else "judged"
        )
        avoided(person, "Residential care for older people", D(2025, 7, 1), "3")


def _queries(world):
    f = OutcomeFilter(
        world.programme, D(2025, 4, 1), D(2026, 3, 31), [world.north.pk, world.south.pk]
    )
    with CaptureQueriesContext(connection) as captured:
        selectors.outcome_event_counts(f)
        selectors.distance_travelled(f)
        selectors.avoided_cost_totals(f, prices=AT_2024)
        selectors.avoided_cost_totals(f, prices=AT_2024, evidenced_only=True)
    return len(captured)


def test_the_programme_figures_take_the_same_number_of_queries_for_more_people(world):
    _make_people(world, 3, 0)
    few = _queries(world)
    _make_people(world, 30, 3)
    many = _queries(world)
    assert few == many
    assert many <= 8


def test_unit_costs_for_a_programme_come_in_the_cards_order(world):
    items = list(selectors.unit_costs_for(world.programme))
    assert items[0].item == "Social worker intervention"
    assert len(items) == UnitCost.objects.filter(rate_card__programme=None).count()


def test_after_a_merge_the_kept_person_has_both_records_and_the_earliest_counts_as_first(world):
    from lac.people.services import person_merge

    keep = PersonFactory(neighbourhood=world.north)
    duplicate = PersonFactory(neighbourhood=world.north)
    assess(duplicate, D(2025, 1, 1), uniform(1), kind="first")
    assess(keep, D(2025, 3, 1), uniform(2), kind="first")
    assess(keep, D(2025, 9, 1), uniform(4))
    avoided(duplicate, "A&E attendance", D(2025, 2, 1))
    person_merge(keep=keep, duplicate=duplicate, actor=Actor(user=world.bob))
    result = selectors.distance_travelled(OutcomeFilter(world.programme))
    assert result.overall.n == 1
    assert result.overall.average_start == 1.0
    assert result.overall.average_change == 3.0
    summary = selectors.avoided_cost_totals(OutcomeFilter(world.programme), prices=AT_CARD)
    assert (summary.people, summary.total) == (1, Decimal("117.00"))
