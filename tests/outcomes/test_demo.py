import random
from datetime import date

from lac.demo.context import DemoContext
from lac.demo.organisation import build_organisation
from lac.demo.outcomes import build_outcomes
from lac.demo.plan import small_plan
from lac.outcomes import selectors
from lac.outcomes.models import Assessment, AvoidedService, DomainScore, OutcomeEvent
from lac.people.models import Person

TODAY = date(2026, 11, 25)


def _demo(seed=7, people=400):
    ctx = DemoContext(plan=small_plan(seed), today=TODAY, rng=random.Random(seed))
    build_organisation(ctx)
    main = ctx.neighbourhoods["eastmere"]
    Person.objects.bulk_create(
        Person(
            full_name=f"Demo Person {i}",
            neighbourhood=main[i % len(main)],
            level=2 if i % 5 < 2 else 1,
        )
        for i in range(people)
    )
    build_outcomes(ctx)
    return ctx


def test_demo_outcomes_score_most_level_2_people_and_many_level_1(db):
    _demo()
    scored = set(Assessment.objects.values_list("person_id", flat=True))
    level2 = set(Person.objects.filter(level=2).values_list("pk", flat=True))
    level1 = set(Person.objects.filter(level=1).values_list("pk", flat=True))
    assert len(scored & level2) / len(level2) > 0.75
    assert 0.3 < len(scored & level1) / len(level1) < 0.6
    assert DomainScore.objects.count() == Assessment.objects.count() * 7
    assert OutcomeEvent.objects.exists()
    assert AvoidedService.objects.exists()


def test_demo_distance_travelled_is_mostly_better_with_some_same_and_worse(db):
    ctx = _demo()
    result = selectors.distance_travelled(selectors.OutcomeFilter(ctx.programmes["eastmere"]))
    overall = result.overall
    assert overall.n > 100
    assert overall.average_change > 0.3
    assert overall.improved > overall.same > 0
    assert overall.worse > 0
    assert overall.test.significant


def test_demo_outcomes_are_repeatable_with_the_same_seed(db):
    _demo(seed=3, people=60)
    first = list(
        Assessment.objects.order_by("person__full_name", "date").values_list(
            "person__full_name", "date"
        )
    )
    totals = list(
        AvoidedService.objects.order_by("person__full_name", "date").values_list(
            "person__full_name", "quantity"
        )
    )
    for model in (AvoidedService, OutcomeEvent, DomainScore, Assessment, Person):
        model.objects.all().delete()
    from lac.accounts.models import Network, Programme, User

    for model in (Programme, Network, User):
        model.objects.all().delete()
    _demo(seed=3, people=60)
    assert first == list(
        Assessment.objects.order_by("person__full_name", "date").values_list(
            "person__full_name", "date"
        )
    )
    assert totals == list(
        AvoidedService.objects.order_by("person__full_name", "date").values_list(
            "person__full_name", "quantity"
        )
    )
