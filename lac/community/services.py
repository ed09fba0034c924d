"""Writes for the community directory: assets, their opening times and events.

Every function checks its record (``lac.lib.rules.records``: lengths, then Django's own
validation) and runs in one transaction, so a bad value never leaves half a record behind.

An asset's ``modified`` is its Open Referral ``last_modified``: consumers fetch
``/services?modified_after=…`` to pick up changes. Its opening times,
categories, neighbourhoods and the organisation that runs it are part of the
published service, so every function here that changes one of them moves
``modified`` too (:func:`assets_touch`). The directory pages, the admin, the
Open Referral import and its command all write through these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from lac.accounts.models import Neighbourhood, Programme, User
from lac.accounts.permissions import Capability, scope_for_user
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write, create_audited, diff
from lac.community.models import (
    Asset,
    AssetEvent,
    AssetKind,
    Connection,
    Contribution,
    EventKind,
    OpeningTime,
    Taxonomy,
    TaxonomyTerm,
)
from lac.community.taxonomy import (
    DEFAULT_TAXONOMY_NAME,
    DEFAULT_TAXONOMY_VERSION,
    DEFAULT_TERMS,
)
from lac.lib.rules import contact, dates, records
from lac.people.matching import asset_search_key, fold
from lac.people.models import Person

ASSET_FIELDS = (
    "kind",
    "name",
    "description",
    "run_by",
    "address_1",
    "address_2",
    "town",
    "postcode",
    "contact_name",
    "phone",
    "email",
    "website",
    "who_for",
    "minimum_age",
    "maximum_age",
    "cost",
    "accessibility",
    "status",
    "public",
    "last_checked",
    "looked_after_by",
)
NOT_PUBLISHED = {"looked_after_by"}
"""Fields the Open Referral feed and printed sheets leave out: changing them alone does not
send an approved asset back for review."""


def taxonomy_ensure(*, programme: Programme) -> Taxonomy:
    """The programme's taxonomy, created from the default categories the first time."""
    existing = programme.taxonomies.order_by("pk").first()
    if existing is not None:
        return existing
    with transaction.atomic():
        taxonomy = Taxonomy.objects.create(
            programme=programme,
            name=DEFAULT_TAXONOMY_NAME,
            description=f"Categories of community assets in {programme.name}",
            version=DEFAULT_TAXONOMY_VERSION,
        )
        TaxonomyTerm.objects.bulk_create(
            TaxonomyTerm(
                taxonomy=taxonomy,
                code=code,
                name=name,
                description=description,
                position=i,
                search_key=term_key(name=name, code=code),
            )
            for i, (code, name, description) in enumerate(DEFAULT_TERMS)
        )
    return taxonomy


def assets_touch(asset_ids: Iterable[int]) -> None:
    """Mark these assets changed now, without re-running their save() rules."""
    ids = sorted({pk for pk in asset_ids if pk is not None})
    if ids:
        Asset.objects.filter(pk__in=ids).update(modified=timezone.now())


def term_key(*, name: str, code: str) -> str:
    """What a search for terms looks in: the label folded as names are ("Well-being" →
    "well being"), then the identifier in lower case. Kept on the term
    (``TaxonomyTerm.search_key``) so a search is one query, not a pass over every term."""
    return f"{fold(name)} {code.lower()}"[:200]


def term_create(*, taxonomy: Taxonomy, code: str, name: str, description: str = "") -> TaxonomyTerm:
    position = taxonomy.terms.count()
    term = TaxonomyTerm(
        taxonomy=taxonomy, code=code, name=name, description=description, position=position
    )
    term.search_key = term_key(name=name, code=code)
    records.check(term)
    term.save()
    return term


TERM_FIELDS = ("code", "name", "description", "parent", "position")


@transaction.atomic
def term_update(*, term: TaxonomyTerm, data: Mapping[str, Any]) -> TaxonomyTerm:
    """Rename or move a category (or save a new one the admin built); every service it
    describes is changed with it."""
    for name in TERM_FIELDS:
        if name in data:
            setattr(term, name, data[name])
    term.search_key = term_key(name=term.name, code=term.code)
    records.check(term)
    term.save()
    assets_touch(term.assets.values_list("pk", flat=True))
    return term


@transaction.atomic
def term_delete(*, term: TaxonomyTerm) -> None:
    """Remove a category (and its sub-categories) from the services it described."""
    described = TaxonomyTerm.assets.through.objects.filter(
        taxonomyterm__in=[term.pk, *term.children.values_list("pk", flat=True)]
    )
    assets_touch(described.values_list("asset_id", flat=True))
    term.delete()


@transaction.atomic
def asset_create(
    *,
    programme: Programme,
    data: Mapping[str, Any],
    neighbourhoods: Iterable[Neighbourhood] = (),
    tags: Iterable[TaxonomyTerm] = (),
    actor: Actor,
    published_elsewhere: bool = False,
) -> Asset:
    """Add an asset to a programme's directory.

    It is public straight away only when its author may approve new assets, or
    when it comes from another publisher's Open Referral feed (``published_elsewhere``:
    an import, which only managers and administrators may run); otherwise it
    waits for a manager or lead.
    """
    asset = Asset(programme=programme)
    _apply(asset, data)
    if actor.user is not None and asset.looked_after_by_id is None:
        asset.looked_after_by = actor.user
    if published_elsewhere or may_approve(actor, programme):
        asset.approved_at, asset.approved_by = timezone.now(), actor.user
    records.check(asset)
    asset.save()
    _set_relations(asset, neighbourhoods, tags)
    audit_write(
        obj=asset, action=Action.CREATE, what=f"Community asset added: {asset.name}", actor=actor
    )
    return asset


def may_approve(actor: Actor, programme: Programme) -> bool:
    """Whether what this actor adds is public without waiting for someone to approve it.

    Managers and programme leads approve (``APPROVE_DIRECTORY``); a command or
    the demo (no user) is run by whoever runs the installation, so it is trusted.
    """
    if actor.user is None:
        return True
    return scope_for_user(actor.user).can(Capability.APPROVE_DIRECTORY, programme.pk)


@transaction.atomic
def asset_approve(*, asset: Asset, actor: Actor) -> Asset:
    """Let a new asset be shown to the public: the feed lists it from now on."""
    if not may_approve(actor, asset.programme):
        raise PermissionDenied(gettext("Only a manager or programme lead can approve new assets."))
    if asset.approved_at is not None:
        raise ValidationError(gettext("%(name)s was already approved.") % {"name": asset.name})
    asset.approved_at, asset.approved_by = timezone.now(), actor.user
    asset.save(update_fields=["approved_at", "approved_by", "modified"])
    audit_write(
        obj=asset,
        action=Action.UPDATE,
        what=f"Community asset approved for the public: {asset.name}",
        actor=actor,
    )
    return asset


@transaction.atomic
def asset_update(
    *,
    asset: Asset,
    data: Mapping[str, Any],
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    tags: Iterable[TaxonomyTerm] | None = None,
    actor: Actor,
    published_elsewhere: bool = False,
) -> Asset:
    """Change an asset's details (and, if given, its neighbourhoods and tags).

    An approved asset changed by someone who may not approve goes back for review
    (:func:`review_again`), unless the change comes from another publisher's feed
    (``published_elsewhere``, as in :func:`asset_create`).
    """
    before = {name: getattr(asset, name) for name in ASSET_FIELDS}
    places_before = _names(asset.neighbourhoods.all())
    tags_before = _names(asset.tags.all())
    _apply(asset, data)
    records.check(asset)
    changes = diff(before, {name: getattr(asset, name) for name in ASSET_FIELDS})
    if neighbourhoods is not None:
        chosen = _checked_neighbourhoods(asset, neighbourhoods)
        if (places := _names(chosen)) != places_before:
            changes["neighbourhoods"] = [places_before, places]
    if tags is not None:
        chosen_tags = _checked_tags(asset, tags)
        if (named := _names(chosen_tags)) != tags_before:
            changes["tags"] = [tags_before, named]
    seen_by_public = set(changes) - NOT_PUBLISHED
    withdrawn = bool(seen_by_public) and not published_elsewhere and review_again(asset, actor)
    asset.save()
    if changes:
        # save() moved this asset's own ``modified``; the services an organisation
        # runs carry its name and details in the feed, so they change with it.
        assets_touch(asset.runs.values_list("pk", flat=True))
        audit_write(
            obj=asset,
            action=Action.UPDATE,
            what=f"Community asset changed: {asset.name}"
            + ("; waiting for approval again before the public see it" if withdrawn else ""),
            actor=actor,
            changes=changes,
        )
    if neighbourhoods is not None:
        asset.neighbourhoods.set(chosen)
    if tags is not None:
        asset.tags.set(chosen_tags)
    return asset


def _names(items: Iterable[Neighbourhood] | Iterable[TaxonomyTerm]) -> str:
    return ", ".join(sorted(item.name for item in items))


def review_again(asset: Asset, actor: Actor) -> bool:
    """Withdraw an approved asset from the public until it is approved again, when someone
    who may not approve has changed it; True when it was withdrawn.

    Withdrawn rather than kept as last approved: what the public read (a phone number, a
    meeting place, who it is for) is then always something a manager or lead has seen,
    which is why new assets wait for approval in the first place, and the directory keeps
    one version of each asset. The asset shows as waiting for approval, so a manager
    sees it in the same list as new ones.
    """
    if asset.approved_at is None or may_approve(actor, asset.programme):
        return False
    asset.approved_at, asset.approved_by = None, None
    return True


def _apply(asset: Asset, data: Mapping[str, Any]) -> None:
    for name in ASSET_FIELDS:
        if name in data:
            setattr(asset, name, data[name])
    if asset.kind == AssetKind.INDIVIDUAL:
        asset.public = False
    asset.postcode = contact.postcode(asset.postcode or "")
    asset.phone = contact.phone(asset.phone or "")
    asset.search_key = asset_key(asset)


def asset_key(asset: Asset) -> str:
    """The asset's folded search key, from the fields the directory search looks in."""
    return asset_search_key(
        name=asset.name,
        who_for=asset.who_for,
        description=asset.description,
        postcode=asset.postcode,
    )


def _set_relations(
    asset: Asset, neighbourhoods: Iterable[Neighbourhood], tags: Iterable[TaxonomyTerm]
) -> None:
    asset.neighbourhoods.set(_checked_neighbourhoods(asset, neighbourhoods))
    asset.tags.set(_checked_tags(asset, tags))


def _checked_neighbourhoods(
    asset: Asset, neighbourhoods: Iterable[Neighbourhood]
) -> list[Neighbourhood]:
    chosen = list(neighbourhoods)
    if any(n.programme_id != asset.programme_id for n in chosen):
        raise ValueError("A neighbourhood from another programme cannot hold this asset")
    return chosen


def _checked_tags(asset: Asset, tags: Iterable[TaxonomyTerm]) -> list[TaxonomyTerm]:
    chosen = list(tags)
    programme_taxonomies = set(asset.programme.taxonomies.values_list("pk", flat=True))
    if any(t.taxonomy_id not in programme_taxonomies for t in chosen):
        raise ValueError("A category from another programme cannot tag this asset")
    return chosen


@transaction.atomic
def opening_times_replace(*, asset: Asset, rows: Iterable[Mapping[str, Any]]) -> list[OpeningTime]:
    """Replace an asset's opening times with these rows (each validated)."""
    fresh = []
    for row in rows:
        opening = OpeningTime(asset=asset, **row)
        records.check(opening, exclude=("asset",))
        fresh.append(opening)
    asset.opening_times.all().delete()
    created = OpeningTime.objects.bulk_create(fresh)
    assets_touch([asset.pk])
    return created


@transaction.atomic
def opening_time_add(*, asset: Asset, data: Mapping[str, Any]) -> OpeningTime:
    opening = OpeningTime(asset=asset, **data)
    records.check(opening)
    opening.save()
    assets_touch([asset.pk])
    return opening


@transaction.atomic
def opening_time_delete(*, opening: OpeningTime) -> None:
    asset_id = opening.asset_id
    opening.delete()
    assets_touch([asset_id])


@transaction.atomic
def asset_event_record(
    *,
    asset: Asset,
    kind: str,
    date: date,
    actor: Actor,
    count: int | None = None,
    amount: Decimal | None = None,
    funder: str = "",
    coordinator_part: str = "",
    coordinator: User | None = None,
    note: str = "",
) -> AssetEvent:
    """Record something that happened to an asset: a new group, volunteers, funding…"""
    dates.check(dates.ASSET_EVENT, date, field="date")
    event = AssetEvent(
        asset=asset,
        kind=kind,
        date=date,
        count=count,
        amount=amount,
        funder=funder,
        coordinator_part=coordinator_part,
        coordinator=coordinator,
        note=note,
        recorded_by=actor.user,
    )
    return create_audited(
        event,
        what=f"{event.get_kind_display()}: {asset.name}",
        actor=actor,
    )


@transaction.atomic
def group_establish(
    *,
    programme: Programme,
    data: Mapping[str, Any],
    neighbourhoods: Iterable[Neighbourhood],
    tags: Iterable[TaxonomyTerm],
    established_on: date,
    coordinator_part: str,
    actor: Actor,
    note: str = "",
) -> Asset:
    """A new community group: the directory entry and its 'established' event, together."""
    dates.check(dates.ASSET_EVENT, established_on, field="established_on")
    group = asset_create(
        programme=programme,
        data={**data, "kind": AssetKind.GROUP},
        neighbourhoods=neighbourhoods,
        tags=tags,
        actor=actor,
    )
    asset_event_record(
        asset=group,
        kind=EventKind.ESTABLISHED,
        date=established_on,
        actor=actor,
        coordinator_part=coordinator_part,
        coordinator=actor.user,
        note=note,
    )
    return group


@transaction.atomic
def connection_record(*, person: Person, data: Mapping[str, Any], actor: Actor) -> Connection:
    """A person connected to community (audited with the person's record)."""
    connection = Connection(person=person, made_by=actor.user, **data)
    dates.check(dates.CONNECTION, connection.date, field="date")
    return create_audited(
        connection,
        what=f"Connection: {connection.get_kind_display()}",
        actor=actor,
        person=person,
    )


@transaction.atomic
def contribution_record(*, person: Person, data: Mapping[str, Any], actor: Actor) -> Contribution:
    """A person giving something back: volunteering, befriending, starting a group."""
    contribution = Contribution(person=person, recorded_by=actor.user, **data)
    dates.check(dates.CONTRIBUTION_STARTED, contribution.started, field="started")
    dates.check(dates.CONTRIBUTION_ENDED, contribution.ended, field="ended")
    return create_audited(
        contribution,
        what=f"Contribution: {contribution.get_kind_display()}",
        actor=actor,
        person=person,
    )
