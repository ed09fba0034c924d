"""Demo community directory: assets per neighbourhood, what coordinators helped happen,
and people's connections and contributions.

Every neighbourhood draws its assets from one catalogue, so some categories are
missing in some places: the gap view has something to show. Phone numbers are
from Ofcom's range kept for drama (01632 960xxx), so none is real.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from lac.accounts.models import Neighbourhood, Programme
from lac.community.models import (
    Asset,
    AssetEvent,
    AssetKind,
    AssetStatus,
    Connection,
    ConnectionKind,
    Contribution,
    ContributionKind,
    CoordinatorPart,
    EventKind,
    Frequency,
    OpeningTime,
    Relationship,
    TaxonomyTerm,
)
from lac.community.services import asset_key, taxonomy_ensure
from lac.demo.context import DemoContext

BATCH = 2000
G, P, O, S, I = (  # noqa: E741 - short names keep the catalogue readable
    AssetKind.GROUP,
    AssetKind.PLACE,
    AssetKind.ORGANISATION,
    AssetKind.SERVICE,
    AssetKind.INDIVIDUAL,
)


@dataclass(frozen=True)
class Template:
    kind: str
    name: str
    """``{ward}`` becomes the neighbourhood's name."""
    tags: tuple[str, ...]
    day: str | None = None
    hours: tuple[int, int, int, int] = (10, 0, 12, 0)
    monthly: int | None = None
    cost: str = "Free"
    who_for: str = ""


CATALOGUE: tuple[Template, ...] = (
    Template(
        G,
        "{ward} Lunch Club",
        ("social", "food"),
        "WE",
        (12, 0, 14, 0),
        cost="£4 a meal",
        who_for="Older people; carers welcome",
    ),
    Template(G, "Knit and Natter", ("arts", "social"), "TU", (13, 30, 15, 30)),
    Template(G, "{ward} Walking Group", ("active", "nature"), "TH", (10, 0, 11, 30)),
    Template(G, "Chair-Based Exercise", ("active", "health"), "MO", (11, 0, 12, 0), cost="£2"),
    Template(G, "{ward} Community Choir", ("arts", "social"), "TH", (19, 0, 20, 30)),
    Template(G, "Men's Shed", ("social", "learning"), "FR", (10, 0, 15, 0)),
    Template(
        G,
        "Memory Café",
        ("health", "carers", "social"),
        "TU",
        (14, 0, 16, 0),
        monthly=1,
        who_for="People living with dementia and those who care for them",
    ),
    Template(
        G,
        "Carers' Coffee Morning",
        ("carers", "social"),
        "FR",
        (10, 0, 11, 30),
        monthly=2,
        who_for="Unpaid carers of any age",
    ),
    Template(
        G,
        "Stay and Play",
        ("families",),
        "WE",
        (9, 30, 11, 0),
        cost="£1 a family",
        who_for="Parents and carers with children under five",
    ),
    Template(
        G,
        "{ward} Youth Club",
        ("families", "active"),
        "TH",
        (18, 0, 20, 0),
        who_for="Young people aged 11 to 18",
    ),
    Template(G, "Community Garden Volunteers", ("nature", "volunteering"), "SA", (10, 0, 13, 0)),
    Template(G, "Litter Pick Crew", ("nature", "volunteering"), "SU", (10, 0, 12, 0), monthly=-1),
    Template(
        G,
        "Digital Drop-in",
        ("learning",),
        "MO",
        (14, 0, 16, 0),
        who_for="Anyone who wants help with a phone, tablet or computer",
    ),
    Template(G, "English Conversation Club", ("learning", "social"), "WE", (18, 0, 19, 30)),
    Template(
        G,
        "Peer Support Circle",
        ("health",),
        "MO",
        (18, 30, 20, 0),
        who_for="Adults living with low mood or anxiety",
    ),
    Template(
        G, "Dance for Wellbeing", ("active", "health", "arts"), "FR", (14, 0, 15, 0), cost="£3"
    ),
    Template(G, "Repair Café", ("volunteering", "learning"), "SA", (10, 0, 13, 0), monthly=1),
    Template(G, "Board Games Evening", ("social",), "TU", (19, 0, 21, 0)),
    Template(
        G, "Disabled People's Forum", ("disability", "social"), "TH", (13, 0, 15, 0), monthly=3
    ),
    Template(P, "{ward} Community Centre", ("places",), "MO", (9, 0, 17, 0)),
    Template(P, "{ward} Library", ("learning", "places"), "TU", (9, 30, 17, 0)),
    Template(P, "St Demo's Church Hall", ("places", "social"), "WE", (9, 0, 16, 0)),
    Template(P, "{ward} Allotments", ("nature",)),
    Template(P, "Community Fridge", ("food",), "SA", (11, 0, 13, 0)),
    Template(
        P, "Pay-as-you-feel Café", ("food", "social"), "TH", (10, 0, 14, 0), cost="Pay what you can"
    ),
    Template(O, "{ward} Residents' Association", ("social", "housing")),
    Template(O, "{ward} Tenants' Voice", ("housing",)),
    Template(
        O,
        "{ward} Food Bank",
        ("food", "money"),
        "FR",
        (12, 0, 15, 0),
        who_for="Anyone in need; a voucher helps but is not required",
    ),
    Template(
        S,
        "Money Advice Surgery",
        ("money",),
        "TU",
        (10, 0, 13, 0),
        who_for="Anyone worried about money, debt or bills",
    ),
    Template(
        S,
        "Home Repairs Handyperson",
        ("housing", "disability"),
        who_for="Older and disabled residents",
    ),
)

AREA_WIDE: tuple[Template, ...] = (
    Template(O, "Demo Council for Voluntary Service", ("volunteering",)),
    Template(S, "Demo Citizens Advice Line", ("money", "housing"), cost="Free"),
    Template(S, "Carers' Hub (demo)", ("carers",), who_for="Unpaid carers across the area"),
    Template(
        S,
        "Phone Befriending (demo)",
        ("social", "health"),
        who_for="Anyone who would like a regular chat",
    ),
    Template(O, "Demo Mind", ("health",)),
)

GIFTS = (
    "mends bicycles",
    "teaches guitar",
    "bakes for events",
    "helps with forms",
    "knows every local walk",
    "speaks Polish and English",
    "fixes sewing machines",
    "grows vegetables to share",
)
GIFT_NAMES = ("Pat", "Sam", "Jo", "Alex", "Chris", "Robin", "Ash", "Kit")
STREETS = ("Mill Lane", "Church Street", "Park Road", "High Street", "Station Road", "Chapel Row")
RELATIONS = (
    (Relationship.NEIGHBOUR, "a neighbour on the same street"),
    (Relationship.FRIEND, "an old friend from work"),
    (Relationship.FAMILY, "a cousin nearby"),
    (Relationship.FRIEND, "someone met at the lunch club"),
)
SERVICES = (
    "GP social prescriber",
    "Adult social care",
    "Housing options team",
    "Talking therapies",
)


def build_community(ctx: DemoContext) -> None:
    """Directory, events, connections and contributions for every demo programme."""
    network = ctx.plan.scale == "network"
    for slug, programme in ctx.programmes.items():
        terms = {
            t.code: t
            for t in TaxonomyTerm.objects.filter(taxonomy=taxonomy_ensure(programme=programme))
        }
        neighbourhoods = ctx.neighbourhoods[slug]
        local = _assets(ctx, programme, neighbourhoods, terms, per=(8, 12) if network else (15, 25))
        _events(ctx, local)
        _connections(ctx, programme, local)


def _assets(
    ctx: DemoContext,
    programme: Programme,
    neighbourhoods: list[Neighbourhood],
    terms: dict[str, TaxonomyTerm],
    per: tuple[int, int],
) -> dict[int, list[Asset]]:
    rng = ctx.rng
    planned: list[tuple[Asset, Template, Neighbourhood | None]] = []
    for template in AREA_WIDE:
        planned.append((_asset(ctx, programme, template, None, 0), template, None))
    for index, neighbourhood in enumerate(neighbourhoods):
        count = rng.randint(*per)
        chosen = rng.sample(CATALOGUE, min(count, len(CATALOGUE)))
        for template in chosen:
            planned.append(
                (_asset(ctx, programme, template, neighbourhood, index), template, neighbourhood)
            )
        for _ in range(rng.choice((1, 2))):
            gift = Template(
                I,
                f"{rng.choice(GIFT_NAMES)} Demo-Neighbour, who {rng.choice(GIFTS)}",
                ("volunteering",),
            )
            planned.append(
                (_asset(ctx, programme, gift, neighbourhood, index), gift, neighbourhood)
            )
    assets = Asset.objects.bulk_create([a for a, _, _ in planned], batch_size=BATCH)
    hood_links, tag_links, openings = [], [], []
    by_neighbourhood: dict[int, list[Asset]] = defaultdict(list)
    for asset, (_, template, serves) in zip(assets, planned, strict=True):
        if serves is not None:
            hood_links.append(
                Asset.neighbourhoods.through(asset_id=asset.pk, neighbourhood_id=serves.pk)
            )
            by_neighbourhood[serves.pk].append(asset)
        else:
            by_neighbourhood[0].append(asset)
        tag_links += [
            Asset.tags.through(asset_id=asset.pk, taxonomyterm_id=terms[code].pk)
            for code in template.tags
            if code in terms
        ]
        if template.day:
            openings.append(_opening(asset, template, template.day))
    Asset.neighbourhoods.through.objects.bulk_create(hood_links, batch_size=BATCH)
    Asset.tags.through.objects.bulk_create(tag_links, batch_size=BATCH)
    OpeningTime.objects.bulk_create(openings, batch_size=BATCH)
    return by_neighbourhood


def _asset(
    ctx: DemoContext,
    programme: Programme,
    template: Template,
    neighbourhood: Neighbourhood | None,
    index: int,
) -> Asset:
    rng = ctx.rng
    ward = neighbourhood.name if neighbourhood else programme.name.split()[0]
    name = template.name.format(ward=ward)
    if neighbourhood is not None and "{ward}" not in template.name and template.kind != I:
        name = f"{name} ({ward})"
    status = rng.choices((AssetStatus.ACTIVE, AssetStatus.PAUSED, AssetStatus.CLOSED), (92, 5, 3))[
        0
    ]
    coordinator = ctx.coordinators.get(neighbourhood.pk) if neighbourhood else None
    has_address = template.kind in (G, P, O) or rng.random() < 0.3
    area = ward[:2].upper() if ward else "DM"
    asset = Asset(
        programme=programme,
        kind=template.kind,
        name=name[:200],
        description=_description(template, ward),
        address_1=f"{rng.randint(1, 180)} {rng.choice(STREETS)}" if has_address else "",
        town=programme.name.split()[0] if has_address else "",
        postcode=_postcode(rng, area, index) if has_address else "",
        contact_name="" if template.kind == I else f"{rng.choice(GIFT_NAMES)} (organiser)",
        phone=f"01632 960{rng.randint(0, 999):03d}",
        email="" if template.kind == I else f"hello@{_slug(name)[:40]}.example.org",
        who_for=template.who_for,
        cost=template.cost if template.kind != I else "",
        accessibility=rng.choice(
            (
                "Step-free access and an accessible toilet",
                "Hearing loop; step-free",
                "Upstairs, no lift",
                "",
            )
        ),
        status=status,
        public=template.kind != I and rng.random() > 0.05,
        last_checked=ctx.today - timedelta(days=rng.randrange(5, 400)),
        looked_after_by=coordinator,
        approved_at=timezone.now(),  # the demo directory is as its managers left it
    )
    asset.search_key = asset_key(asset)
    return asset


def _postcode(rng: random.Random, area: str, index: int) -> str:
    return (
        f"{area}{index % 9 + 1} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"
    )


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-").replace("--", "-")


def _description(template: Template, ward: str) -> str:
    if template.kind == I:
        return "Happy to share what they know with neighbours, through the coordinator."
    name = template.name.format(ward=ward)
    return f"{name}: a friendly, local {template.kind} in {ward}. Everyone welcome."


def _opening(asset: Asset, template: Template, day: str) -> OpeningTime:
    h1, m1, h2, m2 = template.hours
    monthly = template.monthly is not None
    return OpeningTime(
        asset=asset,
        freq=Frequency.MONTHLY if monthly else Frequency.WEEKLY,
        weekday=day,
        week_of_month=template.monthly,
        opens_at=time(h1, m1),
        closes_at=time(h2, m2),
        description="Term time only" if "Stay and Play" in template.name else "",
    )


def _events(ctx: DemoContext, by_neighbourhood: dict[int, list[Asset]]) -> None:
    """New groups (with the coordinator's part), volunteers, funding, meetings."""
    rng, today = ctx.rng, ctx.today
    events: list[AssetEvent] = []
    for neighbourhood_id, assets in by_neighbourhood.items():
        coordinator = ctx.coordinators.get(neighbourhood_id)
        for asset in assets:
            if asset.kind == I:
                continue
            if asset.kind == G and coordinator and rng.random() < 0.3:
                started = today - timedelta(days=rng.randrange(20, 730))
                part = rng.choices(
                    [c for c, _ in CoordinatorPart.choices if c != "none"], (40, 45, 15)
                )[0]
                events.append(
                    AssetEvent(
                        asset=asset,
                        kind=EventKind.ESTABLISHED,
                        date=started,
                        coordinator_part=part,
                        coordinator=coordinator,
                        recorded_by=coordinator,
                        note="Local people wanted somewhere to meet; the coordinator helped.",
                    )
                )
                if (today - started).days > 180 and rng.random() < 0.6:
                    events.append(
                        AssetEvent(
                            asset=asset,
                            kind=rng.choice((EventKind.SUSTAINED, EventKind.GROWN)),
                            date=started + timedelta(days=180),
                            recorded_by=coordinator,
                            coordinator=coordinator,
                        )
                    )
            if rng.random() < 0.25:
                for _ in range(rng.randint(1, 3)):
                    events.append(
                        AssetEvent(
                            asset=asset,
                            kind=EventKind.VOLUNTEERS,
                            count=rng.randint(1, 5),
                            date=today - timedelta(days=rng.randrange(1, 700)),
                            recorded_by=coordinator,
                            coordinator=coordinator,
                        )
                    )
            if rng.random() < 0.12:
                events.append(
                    AssetEvent(
                        asset=asset,
                        kind=EventKind.FUNDING,
                        amount=Decimal(rng.randrange(250, 5001, 50)),
                        funder=rng.choice(
                            (
                                "Community Lottery Fund (demo)",
                                "Ward councillors' fund",
                                "Local housing association",
                            )
                        ),
                        date=today - timedelta(days=rng.randrange(1, 700)),
                        recorded_by=coordinator,
                        coordinator=coordinator,
                    )
                )
            if asset.kind == G and rng.random() < 0.25:
                events.append(
                    AssetEvent(
                        asset=asset,
                        kind=EventKind.MEETING,
                        count=rng.randint(4, 12),
                        date=today - timedelta(days=rng.randrange(1, 365)),
                        recorded_by=coordinator,
                        note="Meetings held this quarter",
                    )
                )
    AssetEvent.objects.bulk_create(events, batch_size=BATCH)


def _connections(
    ctx: DemoContext, programme: Programme, by_neighbourhood: dict[int, list[Asset]]
) -> None:
    """Connections for about six in ten people, contributions for about one in twelve."""
    from django.db.models import Min

    from lac.casework.models import Introduction
    from lac.people.models import Person

    rng, today = ctx.rng, ctx.today
    starts = dict(
        Introduction.objects.filter(person__neighbourhood__programme=programme)
        .values("person")
        .annotate(first=Min("date"))
        .values_list("person", "first")
    )
    area_wide = [a for a in by_neighbourhood.get(0, []) if a.status == AssetStatus.ACTIVE]
    usable = {
        n: [a for a in assets if a.status != AssetStatus.CLOSED and a.kind != I]
        for n, assets in by_neighbourhood.items()
    }
    groups_started = {
        n: [a for a in assets if a.kind == G] for n, assets in by_neighbourhood.items()
    }
    people = (
        Person.objects.filter(neighbourhood__programme=programme, merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", "neighbourhood_id")
    )
    connections: list[Connection] = []
    contributions: list[Contribution] = []
    for pk, neighbourhood_id in people.iterator(chunk_size=BATCH):
        coordinator = ctx.coordinators.get(neighbourhood_id)
        local = usable.get(neighbourhood_id, [])
        since = starts.get(pk) or today - timedelta(days=rng.randrange(30, 700))
        span = max((today - since).days, 1)
        # Popular places get more people: weight the first few assets more.
        weights = [max(1, 8 - i) for i in range(len(local))]
        if rng.random() < 0.6:
            for _ in range(rng.choices((1, 2, 3), (50, 35, 15))[0]):
                when = since + timedelta(days=rng.randrange(0, span))
                roll = rng.random()
                if roll < 0.72 and local:
                    asset = rng.choices(local, weights)[0]
                    connections.append(
                        Connection(
                            person_id=pk,
                            kind=ConnectionKind.ASSET,
                            asset=asset,
                            date=when,
                            made_by=coordinator,
                        )
                    )
                elif roll < 0.87:
                    relationship, described = rng.choice(RELATIONS)
                    connections.append(
                        Connection(
                            person_id=pk,
                            kind=ConnectionKind.PERSON,
                            relationship=relationship,
                            described=described,
                            date=when,
                            made_by=coordinator,
                        )
                    )
                elif area_wide and roll < 0.94:
                    connections.append(
                        Connection(
                            person_id=pk,
                            kind=ConnectionKind.SERVICE,
                            asset=rng.choice(area_wide),
                            date=when,
                            made_by=coordinator,
                        )
                    )
                else:
                    connections.append(
                        Connection(
                            person_id=pk,
                            kind=ConnectionKind.SERVICE,
                            service_name=rng.choice(SERVICES),
                            date=when,
                            made_by=coordinator,
                        )
                    )
        if rng.random() < 0.08 and local:
            kind = rng.choices(
                (
                    ContributionKind.VOLUNTEERING,
                    ContributionKind.BEFRIENDING,
                    ContributionKind.STARTED_GROUP,
                    ContributionKind.OTHER,
                ),
                (60, 20, 8, 12),
            )[0]
            gives_to: Asset | None = None
            if kind == ContributionKind.STARTED_GROUP:
                gives_to = rng.choice(groups_started.get(neighbourhood_id) or local)
            elif kind == ContributionKind.VOLUNTEERING:
                gives_to = rng.choice(local)
            contributions.append(
                Contribution(
                    person_id=pk,
                    kind=kind,
                    asset=gives_to,
                    hours=Decimal(rng.randrange(4, 120))
                    if kind == ContributionKind.VOLUNTEERING
                    else None,
                    started=since + timedelta(days=rng.randrange(0, span)),
                    description="Helps run the tea rota" if kind == ContributionKind.OTHER else "",
                    recorded_by=coordinator,
                )
            )
        if len(connections) >= BATCH:
            Connection.objects.bulk_create(connections, batch_size=BATCH)
            connections = []
    Connection.objects.bulk_create(connections, batch_size=BATCH)
    Contribution.objects.bulk_create(contributions, batch_size=BATCH)
