"""Directory records as Open Referral (HSDS 3.0) objects.

Assets that are groups, places or services become HSDS ``service`` objects;
organisations become ``organization`` objects. Ids are the assets' stable
UUIDs; the ids of nested objects with no table of their own (address, phone,
contact, attribute) are derived from them with UUID5, so they never change.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet

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


def published_assets() -> QuerySet[Asset]:
    """Only public, active assets, and never a person with a gift."""
    return (
        Asset.objects.filter(public=True, status=AssetStatus.ACTIVE)
        .exclude(kind=AssetKind.INDIVIDUAL)
        .select_related("run_by")
        .prefetch_related("tags__taxonomy", "tags__parent", "opening_times", "neighbourhoods")
    )


def published_services() -> QuerySet[Asset]:
    return published_assets().filter(kind__in=SERVICE_KINDS).order_by("name", "pk")


def published_organizations() -> QuerySet[Asset]:
    return published_assets().filter(kind=AssetKind.ORGANISATION).order_by("name", "pk")


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
        "fees_description": asset.cost,
        "eligibility_description": asset.who_for,
        "minimum_age": asset.minimum_age,
        "maximum_age": asset.maximum_age,
        "assured_date": asset.last_checked.isoformat() if asset.last_checked else None,
        "last_modified": asset.modified.isoformat(),
    }
    if full:
        data.update(
            {
                "organization": organization_json(org, full=False) if org else None,
                "phones": _phones(asset),
                "contacts": _contacts(asset),
                "schedules": [schedule_json(o) for o in asset.opening_times.all()],
                "service_areas": [
                    {
                        "id": derived_id(asset, f"service_area:{n.pk}"),
                        "service_id": str(asset.uuid),
                        "name": n.name,
                        "description": f"{n.name} neighbourhood",
                    }
                    for n in asset.neighbourhoods.all()
                ],
                "service_at_locations": (
                    [service_at_location_json(asset, full=False, with_location=True)]
                    if _has_location(asset)
                    else []
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


def _has_location(asset: Asset) -> bool:
    return bool(asset.address_1) or asset.latitude is not None


def _phones(asset: Asset) -> list[Json]:
    if not asset.phone:
        return []
    return [{"id": derived_id(asset, "phone"), "number": asset.phone}]


def _contacts(asset: Asset) -> list[Json]:
    if not (asset.contact_name or asset.email):
        return []
    return [
        _compact(
            {
                "id": derived_id(asset, "contact"),
                "name": asset.contact_name,
                "email": asset.email,
            }
        )
    ]


def _attributes(asset: Asset, link_type: str) -> list[Json]:
    return [
        {
            "id": derived_id(asset, f"attribute:{term.uuid}"),
            "link_id": str(asset.uuid),
            "link_type": link_type,
            "link_entity": link_type,
            "taxonomy_term_id": str(term.uuid),
            "taxonomy_term": taxonomy_term_json(term),
        }
        for term in asset.tags.all()
    ]


def schedule_json(opening: OpeningTime) -> Json:
    """One RFC 5545 recurrence, as HSDS ``schedule`` spells it."""
    return _compact(
        {
            "id": str(opening.uuid),
            "service_id": str(opening.asset.uuid),
            "freq": opening.freq,
            "interval": opening.interval,
            "byday": opening.byday,
            "wkst": "MO",
            "opens_at": opening.opens_at.strftime("%H:%M"),
            "closes_at": opening.closes_at.strftime("%H:%M"),
            "dtstart": opening.dtstart.isoformat() if opening.dtstart else None,
            "valid_from": opening.valid_from.isoformat() if opening.valid_from else None,
            "valid_to": opening.valid_to.isoformat() if opening.valid_to else None,
            "description": f"{opening.summary}, {opening.opens_at:%H:%M} to "
            f"{opening.closes_at:%H:%M}"
            + (f" ({opening.description})" if opening.description else ""),
            "attending_type": "in_person",
        }
    )


def location_json(asset: Asset) -> Json:
    location_id = str(asset.location_uuid)
    addresses = []
    if asset.address_1:
        addresses.append(
            {
                "id": derived_id(asset, "address"),
                "location_id": location_id,
                "address_1": asset.address_1,
                "address_2": asset.address_2,
                "city": asset.town,
                "state_province": "",
                "postal_code": asset.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        )
    return _compact(
        {
            "id": location_id,
            "location_type": "physical",
            "name": asset.name,
            "latitude": float(asset.latitude) if asset.latitude is not None else None,
            "longitude": float(asset.longitude) if asset.longitude is not None else None,
            "addresses": addresses,
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


def service_at_location_json(asset: Asset, *, full: bool, with_location: bool = True) -> Json:
    data: Json = {
        "id": str(asset.service_at_location_uuid),
        "service_id": str(asset.uuid),
        "location_id": str(asset.location_uuid),
        "location": location_json(asset) if with_location else None,
    }
    if full:
        data["service"] = service_json(asset, full=False)
        data["schedules"] = [schedule_json(o) for o in asset.opening_times.all()]
        data["phones"] = _phones(asset)
        data["contacts"] = _contacts(asset)
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
        data["phones"] = _phones(org)
        data["contacts"] = _contacts(org)
        data["locations"] = [location_json(org)] if _has_location(org) else []
        data["services"] = [service_json(s, full=False) for s in services or []]
    return _compact(data)


def taxonomy_json(taxonomy: Taxonomy) -> Json:
    return _compact(
        {
            "id": str(taxonomy.uuid),
            "name": taxonomy.name,
            "description": taxonomy.description or taxonomy.name,
            "version": taxonomy.version,
        }
    )


def taxonomy_term_json(term: TaxonomyTerm) -> Json:
    return _compact(
        {
            "id": str(term.uuid),
            "code": term.code,
            "name": term.name,
            "description": term.description or term.name,
            "parent_id": str(term.parent.uuid) if term.parent_id and term.parent else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy.uuid),
            "language": "en",
        }
    )
