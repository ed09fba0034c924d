from collections import Counter
from datetime import date

from django.core.management import call_command

from lac.accounts.models import Membership, Neighbourhood, Network, Programme, Role, User
from lac.casework.models import Introduction
from lac.demo.plan import network_plan, small_plan, tiny_plan
from lac.people.models import Person

TODAY = date(2026, 11, 25)


def test_the_small_demo_is_a_derby_sized_programme_with_every_role(db, capsys):
    call_command("demo_data", "--today", "2026-11-25")
    main = Programme.objects.get(slug="eastmere")
    assert main.neighbourhoods.count() == 10
    coordinators = Membership.objects.filter(programme=main, role=Role.COORDINATOR)
    assert coordinators.count() == 10
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    out = capsys.readouterr().out
    for username in ("coordinator", "manager", "lead", "evaluator", "network", "admin", "outsider"):
        assert f"  {username}" in out
    assert "password: demo-password-not-for-real-use" in out
    _has_derbys_shape(main)
    _is_built_as_the_services_build(main)


def _is_built_as_the_services_build(main):
    """People and introductions go in through the services' constructors (#19 item 10):
    every person has their search keys, every introduction its person's programme."""
    from django.db.models import F

    from lac.casework.models import Introduction
    from lac.people.models import Person
    from lac.people.services import person_fields

    people = Person.objects.filter(neighbourhood__programme=main)
    assert not people.filter(search_key="").exists()
    person = people.exclude(date_of_birth=None).first()
    rebuilt = person_fields(
        age_on=date(2026, 11, 25),
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        postcode=person.postcode,
    )
    assert (person.name_key, person.age_band) == (rebuilt["name_key"], rebuilt["age_band"])
    moved = Introduction.objects.exclude(programme=F("person__neighbourhood__programme"))
    assert not moved.exists()


def _has_derbys_shape(main):
    """The small demo in Derby's published shape (#15 item 5); the seeds are in
    ../shared/seeds/ (derby-lac-ten-year-journey-slides, derby-sroi-forecast-summary)."""
    from datetime import date

    from lac.reports.dashboard import Filter, demographics, introductions_by_month, people_supported

    people = Person.objects.filter(neighbourhood__programme=main, merged_into__isnull=True)
    n = people.count()
    tenure = Counter(people.values_list("housing_tenure", flat=True))
    reasons = Counter(people.values_list("primary_category", flat=True))
    assert abs(tenure["private_rented"] / n - 0.04) < 0.025  # Derby: 4%
    assert abs(tenure["social_rented"] / n - 0.39) < 0.05  # Derby Homes: 39%
    assert abs(reasons["mental_health"] / n - 0.38) < 0.05  # Derby: 38%
    assert abs(reasons["older_person"] / n - 0.25) < 0.05  # Derby: 25%
    levels = Counter(people.values_list("level", flat=True))
    assert abs(levels[2] / n - 1364 / 3271) < 0.04  # the forecast's 1,907 : 1,364

    # Slides: "765 resident supported per year", counted as the dashboard counts them.
    year = Filter(main, date(2025, 4, 1), date(2026, 3, 31))
    supported = sum(sum(values[:-1]) for _, values in people_supported(year).rows)
    assert abs(supported - 765) < 60

    sources = introductions_by_month(year)
    totals = {c.name: sum(v[i] for _, v in sources.rows) for i, c in enumerate(sources.columns)}
    share = {name: count / totals["Total"] for name, count in totals.items()}
    assert abs(share["Council"] - 0.37) < 0.05  # slides: 37%
    assert abs(share["Health"] - 0.30) < 0.05  # slides: 30%
    assert abs(share["Self, family and neighbours"] - 0.19) < 0.05  # slides: 19%

    ages = {name: v[0] for name, v in demographics(Filter(main, date(2023, 11, 26), TODAY))[0].rows}
    everyone = sum(ages.values())
    assert abs(ages["31 to 64"] / everyone - 0.55) < 0.05  # slides: 55% aged 31-64
    older = ages["65 to 79"] + ages["80 and over"]
    assert abs(older / everyone - 0.29) < 0.05  # slides: 29% aged 65+

    intros = Introduction.objects.filter(programme=main)
    isolated = intros.filter(challenges__code="isolation").count()
    assert isolated / intros.count() > 0.75  # slides: more than 75% wanted to overcome isolation


def test_demo_data_is_repeatable_with_the_same_seed(db):
    call_command("demo_data", "--scale", "tiny", "--today", "2026-11-25")
    first = list(Neighbourhood.objects.order_by("name").values_list("name", "population"))
    from lac.people.models import Household

    # People's records guard their neighbourhoods (PROTECT): remove them first.
    for model in (Person, Household, Programme, Network, User):
        model.objects.all().delete()
    call_command("demo_data", "--scale", "tiny", "--today", "2026-11-25")
    again = list(Neighbourhood.objects.order_by("name").values_list("name", "population"))
    assert first == again


def test_if_empty_leaves_an_existing_database_alone(db, capsys):
    call_command("demo_data", "--scale", "tiny")
    count = Programme.objects.count()
    call_command("demo_data", "--if-empty")
    assert Programme.objects.count() == count
    assert "demo data not loaded" in capsys.readouterr().out


def test_the_network_plan_has_eleven_programmes_ninety_neighbourhoods_and_100k_people():
    plan = network_plan()
    assert len(plan.programmes) == 11
    assert sum(len(p.neighbourhoods) for p in plan.programmes) == 90
    assert abs(sum(p.people for p in plan.programmes) - 100_000) < 50
    names = Counter(n for p in plan.programmes for n in p.neighbourhoods)
    assert max(names.values()) == 1


def test_the_tiny_demo_is_the_small_one_with_a_tenth_of_its_people():
    small, tiny = small_plan(), tiny_plan()
    assert [p.neighbourhoods for p in tiny.programmes] == [
        p.neighbourhoods for p in small.programmes
    ]
    for little, full in zip(tiny.programmes, small.programmes, strict=True):
        assert abs(little.people * 10 - full.people) <= 5


def test_demo_councils_are_obviously_synthetic():
    for plan in (small_plan(), network_plan()):
        assert all("demo" in p.council.lower() for p in plan.programmes)
