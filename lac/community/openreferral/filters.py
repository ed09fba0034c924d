"""Which services a feed query asks for: the UK profile's filters, honoured.

One function, ``filter_services``, reads every filter the UK API lists for
``/services`` and ``/service_at_locations`` and applies it to the published
services, so both endpoints (and any caller) filter alike.

Ages follow the profile's wording: ``minimum_age=N`` keeps services whose
minimum age is at least N, ``maximum_age=N`` those whose maximum age is at
most N. ``day``, ``start_time`` and ``end_time`` must hold for one and the
same opening time: ``day=SU&start_time=10:00`` is a session on Sunday that
opens at 10:00 or later, not a Sunday session plus some other morning one.
A shared UK term (``vocabularies``) finds the services whose categories are matched
to it. ``postcode`` orders by distance from its centroid and, with ``proximity`` in
metres, keeps only services within it (``postcodes.near``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import QueryDict

from lac.community.models import Asset
from lac.community.openreferral import params, postcodes
from lac.community.openreferral.params import BadParameter

SEARCH_WORDS = 6


def filter_services(services: QuerySet[Asset], query: QueryDict) -> QuerySet[Asset]:
    for word in query.get("search", "").split()[:SEARCH_WORDS]:
        services = services.filter(Q(name__icontains=word) | Q(description__icontains=word))
    term_id = params.uuid_param(query, "taxonomy_term_id")
    if term_id:
        services = services.filter(Q(tags__uuid=term_id) | Q(tags__same_as__uuid=term_id))
    taxonomy_id = params.uuid_param(query, "taxonomy_id")
    if taxonomy_id:
        services = services.filter(
            Q(tags__taxonomy__uuid=taxonomy_id) | Q(tags__same_as__taxonomy__uuid=taxonomy_id)
        )
    organization_id = params.uuid_param(query, "organization_id")
    if organization_id:
        services = services.filter(run_by__uuid=organization_id)
    modified_after = params.moment(query, "modified_after")
    if modified_after:
        services = services.filter(modified__gte=modified_after)
    minimum_age = params.number(query, "minimum_age")
    if minimum_age is not None:
        services = services.filter(minimum_age__gte=minimum_age)
    maximum_age = params.number(query, "maximum_age")
    if maximum_age is not None:
        services = services.filter(maximum_age__lte=maximum_age)
    services = _open_when(services, query).distinct()
    return _near(services, query)


def _near(services: QuerySet[Asset], query: QueryDict) -> QuerySet[Asset]:
    """``postcode``: nearest first; with ``proximity`` (metres), only those within it."""
    raw = query.get("postcode", "").strip()
    metres = params.number(query, "proximity")
    if not raw:
        if metres is not None:
            raise BadParameter("proximity needs a postcode to measure from")
        return services
    if not postcodes.POSTCODE.match(postcodes.normalise(raw)):
        raise BadParameter("postcode must be a UK postcode, such as DE1 2FS")
    point = postcodes.centroid(raw)
    if point is None:
        raise BadParameter(f"postcode {raw} is not in this directory's postcode file")
    return postcodes.near(services, point, float(metres) if metres is not None else None)


def _open_when(services: QuerySet[Asset], query: QueryDict) -> QuerySet[Asset]:
    """Services with an opening time matching day, start and end together."""
    session = Q()
    day = params.day(query)
    if day:
        session &= Q(opening_times__weekday=day)
    start = params.clock_time(query, "start_time")
    if start is not None:
        session &= Q(opening_times__opens_at__gte=start)
    end = params.clock_time(query, "end_time")
    if end is not None:
        session &= Q(opening_times__closes_at__lte=end)
    return services.filter(session) if session else services
