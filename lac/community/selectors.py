"""Reads for the community directory, always narrowed to what the user may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerChoices,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    TimeField,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django_stubs_ext import StrOrPromise

from lac.accounts.models import Neighbourhood, Programme
from lac.accounts.permissions import Capability, Scope
from lac.community.models import (
    WEEKDAY_CODES,
    Asset,
    AssetEvent,
    AssetKind,
    AssetStatus,
    Connection,
    Contribution,
    EventKind,
    OpeningTime,
    TaxonomyTerm,
    Weekday,
)
from lac.community.schedule import occurs_on
from lac.lib.disclosure import Cell, suppress_value
from lac.people.matching import compact, fold, search_words
from lac.people.models import Person


def directory_programmes(scope: Scope) -> QuerySet[Programme]:
    return scope.programmes(Capability.VIEW_DIRECTORY).order_by("name")


def assets_for(scope: Scope, capability: Capability = Capability.VIEW_DIRECTORY) -> QuerySet[Asset]:
    """Assets of the programmes where the user holds the capability.

    People with a gift are personal data: only staff who may see people's
    records in that programme see them.
    """
    assets = scope.filter(
        Asset.objects.all(), capability, neighbourhood_field=None, programme_field="programme"
    )
    personal = sorted(scope.programme_ids(Capability.VIEW_PERSONAL))
    return assets.exclude(Q(kind=AssetKind.INDIVIDUAL) & ~Q(programme__in=personal))


def with_listing_joins(assets: QuerySet[Asset]) -> QuerySet[Asset]:
    return assets.select_related("programme").prefetch_related(
        "tags", "neighbourhoods", "opening_times"
    )


@dataclass
class DirectoryQuery:
    text: str = ""
    neighbourhood: Neighbourhood | None = None
    term: TaxonomyTerm | None = None
    day: date | None = None
    kind: str = ""
    include_closed: bool = False
    near: frozenset[int] = frozenset()
    """The searcher's own neighbourhoods: what is open on a day there comes first."""


class Nearness(IntegerChoices):
    """How close an asset is to the searcher's neighbourhoods, for ordering and headings."""

    MINE = 0, gettext_lazy("In your neighbourhoods")
    AREA_WIDE = 1, gettext_lazy("Across the whole area")
    ELSEWHERE = 2, gettext_lazy("In other neighbourhoods")


def near_neighbourhoods(scope: Scope, programme: Programme) -> frozenset[int]:
    """The neighbourhoods a coordinator works in; none for someone who covers them all."""
    everywhere = frozenset(programme.neighbourhoods.values_list("pk", flat=True))
    mine = scope.neighbourhood_ids(Capability.VIEW_PERSONAL) & everywhere
    return frozenset() if mine == everywhere else mine


def directory_search(assets: QuerySet[Asset], query: DirectoryQuery) -> QuerySet[Asset]:
    """Filter by words, neighbourhood (its own and area-wide assets), category and day.

    By name; on a chosen day, only what meets then (paused groups left out),
    the searcher's neighbourhoods first, then by the time it opens.
    """
    if not query.include_closed:
        assets = assets.exclude(status=AssetStatus.CLOSED)
    if query.kind:
        assets = assets.filter(kind=query.kind)
    for word in search_words(query.text):
        assets = assets.filter(Q(search_key__contains=word) | Q(tags__name__icontains=word))
    if query.neighbourhood is not None:
        assets = assets.filter(
            Q(neighbourhoods=query.neighbourhood) | Q(neighbourhoods__isnull=True)
        )
    if query.term is not None:
        assets = assets.filter(Q(tags=query.term) | Q(tags__parent=query.term))
    if query.day is None:
        return with_listing_joins(assets.distinct()).order_by("name", "pk")
    assets = assets.exclude(status=AssetStatus.PAUSED)
    first = first_sessions_on(assets, query.day)
    on_day = Asset.objects.filter(pk__in=sorted(first)).annotate(
        nearness=_nearness(query.near),
        day_opens=_by_asset({pk: o.opens_at for pk, o in first.items()}),
        day_closes=_by_asset({pk: o.closes_at for pk, o in first.items()}),
    )
    return with_listing_joins(on_day.order_by("nearness", "day_opens", "name", "pk"))


def first_sessions_on(assets: QuerySet[Asset], day: date) -> dict[int, OpeningTime]:
    """Each asset's earliest session on that date (monthly and fortnightly included)."""
    candidates = OpeningTime.objects.filter(
        asset__in=assets.values("pk"), weekday=WEEKDAY_CODES[day.weekday()]
    ).order_by("opens_at", "pk")
    first: dict[int, OpeningTime] = {}
    for opening in candidates:
        if opening.asset_id not in first and occurs_on(opening, day):
            first[opening.asset_id] = opening
    return first


def _by_asset(values: dict[int, time]) -> Case:
    """A per-asset value computed in Python, as SQL (one branch per distinct value)."""
    groups: dict[time, list[int]] = defaultdict(list)
    for pk, value in values.items():
        groups[value].append(pk)
    return Case(
        *(When(pk__in=sorted(pks), then=Value(value)) for value, pks in sorted(groups.items())),
        default=Value(None),
        output_field=TimeField(),
    )


def _nearness(near: frozenset[int]) -> Case | Value:
    """Nearness of each asset; all alike for someone with no neighbourhoods of their own."""
    if not near:
        return Value(Nearness.MINE, output_field=IntegerField())
    links = Asset.neighbourhoods.through.objects.filter(asset_id=OuterRef("pk"))
    return Case(
        When(
            Exists(links.filter(neighbourhood_id__in=sorted(near))),
            then=Value(Nearness.MINE),
        ),
        When(~Exists(links), then=Value(Nearness.AREA_WIDE)),
        default=Value(Nearness.ELSEWHERE),
        output_field=IntegerField(),
    )


def asset_detail(assets: QuerySet[Asset], pk: int) -> QuerySet[Asset]:
    return (
        assets.filter(pk=pk)
        .select_related("programme", "run_by", "looked_after_by")
        .prefetch_related(
            "tags",
            "neighbourhoods",
            "opening_times",
            Prefetch(
                "events",
                queryset=AssetEvent.objects.select_related("coordinator", "recorded_by"),
            ),
        )
    )


@dataclass(frozen=True)
class AssetChoice:
    """One entry of the connection and contribution asset picker."""

    pk: int
    name: str
    place: str
    """Its neighbourhood (the heading it is listed under), or the whole area."""
    detail: str
    """What tells it from others of the same name: its type, address or postcode."""
    key: str
    """The folded words of what the picker shows, which a search must find."""

    @property
    def label(self) -> str:
        return f"{self.name} – {self.detail}"


WHOLE_AREA = gettext_lazy("Whole area")


def picker_assets(programme_id: int) -> QuerySet[Asset]:
    """What a connection or contribution may name: the programme's assets, not closed ones."""
    return (
        Asset.objects.filter(programme_id=programme_id)
        .exclude(status=AssetStatus.CLOSED)
        .prefetch_related("neighbourhoods")
        .order_by("name", "pk")
    )


def asset_choices(
    assets: Iterable[Asset], home: Neighbourhood | None
) -> list[tuple[str, list[AssetChoice]]]:
    """The picker's entries under their neighbourhoods: the person's own first, the
    others A to Z, then the whole area. An asset in several neighbourhoods is listed
    once, under the person's if it is one of them, and names the others."""
    groups: dict[str, list[AssetChoice]] = defaultdict(list)
    for asset in assets:
        choice = _choice(asset, home)
        groups[choice.place].append(choice)
    home_name = home.name if home is not None else None

    def order(place: str) -> tuple[int, str]:
        return (0 if place == home_name else 2 if place == str(WHOLE_AREA) else 1, place)

    return [(place, groups[place]) for place in sorted(groups, key=order)]


def asset_choices_matching(
    grouped: list[tuple[str, list[AssetChoice]]], text: str, limit: int = 30
) -> list[AssetChoice]:
    """The entries whose shown words hold every folded word typed ("cafe" finds "Café")."""
    words = search_words(text)
    found = [
        choice
        for _, choices in grouped
        for choice in choices
        if all(word in choice.key for word in words)
    ]
    return found[:limit]


def _choice(asset: Asset, home: Neighbourhood | None) -> AssetChoice:
    areas = sorted(asset.neighbourhoods.all(), key=lambda n: n.name)
    if home is not None and any(n.pk == home.pk for n in areas):
        place = home.name
    else:
        place = areas[0].name if areas else str(WHOLE_AREA)
    others = [n.name for n in areas if n.name != place]
    parts = [
        asset.get_kind_display(),
        *(["also " + ", ".join(others)] if others else []),
        ", ".join(part for part in (asset.address_1, asset.postcode) if part),
        *([asset.get_status_display()] if asset.status != AssetStatus.ACTIVE else []),
    ]
    detail = " · ".join(part for part in parts if part)
    key = " ".join(
        (fold(asset.name), compact(asset.name), fold(place), fold(detail), compact(asset.postcode))
    )
    return AssetChoice(asset.pk, asset.name, place, detail, key)


def terms_for(programme: Programme) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy__programme=programme).select_related("parent")


def top_level_terms(programme: Programme) -> list[TaxonomyTerm]:
    return list(terms_for(programme).filter(parent__isnull=True))


@dataclass
class GapCell:
    term: TaxonomyTerm
    local: int
    area_wide: int

    @property
    def is_gap(self) -> bool:
        return self.local == 0


@dataclass
class GapRow:
    neighbourhood: Neighbourhood
    cells: list[GapCell] = field(default_factory=list)

    @property
    def gaps(self) -> list[TaxonomyTerm]:
        return [cell.term for cell in self.cells if cell.is_gap]


def gap_view(programme: Programme) -> list[GapRow]:
    """For each neighbourhood and top-level category, how many active assets it has.

    A sub-category counts towards its parent. Area-wide assets (no neighbourhood)
    are shown beside the local count but do not fill a gap on their own.
    """
    terms = top_level_terms(programme)
    parent_of = {t.pk: (t.parent_id or t.pk) for t in terms_for(programme).only("pk", "parent_id")}
    active = Asset.objects.filter(programme=programme, status=AssetStatus.ACTIVE)
    local: dict[tuple[int, int], int] = defaultdict(int)
    for row in (
        active.filter(neighbourhoods__isnull=False, tags__isnull=False)
        .values("neighbourhoods", "tags")
        .annotate(n=Count("pk", distinct=True))
    ):
        local[(row["neighbourhoods"], parent_of.get(row["tags"], row["tags"]))] += row["n"]
    area_wide: dict[int, int] = defaultdict(int)
    for area_row in (
        active.filter(neighbourhoods__isnull=True, tags__isnull=False)
        .values("tags")
        .annotate(n=Count("pk", distinct=True))
    ):
        area_wide[parent_of.get(area_row["tags"], area_row["tags"])] += area_row["n"]
    rows = []
    for neighbourhood in programme.neighbourhoods.order_by("name"):
        cells = [
            GapCell(term, local[(neighbourhood.pk, term.pk)], area_wide[term.pk]) for term in terms
        ]
        rows.append(GapRow(neighbourhood, cells))
    return rows


@dataclass
class CommunityFigures:
    new_groups: int
    groups_sustained: int
    volunteers_recruited: int
    meetings_held: int
    funding_found: Any
    since: date


def community_figures(programme: Programme, since: date) -> CommunityFigures:
    """Headline counts of what coordinators helped happen since a date, in one query."""
    events = AssetEvent.objects.filter(asset__programme=programme, date__gte=since)
    totals = events.aggregate(
        new_groups=Count("pk", filter=Q(kind=EventKind.ESTABLISHED)),
        sustained=Count("pk", filter=Q(kind__in=[EventKind.SUSTAINED, EventKind.GROWN])),
        volunteers=Sum("count", filter=Q(kind=EventKind.VOLUNTEERS)),
        meetings=Sum("count", filter=Q(kind=EventKind.MEETING)),
        funding=Sum("amount", filter=Q(kind=EventKind.FUNDING)),
    )
    return CommunityFigures(
        new_groups=totals["new_groups"] or 0,
        groups_sustained=totals["sustained"] or 0,
        volunteers_recruited=totals["volunteers"] or 0,
        meetings_held=totals["meetings"] or 0,
        funding_found=totals["funding"] or 0,
        since=since,
    )


def shown_to_public(assets: QuerySet[Asset]) -> QuerySet[Asset]:
    """What the public may see, in the Open Referral feed and on printed sheets.

    Public, active and approved by someone who may approve (a new asset from a
    coordinator waits for a manager or lead), and never a person with a gift.
    """
    return assets.filter(public=True, status=AssetStatus.ACTIVE, approved_at__isnull=False).exclude(
        kind=AssetKind.INDIVIDUAL
    )


def awaiting_approval(programme: Programme) -> QuerySet[Asset]:
    """New assets meant for the public that nobody who may approve has looked at, oldest first."""
    return (
        Asset.objects.filter(programme=programme, public=True, approved_at__isnull=True)
        .exclude(kind=AssetKind.INDIVIDUAL)
        .exclude(status=AssetStatus.CLOSED)
        .select_related("looked_after_by")
        .prefetch_related("neighbourhoods")
        .order_by("created", "pk")
    )


def printable_assets(neighbourhood: Neighbourhood) -> QuerySet[Asset]:
    """What may go on a printed sheet: what the public may see, in that neighbourhood."""
    return (
        shown_to_public(Asset.objects.filter(programme_id=neighbourhood.programme_id))
        .filter(Q(neighbourhoods=neighbourhood) | Q(neighbourhoods__isnull=True))
        .distinct()
        .prefetch_related("tags", "opening_times")
        .order_by("name")
    )


@dataclass
class Session:
    asset: Asset
    opening: OpeningTime


@dataclass
class WhatsOn:
    neighbourhood: Neighbourhood
    days: list[tuple[StrOrPromise, list[Session]]]
    """(weekday name, sessions in time order) for each day of the week that has any."""
    other: list[tuple[str, list[Asset]]]
    """(category, assets) for places without set times."""
    printed_on: date


def whats_on(neighbourhood: Neighbourhood, today: date) -> WhatsOn:
    """The printable week: sessions by day, then other places by category."""
    assets = list(printable_assets(neighbourhood))
    by_day: dict[str, list[Session]] = {code: [] for code in WEEKDAY_CODES}
    other: dict[str, list[Asset]] = defaultdict(list)
    for asset in assets:
        current = [
            o
            for o in asset.opening_times.all()
            if (o.valid_to is None or o.valid_to >= today)
            and (o.valid_from is None or o.valid_from <= today + timedelta(days=90))
        ]
        for opening in current:
            by_day[opening.weekday].append(Session(asset, opening))
        if not current:
            tags = list(asset.tags.all())
            other[tags[0].name if tags else gettext("Other")].append(asset)
    names: dict[str, StrOrPromise] = dict(Weekday.choices)
    days = [
        (names[code], sorted(sessions, key=lambda s: (s.opening.opens_at, s.asset.name)))
        for code, sessions in by_day.items()
        if sessions
    ]
    return WhatsOn(neighbourhood, days, sorted(other.items()), today)


@dataclass
class Welcomed:
    people: Cell
    this_year: Cell
    contributors: Cell


def people_welcomed(asset: Asset, today: date | None = None, *, suppress: bool = False) -> Welcomed:
    """How many different people coordinators connected to this asset (no names).

    With ``suppress`` (for roles that see aggregates only) counts under the
    threshold read "<5".
    """
    today = today or timezone.localdate()
    connections = Connection.objects.filter(asset=asset)
    totals = connections.aggregate(
        people=Count("person", distinct=True),
        this_year=Count("person", distinct=True, filter=Q(date__gte=today - timedelta(days=365))),
    )
    contributors = Contribution.objects.filter(asset=asset).values("person").distinct().count()
    counts = (totals["people"], totals["this_year"], contributors)
    if suppress:
        return Welcomed(*(suppress_value(n) for n in counts))
    return Welcomed(*counts)


@dataclass
class UsedAsset:
    asset_id: int
    name: str
    people: Cell
    """How many people, or the small-number mark ("<5") where it is hidden."""

    @property
    def hidden(self) -> bool:
        """The count is hidden: words that count ("1 person", "2 people") cannot take it."""
        return isinstance(self.people, str)


def most_used_assets(
    programme: Programme, top: int = 5, *, suppress: bool = False
) -> list[tuple[Neighbourhood, list[UsedAsset]]]:
    """For each neighbourhood, the assets its people were most often connected to."""
    rows = (
        Connection.objects.filter(asset__programme=programme, asset__isnull=False)
        .values("person__neighbourhood", "asset", "asset__name")
        .annotate(people=Count("person", distinct=True))
        .order_by("person__neighbourhood", "-people", "asset__name")
    )
    by_neighbourhood: dict[int, list[UsedAsset]] = defaultdict(list)
    for row in rows:
        bucket = by_neighbourhood[row["person__neighbourhood"]]
        if len(bucket) < top:
            people = suppress_value(row["people"]) if suppress else row["people"]
            bucket.append(UsedAsset(row["asset"], row["asset__name"], people))
    return [
        (neighbourhood, by_neighbourhood.get(neighbourhood.pk, []))
        for neighbourhood in programme.neighbourhoods.order_by("name")
    ]


def person_connections_panel(person: Person) -> dict[str, Any]:
    """The person page's connections and contributions, newest first, in two queries."""
    return {
        "connections": Connection.objects.filter(person=person).select_related("asset"),
        "contributions": Contribution.objects.filter(person=person).select_related("asset"),
    }
