"""The demo answers the equality questions (only with consent), knows the deprivation of
its postcodes and its neighbourhoods' population shares, so the reach tables show."""

from datetime import date

from django.core.management import call_command
from django.db.models import Exists, OuterRef, Q

from lac.accounts.models import Programme
from lac.people.equality import EQUALITY_FIELDS
from lac.people.models import Consent, ConsentTopic, Person
from lac.reports.dashboard import Filter
from lac.reports.population import population_shares
from lac.reports.reach import reach


def test_the_demo_fills_equality_answers_deprivation_and_population_shares(db):
    call_command("demo_data", "--scale", "tiny", "--today", "2026-11-25")
    people = Person.objects.all()
    answered = people.exclude(sex="")
    assert 0.4 < answered.count() / people.count() < 0.8
    consented = Exists(Consent.objects.filter(person=OuterRef("pk"), topic=ConsentTopic.EQUALITY))
    any_answer = Q()
    for field in EQUALITY_FIELDS:
        any_answer |= ~Q(**{field: ""})
    assert not people.filter(any_answer).exclude(consented).exists()
    assert people.exclude(deprivation="").count() == people.exclude(postcode="").count()
    main = Programme.objects.get(slug="eastmere")
    shares = population_shares(main, None)
    assert set(shares) == {*EQUALITY_FIELDS, "deprivation"}
    assert abs(sum(shares["ethnic_group"].values()) - 100) < 1
    tables = {t.key: t for t in reach(Filter(main, date(2024, 4, 1), date(2026, 11, 25)))}
    assert len(tables["reach_sex"].rows) >= 2
