"""Demo programmes, neighbourhoods and a user for every role."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.hashers import make_password

from lac.accounts.models import Membership, Neighbourhood, Network, Programme, Role, User
from lac.demo.context import DemoContext
from lac.demo.plan import DEMO_PASSWORD
from lac.demo.two_factor import register_demo_authenticators

FIRST_NAMES = (
    "Asha",
    "Ben",
    "Chloe",
    "Dev",
    "Ellie",
    "Femi",
    "Grace",
    "Harun",
    "Isla",
    "Jonah",
    "Kasia",
    "Liam",
    "Maya",
    "Nye",
    "Orla",
    "Priya",
    "Quinn",
    "Rhys",
    "Sana",
    "Tom",
)


def build_organisation(ctx: DemoContext) -> None:
    """Create the network, programmes, neighbourhoods and staff with their roles."""
    # Hash once: Argon2 is deliberately slow, and every demo user shares the password.
    password = make_password(DEMO_PASSWORD)
    network = Network.objects.create(name=ctx.plan.network_name, slug="demo-network")
    for number, plan in enumerate(ctx.plan.programmes):
        programme = Programme.objects.create(
            name=plan.name,
            slug=plan.slug,
            council=plan.council,
            network=network,
            start_date=date(ctx.today.year - 4, 4, 1),
        )
        ctx.programmes[plan.slug] = programme
        neighbourhoods = Neighbourhood.objects.bulk_create(
            Neighbourhood(
                programme=programme, name=name, population=ctx.rng.randrange(8_000, 12_001, 50)
            )
            for name in plan.neighbourhoods
        )
        ctx.neighbourhoods[plan.slug] = neighbourhoods
        for index, neighbourhood in enumerate(neighbourhoods):
            username = (
                "coordinator"
                if number == 0 and index == 0
                else (
                    "outsider" if number == 1 and index == 0 else f"{plan.slug}-lac{index + 1:02d}"
                )
            )
            user = _user(username, password, ctx, number * 100 + index)
            membership = Membership.objects.create(
                user=user, role=Role.COORDINATOR, programme=programme
            )
            membership.neighbourhoods.add(neighbourhood)
            ctx.coordinators[neighbourhood.pk] = user
        if number == 0:
            for username, role in (
                ("manager", Role.MANAGER),
                ("lead", Role.LEAD),
                ("evaluator", Role.EVALUATOR),
            ):
                user = _user(username, password, ctx, 50 + len(username))
                Membership.objects.create(user=user, role=role, programme=programme)
            # A partner who introduces people: a GP practice's social prescribing link worker.
            introducer = _user("introducer", password, ctx, 70)
            Membership.objects.create(
                user=introducer,
                role=Role.INTRODUCER,
                programme=programme,
                organisation="Riverside Medical Practice",
            )
    viewer = _user("network", password, ctx, 90)
    Membership.objects.create(user=viewer, role=Role.NETWORK_VIEWER, network=network)
    admin = _user("admin", password, ctx, 91)
    admin.is_staff = True
    admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    Membership.objects.create(user=admin, role=Role.ADMINISTRATOR)
    register_demo_authenticators()


def _user(username: str, password_hash: str, ctx: DemoContext, seed: int) -> User:
    first = FIRST_NAMES[seed % len(FIRST_NAMES)]
    return User.objects.create(
        username=username,
        password=password_hash,
        first_name=first,
        last_name=f"Demo-{username.split('-')[-1].title()}",
        email=f"{username}@example.invalid",
    )


DEMO_USERNAMES = (
    "coordinator",
    "manager",
    "lead",
    "evaluator",
    "introducer",
    "outsider",
    "network",
    "admin",
)


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, where) for the demo users that exist, to print for people trying lac."""
    memberships = (
        Membership.objects.filter(user__username__in=DEMO_USERNAMES)
        .select_related("user", "programme", "network")
        .prefetch_related("neighbourhoods")
    )
    rows = []
    for m in memberships:
        where = m.programme or m.network or "every programme"
        if m.role == Role.COORDINATOR:
            where = ", ".join(n.name for n in m.neighbourhoods.all()) + f" — {where}"
        rows.append((m.user.username, m.get_role_display(), str(where)))
    order = {name: i for i, name in enumerate(DEMO_USERNAMES)}
    return sorted(rows, key=lambda row: order[row[0]])
