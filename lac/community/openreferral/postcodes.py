"""Postcode centroids: loading a council's file, and finding services near a postcode.

lac cannot look postcodes up on the internet, so a council loads a
postcode-centroid file (such as the ONS Postcode Directory's ``pcds``,
``lat`` and ``long`` columns) with ``lac postcodes load FILE.csv``. An asset
is placed at its own coordinates, or else at its postcode's centroid.

Distances use the equirectangular approximation with plain arithmetic, so
the same SQL runs on SQLite and PostgreSQL; within a council area (tens of
kilometres) it is off by well under one per cent.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F, FloatField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Replace, Upper

from lac.community.models import Asset, PostcodeCentroid

EARTH_RADIUS_M = 6_371_000
METRES_PER_DEGREE = EARTH_RADIUS_M * math.pi / 180
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
COLUMNS = {
    "postcode": ("postcode", "pcds", "pcd", "pcd2"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "long", "lng", "lon"),
}
BATCH = 5000


class PostcodeFileError(ValueError):
    """A problem with the file, naming the line and the field."""


def normalise(raw: str) -> str:
    return re.sub(r"\s+", "", raw).upper()


def centroid(raw: str) -> PostcodeCentroid | None:
    return PostcodeCentroid.objects.filter(postcode=normalise(raw)).first()


def _column(header: list[str], field: str) -> int:
    lowered = [name.strip().lower() for name in header]
    for name in COLUMNS[field]:
        if name in lowered:
            return lowered.index(name)
    raise PostcodeFileError(f"The file has no {field} column (one of: {', '.join(COLUMNS[field])})")


def _coordinate(raw: str, field: str, limit: int, line: int) -> Decimal:
    try:
        value = Decimal(raw.strip()).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise PostcodeFileError(f"Line {line}: {field} {raw!r} is not a number") from None
    if not -limit <= value <= limit:
        raise PostcodeFileError(f"Line {line}: {field} {raw!r} is not between -{limit} and {limit}")
    return value


def load_centroids(lines: Iterable[str]) -> int:
    """Load (or refresh) centroids from CSV lines; all or nothing. Returns how many.

    Rows without coordinates (terminated postcodes in the ONS file) are skipped.
    """
    rows = csv.reader(lines)
    header = next(rows, None)
    if not header:
        raise PostcodeFileError("The file is empty")
    where = {field: _column(header, field) for field in COLUMNS}
    count = 0
    with transaction.atomic():
        batch: list[PostcodeCentroid] = []
        for line, row in enumerate(rows, start=2):
            try:
                postcode, lat, lng = (row[where[field]] for field in COLUMNS)
            except IndexError:
                raise PostcodeFileError(f"Line {line}: too few columns") from None
            if not lat.strip() or not lng.strip():
                continue
            code = normalise(postcode)
            if not POSTCODE.match(code):
                raise PostcodeFileError(f"Line {line}: postcode {postcode!r} is not a UK postcode")
            batch.append(
                PostcodeCentroid(
                    postcode=code,
                    latitude=_coordinate(lat, "latitude", 90, line),
                    longitude=_coordinate(lng, "longitude", 180, line),
                )
            )
            if len(batch) >= BATCH:
                count += _save(batch)
                batch = []
        count += _save(batch)
    return count


def _save(batch: list[PostcodeCentroid]) -> int:
    PostcodeCentroid.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["postcode"],
        update_fields=["latitude", "longitude"],
    )
    return len(batch)


def _placed(field: str) -> Coalesce:
    """An asset's own coordinate, or its postcode centroid's."""
    looked_up = PostcodeCentroid.objects.filter(
        postcode=Upper(Replace(OuterRef("postcode"), Value(" "), Value("")))
    ).values(field)[:1]
    return Coalesce(Cast(F(field), FloatField()), Cast(Subquery(looked_up), FloatField()))


def near(assets: QuerySet[Asset], point: PostcodeCentroid, metres: float | None) -> QuerySet[Asset]:
    """Assets nearest ``point`` first; only those within ``metres`` if given.

    Assets that cannot be placed come last without ``metres`` and are left out with it.
    """
    lat0, lng0 = float(point.latitude), float(point.longitude)
    east = METRES_PER_DEGREE * math.cos(math.radians(lat0))
    north_m = (F("_lat") - lat0) * METRES_PER_DEGREE
    east_m = (F("_lng") - lng0) * east
    placed = assets.annotate(_lat=_placed("latitude"), _lng=_placed("longitude")).annotate(
        distance_sq=north_m * north_m + east_m * east_m
    )
    if metres is not None:
        placed = placed.filter(distance_sq__lte=metres * metres)
    return placed.order_by(F("distance_sq").asc(nulls_last=True), "name", "pk")
