"""Directory records as Open Referral UK (HSDS 3.0, UK profile) objects.

Assets that are groups, places or services become HSDS ``service`` objects;
organisations become ``organization`` objects. Ids are the assets' stable
UUIDs; the ids of nested objects with no table of their own (address,
contact, attribute) are derived from them with UUID5, so they never change.

The shapes follow the UK profile, which is what a council's feed is checked
against before it is registered: fields the profile removed (phones,
``fees_description``, ``address_2``, a schedule's ``wkst``, a term's ``code``
and so on) are not sent, and an address is sent only when it has every part
the profile requires.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from lac.accounts.models import Programme
from lac.community.models import (
    Asset,
    AssetKind,
    AssetStatus,
    OpeningTime,
    Taxonomy,
    TaxonomyTerm,
)

HSDS_VERSION = "3.0"
SERVICE_KINDS = (AssetKind.GROUP, AssetKind.PLACE, AssetKind.SERVICE)
Json = dict[str, Any]


def published_assets(programme: Programme | None = None) -> QuerySet[Asset]:
    """Only public, active assets, and never a person with a gift; one programme's if given."""
    assets = (
        Asset.objects.filter(public=True, status=AssetStatus.ACTIVE)
        .exclude(kind=AssetKind.INDIVIDUAL)
        .select_related("run_by", "programme")
        .prefetch_related(
            "tags__taxonomy__programme",
            "tags__parent",
            "tags__same_as__taxonomy",
            "tags__same_as__parent",
            "opening_times",
            "neighbourhoods",
        )
    )
    if programme is not None:
        assets = assets.filter(programme=programme)
    return assets


def published_services(programme: Programme | None = None) -> QuerySet[Asset]:
    return published_assets(programme).filter(kind__in=SERVICE_KINDS).order_by("name", "pk")


def published_organizations(programme: Programme | None = None) -> QuerySet[Asset]:
    return published_assets(programme).filter(kind=AssetKind.ORGANISATION).order_by("name", "pk")


def with_location() -> Q:
    return ~Q(address_1="") | Q(latitude__isnull=False)


def derived_id(asset: Asset, part: str) -> str:
    return str(uuid.uuid5(asset.uuid, part))


def _compact(data: Json) -> Json:
    """Leave out empty optional fields rather than send nulls the schema would refuse."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _publisher(asset: Asset) -> Asset | None:
    org = asset.run_by
    if org is not None and org.public and org.status == AssetStatus.ACTIVE:
        return org
    return None


def service_json(asset: Asset, *, full: bool) -> Json:
    """A service: the list shape (one-to-one fields) or, with ``full``, everything nested."""
    org = _publisher(asset)
    data: Json = {
        "id": str(asset.uuid),
        "organization_id": str(org.uuid) if org else None,
        "name": asset.name,
        "description": asset.description,
        "url": asset.website,
        "email": asset.email,
        "status": "active",
        "minimum_age": asset.minimum_age,
        "maximum_age": asset.maximum_age,
        "assured_date": asset.last_checked.isoformat() if asset.last_checked else None,
        "last_modified": asset.modified.isoformat(),
    }
    if full:
        data.update(
            {
                "organization": organization_json(org, full=False) if org else None,
                "contacts": _contacts(asset),
                "schedules": [schedule_json(o) for o in asset.opening_times.all()],
                "service_areas": [
                    {
                        "id": derived_id(asset, f"service_area:{n.pk}"),
                        "service_id": str(asset.uuid),
                        "name": n.name,
                        "service_area": f"{n.name} neighbourhood",
                    }
                    for n in asset.neighbourhoods.all()
                ],
                "service_at_locations": (
                    [_service_at_location_in_service(asset)] if _has_location(asset) else []
                ),
                "cost_options": (
                    [
                        {
                            "id": derived_id(asset, "cost_option"),
                            "service_id": str(asset.uuid),
                            "amount_description": asset.cost,
                        }
                    ]
                    if asset.cost
                    else []
                ),
                "attributes": _attributes(asset, "service"),
            }
        )
    return _compact(data)


def _service_at_location_in_service(asset: Asset) -> Json:
    """Within a full service: where it is, with the full location (the service is the parent)."""
    return {
        "id": str(asset.service_at_location_uuid),
        "service_id": str(asset.uuid),
        "location_id": str(asset.location_uuid),
        "location": location_json(asset),
    }


def _has_location(asset: Asset) -> bool:
    return bool(asset.address_1) or asset.latitude is not None


def _contacts(asset: Asset) -> list[Json]:
    """The named contact; the UK profile keeps a contact's name but not its email or phones."""
    if not asset.contact_name:
        return []
    return [
        {
            "id": derived_id(asset, "contact"),
            "service_id": str(asset.uuid),
            "name": asset.contact_name,
        }
    ]


def _attributes(asset: Asset, link_type: str) -> list[Json]:
    """The service's categories, and the shared UK terms each is matched to."""
    terms = {term.pk: term for tag in asset.tags.all() for term in (tag, *tag.same_as.all())}
    return [
        {
            "id": derived_id(asset, f"attribute:{term.uuid}"),
            "link_id": str(asset.uuid),
            "link_type": link_type,
            "taxonomy_term_id": str(term.uuid),
            "taxonomy_term": taxonomy_term_json(term),
        }
        for term in terms.values()
    ]


def utc_offset() -> str:
    """The programme's clock as a UTC offset today, such as ``+01:00`` in British Summer Time.

    The UK profile dropped the schedule's ``timezone`` field; HSDS asks instead for
    opening times that carry their offset. Every programme keeps the installation's
    time zone (``TIME_ZONE``, Europe/London), so a 10:00 session reads ``10:00+01:00``
    in summer and ``10:00+00:00`` in winter, as a reader's clock would see it.
    """
    offset = timezone.localtime().strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def schedule_json(opening: OpeningTime) -> Json:
    """One RFC 5545 recurrence, as the UK profile's ``schedule`` spells it."""
    offset = utc_offset()
    return _compact(
        {
            "id": str(opening.uuid),
            "service_id": str(opening.asset.uuid),
            "freq": opening.freq,
            "interval": opening.interval,
            "byday": opening.byday,
            "opens_at": opening.opens_at.strftime("%H:%M") + offset,
            "closes_at": opening.closes_at.strftime("%H:%M") + offset,
            "dtstart": opening.dtstart.isoformat() if opening.dtstart else None,
            "valid_from": opening.valid_from.isoformat() if opening.valid_from else None,
            "valid_to": opening.valid_to.isoformat() if opening.valid_to else None,
            "description": f"{opening.summary}, {opening.opens_at:%H:%M} to "
            f"{opening.closes_at:%H:%M}"
            + (f" ({opening.description})" if opening.description else ""),
            "attending_type": "in_person",
        }
    )


def address_json(asset: Asset) -> Json | None:
    """The postal address, or None when it lacks a street, town or postcode.

    The UK profile requires every part (and has no ``address_2``, so the second
    line joins the first); an address with parts missing or empty would fail
    validation, so the location goes without one and keeps its coordinates.
    ``state_province`` is the programme's council, the local authority area.
    """
    if not (asset.address_1 and asset.town and asset.postcode):
        return None
    return {
        "id": derived_id(asset, "address"),
        "location_id": str(asset.location_uuid),
        "address_1": ", ".join(part for part in (asset.address_1, asset.address_2) if part),
        "city": asset.town,
        "state_province": asset.programme.council,
        "postal_code": asset.postcode,
        "country": "GB",
        "address_type": "physical",
    }


def location_summary_json(asset: Asset) -> Json:
    """A location as a list of services at locations gives it: where, not how to get in."""
    return _compact(
        {
            "id": str(asset.location_uuid),
            "location_type": "physical",
            "name": asset.name,
            "latitude": float(asset.latitude) if asset.latitude is not None else None,
            "longitude": float(asset.longitude) if asset.longitude is not None else None,
        }
    )


def location_json(asset: Asset) -> Json:
    """A location in full: the summary, its address and its accessibility."""
    location_id = str(asset.location_uuid)
    address = address_json(asset)
    return _compact(
        {
            **location_summary_json(asset),
            "addresses": [address] if address else [],
            "accessibility": (
                [
                    {
                        "id": derived_id(asset, "accessibility"),
                        "location_id": location_id,
                        "description": asset.accessibility,
                    }
                ]
                if asset.accessibility
                else []
            ),
        }
    )


def service_at_location_json(asset: Asset, *, full: bool) -> Json:
    """A service at a location; ``full`` (its own endpoint) adds the service and its name.

    The UK OpenAPI describes ``GET /service_at_locations/{id}`` with the service
    schema (the generic HSDS fixed that slip in January 2026, the UK file has not),
    and the UK validator requires its ``name`` and ``status``; carrying them
    satisfies both readings.
    """
    data: Json = {
        "id": str(asset.service_at_location_uuid),
        "service_id": str(asset.uuid),
        "location_id": str(asset.location_uuid),
        "location": location_json(asset) if full else location_summary_json(asset),
    }
    if full:
        data["name"] = asset.name
        data["status"] = "active"
        data["service"] = service_json(asset, full=False)
    return _compact(data)


def organization_json(org: Asset, *, full: bool, services: list[Asset] | None = None) -> Json:
    data: Json = {
        "id": str(org.uuid),
        "name": org.name,
        "description": org.description or org.name,
        "email": org.email,
        "website": org.website,
    }
    if full:
        data["services"] = [service_json(s, full=False) for s in services or []]
    return _compact(data)


def taxonomy_name(taxonomy: Taxonomy) -> str:
    """Named with its programme: two programmes' "Community directory categories" differ.

    A shared vocabulary (no programme) keeps its own name: it is the same list everywhere.
    """
    if taxonomy.programme is None:
        return taxonomy.name
    return f"{taxonomy.name} ({taxonomy.programme.name})"


def taxonomy_json(taxonomy: Taxonomy) -> Json:
    return _compact(
        {
            "id": str(taxonomy.uuid),
            "name": taxonomy_name(taxonomy),
            "description": taxonomy.description or taxonomy.name,
            "uri": taxonomy.uri,
            "version": taxonomy.version,
        }
    )


def taxonomy_term_json(term: TaxonomyTerm) -> Json:
    """A category; ``term`` carries the programme's code for it (the profile has no ``code``)."""
    return _compact(
        {
            "id": str(term.uuid),
            "term": term.code,
            "name": term.name,
            "description": term.description or term.name,
            "parent_id": str(term.parent.uuid) if term.parent_id and term.parent else None,
            "taxonomy": taxonomy_name(term.taxonomy),
            "taxonomy_id": str(term.taxonomy.uuid),
            "term_uri": term.term_uri,
        }
    )
