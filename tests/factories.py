"""factory_boy factories for the organisation: programmes, neighbourhoods, staff."""

from __future__ import annotations

from datetime import date

import factory

from lac.accounts.models import Membership, Neighbourhood, Network, Programme, Role, User


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    council = factory.Sequence(lambda n: f"Council {n}")
    start_date = date(2020, 4, 1)


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")
    population = 10_000


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.django.Password("correct horse battery")


def grant(
    user: User,
    role: str,
    *,
    programme: Programme | None = None,
    network: Network | None = None,
    neighbourhoods: tuple[Neighbourhood, ...] = (),
) -> Membership:
    membership = Membership.objects.create(
        user=user, role=role, programme=programme, network=network
    )
    membership.neighbourhoods.set(neighbourhoods)
    return membership


__all__ = [
    "NetworkFactory",
    "ProgrammeFactory",
    "NeighbourhoodFactory",
    "UserFactory",
    "grant",
    "Role",
]
