"""A person's deprivation decile, from their postcode: the one lookup every path uses.

A postcode gives its small area (LSOA) through the postcode lookup the council loaded,
and the small area its decile in England's or Wales's index of multiple deprivation.
The two indices rank their own nation's areas and are never merged: "england_1" and
"wales_1" stay apart in every table. A postcode that is blank, not in the lookup, or
in an area the council has not loaded gives "" ("not known").

The decile is worked out by the services that write a postcode (``person_fields``,
``person_set_keys``), never by a signal, and is shown only in aggregates.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Subquery

from lac.people.models import PostcodeArea, SmallArea


def deprivation_for(postcodes: Iterable[str]) -> dict[str, str]:
    """Each postcode (as stored, "DE1 1AA") that has a known decile → "england_3"…
    One query however many postcodes."""
    wanted = sorted({p for p in postcodes if p})
    if not wanted:
        return {}
    area = SmallArea.objects.filter(code=OuterRef("area_code"))
    rows = (
        PostcodeArea.objects.filter(postcode__in=wanted)
        .annotate(
            index=Subquery(area.values("index")[:1]), decile=Subquery(area.values("decile")[:1])
        )
        .values_list("postcode", "index", "decile")
    )
    return {postcode: f"{index}_{decile}" for postcode, index, decile in rows if index}


def deprivation_of(postcode: str) -> str:
    """One postcode's decile ("" when not known); no query for a blank postcode."""
    return deprivation_for([postcode]).get(postcode, "") if postcode else ""
