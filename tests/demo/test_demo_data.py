from collections import Counter
from datetime import date

from django.core.management import call_command

from lac.accounts.models import Membership, Neighbourhood, Network, Programme, Role, User
from lac.demo.plan import network_plan, small_plan


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
    """Tenure and main reasons as the Derby forecast summary gives them (#15 item 5)."""
    from lac.people.models import Person

    people = Person.objects.filter(neighbourhood__programme=main, merged_into__isnull=True)
    n = people.count()
    tenure = Counter(people.values_list("housing_tenure", flat=True))
    reasons = Counter(people.values_list("primary_category", flat=True))
    assert abs(tenure["private_rented"] / n - 0.04) < 0.025  # Derby: 4%
    assert abs(tenure["social_rented"] / n - 0.39) < 0.05  # Derby Homes: 39%
    assert abs(reasons["mental_health"] / n - 0.38) < 0.05  # Derby: 38%
    assert abs(reasons["older_person"] / n - 0.25) < 0.05  # Derby: 25%


def test_demo_data_is_repeatable_with_the_same_seed(db):
    call_command("demo_data", "--today", "2026-11-25")
    first = list(Neighbourhood.objects.order_by("name").values_list("name", "population"))
    from lac.people.models import Household, Person

    # People's records guard their neighbourhoods (PROTECT): remove them first.
    for model in (Person, Household, Programme, Network, User):
        model.objects.all().delete()
    call_command("demo_data", "--today", "2026-11-25")
    again = list(Neighbourhood.objects.order_by("name").values_list("name", "population"))
    assert first == again


def test_if_empty_leaves_an_existing_database_alone(db, capsys):
    call_command("demo_data")
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


def test_demo_councils_are_obviously_synthetic():
    for plan in (small_plan(), network_plan()):
        assert all("demo" in p.council.lower() for p in plan.programmes)
