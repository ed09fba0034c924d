from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lac.audit.actor import Actor
from lac.audit.models import AuditEvent
from lac.outcomes import services
from lac.outcomes.models import (
    Assessment,
    AvoidedService,
    DomainScore,
    OutcomeEvent,
    OutcomeEventType,
    RateCard,
)
from tests.outcomes.factories import PersonFactory, default_version, shared_cost

D = date


def _scores(version, **by_key):
    return {d.pk: by_key.get(d.key.replace("-", "_")) for d in version.domains.all()}


def test_an_assessment_saves_its_scores_and_an_audit_row(world):
    person = PersonFactory(neighbourhood=world.north)
    version = default_version()
    assessment = services.assessment_create(
        person=person,
        version=version,
        when=D(2025, 5, 1),
        kind="first",
        scores=_scores(version, money=2, home=4),
        actor=Actor(user=world.alice),
    )
    assert {s.domain.key: s.score for s in assessment.scores.all()} == {"money": 2, "home": 4}
    audit = AuditEvent.objects.get(object_type="outcomes.assessment")
    assert audit.person_id == person.pk
    assert audit.user == world.alice
    assert audit.action == "create"
    assert audit.changes == {"money": ["", "2"], "home": ["", "4"]}


def test_a_score_outside_the_scale_is_refused_and_nothing_is_saved(world):
    person = PersonFactory(neighbourhood=world.north)
    version = default_version()
    with pytest.raises(ValidationError) as caught:
        services.assessment_create(
            person=person,
            version=version,
            when=D(2025, 5, 1),
            kind="first",
            scores=_scores(version, money=2, home=9),
            actor=Actor(user=world.alice),
        )
    assert "Home must be scored from 1 to 5, not 9" in str(caught.value)
    assert not Assessment.objects.exists()
    assert not DomainScore.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_assessment_needs_at_least_one_score(world):
    person = PersonFactory(neighbourhood=world.north)
    version = default_version()
    with pytest.raises(ValidationError, match="Score at least one life area"):
        services.assessment_create(
            person=person,
            version=version,
            when=D(2025, 5, 1),
            kind="first",
            scores=_scores(version),
            actor=Actor(user=world.alice),
        )


def test_a_person_has_only_one_first_assessment(world):
    person = PersonFactory(neighbourhood=world.north)
    version = default_version()
    kwargs = dict(person=person, version=version, scores=_scores(version, money=2), actor=Actor())
    services.assessment_create(when=D(2025, 5, 1), kind="first", **kwargs)
    with pytest.raises(ValidationError, match="already has a first assessment"):
        services.assessment_create(when=D(2025, 6, 1), kind="first", **kwargs)


def test_dates_in_the_future_are_refused(world):
    person = PersonFactory(neighbourhood=world.north)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="today or in the past"):
        services.outcome_event_record(
            person=person,
            event_type=OutcomeEventType.objects.get(code="joined-group", programme=None),
            when=tomorrow,
            actor=Actor(user=world.alice),
        )


def test_an_outcome_event_of_another_programmes_type_is_refused(world):
    person = PersonFactory(neighbourhood=world.north)
    theirs = OutcomeEventType.objects.create(
        programme=world.other_programme, code="their-own", name="Their own kind"
    )
    with pytest.raises(ValidationError, match="not used in this programme"):
        services.outcome_event_record(
            person=person, event_type=theirs, when=D(2025, 5, 1), actor=Actor(user=world.alice)
        )
    assert not OutcomeEvent.objects.exists()


def test_an_avoided_service_takes_the_rate_cards_agency_unless_changed(world):
    person = PersonFactory(neighbourhood=world.north)
    record = services.avoided_service_record(
        person=person,
        unit_cost=shared_cost("A&E attendance"),
        when=D(2025, 5, 1),
        quantity=Decimal("2"),
        confidence="evidenced",
        actor=Actor(user=world.alice),
    )
    assert record.agency == "nhs"
    assert record.value_at_card_prices == Decimal("234.00")
    assert AuditEvent.objects.filter(
        object_type="outcomes.avoidedservice", person_id=person.pk
    ).exists()


def test_an_avoided_service_must_come_from_the_programmes_own_card(world):
    person = PersonFactory(neighbourhood=world.north)
    own = services.rate_card_load(
        programme=world.programme, actor=Actor(user=world.root)
    )  # a copy of the shipped card
    assert RateCard.objects.filter(programme=world.programme).count() == 1
    with pytest.raises(ValidationError, match="this programme's rate card"):
        services.avoided_service_record(
            person=person,
            unit_cost=shared_cost("A&E attendance"),
            when=D(2025, 5, 1),
            quantity=Decimal("1"),
            confidence="reported",
            actor=Actor(user=world.alice),
        )
    ok = services.avoided_service_record(
        person=person,
        unit_cost=own.items.get(item="A&E attendance"),
        when=D(2025, 5, 1),
        quantity=Decimal("1"),
        confidence="reported",
        actor=Actor(user=world.alice),
    )
    assert ok.unit_cost.rate_card == own


def test_a_zero_quantity_is_refused(world):
    person = PersonFactory(neighbourhood=world.north)
    with pytest.raises(ValidationError) as caught:
        services.avoided_service_record(
            person=person,
            unit_cost=shared_cost("A&E attendance"),
            when=D(2025, 5, 1),
            quantity=Decimal("0"),
            confidence="reported",
            actor=Actor(user=world.alice),
        )
    assert "quantity" in caught.value.message_dict
    assert not AvoidedService.objects.exists()


def test_a_broken_rate_card_file_is_refused_with_each_problem_named(world, tmp_path):
    card = tmp_path / "card.yaml"
    card.write_text(
        "name: Ours\nprice_year: 2023-24\nsource: us\nitems:\n"
        "  - item: Night shelter\n    agency: Housing\n    unit: per night\n    amount: -5\n"
    )
    with pytest.raises(ValidationError, match=r"items\[0\]\.amount: must be a number 0 or more"):
        services.rate_card_load(programme=world.programme, path=card, actor=Actor(user=world.root))
    assert not RateCard.objects.filter(programme=world.programme).exists()


def test_a_programmes_own_rate_card_file_is_loaded_with_its_agencies(world, tmp_path):
    card = tmp_path / "card.yaml"
    card.write_text(
        "name: Ours\nprice_year: 2023-24\nsource: us\nitems:\n"
        "  - item: Night shelter\n    agency: Housing\n    unit: per night\n    amount: 45.5\n"
    )
    stored = services.rate_card_load(
        programme=world.programme, path=card, actor=Actor(user=world.root)
    )
    item = stored.items.get()
    assert (item.agency, item.amount, item.price_year) == ("housing", Decimal("45.50"), "2023-24")


def test_choosing_a_framework_of_another_programme_is_refused(world):
    from lac.outcomes.models import Framework

    theirs = Framework.objects.create(name="Theirs", slug="theirs", programme=world.other_programme)
    with pytest.raises(ValidationError, match="another programme"):
        services.outcome_settings_set(programme=world.programme, framework=theirs)


def test_a_new_framework_version_is_used_for_new_assessments_and_old_ones_keep_theirs(world):
    from lac.outcomes import selectors
    from lac.outcomes.models import Framework

    framework = Framework.objects.create(name="Ours", slug="ours", programme=world.programme)
    spec = [{"key": "money", "name": "Money", "points": ["a", "b", "c"], "scale_max": 3}]
    first = services.framework_version_create(
        framework=framework, published=D(2024, 1, 1), domains=spec
    )
    services.outcome_settings_set(
        programme=world.programme, framework=framework, price_year="2023-24"
    )
    spec[0]["name"] = "Money matters"
    second = services.framework_version_create(
        framework=framework, published=D(2025, 1, 1), domains=spec
    )
    assert selectors.current_version(world.programme, D(2024, 6, 1)) == first
    assert selectors.current_version(world.programme, D(2025, 6, 1)) == second
    assert selectors.price_year_for(world.programme) == "2023-24"


def test_a_framework_version_must_describe_every_point(world):
    from lac.outcomes.models import Framework

    framework = Framework.objects.create(name="Ours", slug="ours")
    with pytest.raises(ValidationError, match="describe each of its 5 points"):
        services.framework_version_create(
            framework=framework,
            published=D(2024, 1, 1),
            domains=[{"key": "money", "name": "Money", "points": ["a", "b"]}],
        )
    assert not framework.versions.exists()
