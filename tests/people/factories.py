"""factory_boy factories for people and households."""

from __future__ import annotations

import factory

from lac.people.models import Consent, ConsentMethod, ConsentTopic, Household, Person
from lac.people.services import person_set_keys
from tests.factories import NeighbourhoodFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved with its search keys, as the people services save every person."""
        person = model_class(*args, **kwargs)
        person_set_keys(person)
        person.save()
        return person


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    name = factory.Sequence(lambda n: f"Household {n}")
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    topic = ConsentTopic.RECORD_KEEPING
    method = ConsentMethod.VERBAL
    given_on = factory.Faker("date_between", start_date="-2y", end_date="today")
