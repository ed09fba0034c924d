"""Factories for the community directory: taxonomy terms, assets, opening times, events."""

from __future__ import annotations

from datetime import date, time

import factory
from django.utils import timezone

from lac.community.models import (
    Asset,
    AssetEvent,
    AssetKind,
    Connection,
    ConnectionKind,
    EventKind,
    OpeningTime,
    Taxonomy,
    TaxonomyTerm,
)
from lac.community.services import asset_key, term_key
from lac.people.models import Person
from lac.people.services import person_set_keys
from tests.factories import ProgrammeFactory


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy

    programme = factory.SubFactory(ProgrammeFactory)
    name = "Community directory categories"
    description = "Test categories"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm

    taxonomy = factory.SubFactory(TaxonomyFactory)
    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")
    search_key = factory.LazyAttribute(lambda term: term_key(name=term.name, code=term.code))


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    kind = AssetKind.GROUP
    name = factory.Sequence(lambda n: f"Test group {n}")
    description = "Tea, biscuits and a chat"
    address_1 = "1 Church Lane"
    town = "Testtown"
    postcode = "TT1 1AA"
    phone = "01234 567890"
    email = "hello@example.org"
    cost = "Free"
    approved_at = factory.LazyFunction(timezone.now)
    """Approved, as every asset was before approval began; a test of approval says None."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved with its search key, as the community services save every asset."""
        asset = model_class(*args, **kwargs)
        asset.search_key = asset_key(asset)
        asset.save()
        return asset

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if create and extracted:
            self.neighbourhoods.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class OpeningTimeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningTime

    asset = factory.SubFactory(AssetFactory)
    weekday = "TU"
    opens_at = time(10, 0)
    closes_at = time(12, 0)


class AssetEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssetEvent

    asset = factory.SubFactory(AssetFactory)
    kind = EventKind.VOLUNTEERS
    date = date(2026, 3, 3)
    count = 3


def make_person(neighbourhood, name: str = "Test Person") -> Person:
    person = Person(full_name=name, neighbourhood=neighbourhood)
    person_set_keys(person)
    person.save()
    return person


def connect(person: Person, asset: Asset, on: date = date(2026, 3, 3)) -> Connection:
    return Connection.objects.create(person=person, asset=asset, kind=ConnectionKind.ASSET, date=on)
