"""Which neighbourhood an introduction goes to, by the person's postcode.

Each neighbourhood lists the postcodes it covers (``Neighbourhood.postcodes``): whole
postcodes ("DE23 6AB"), sectors ("DE23 6") or districts ("DE23"), one a line. The
most exact line that holds the postcode wins, so a street on a boundary can be given
to the neighbourhood across it while the rest of its sector stays put. The parts of
a postcode come from the maintained UK parser the record rules use.
"""

from __future__ import annotations

from django.db.models import QuerySet
from uk_postcodes_parsing.ukpostcode import parse as parse_postcode

from lac.accounts.models import Neighbourhood


def _tidy(line: str) -> str:
    return " ".join(line.upper().split())


def neighbourhood_for(
    neighbourhoods: QuerySet[Neighbourhood], postcode: str
) -> Neighbourhood | None:
    """The neighbourhood whose list holds ``postcode`` most exactly, or None."""
    parsed = parse_postcode("".join(postcode.split()).upper()) if postcode.strip() else None
    if parsed is None:
        return None
    # Most exact first: the whole postcode, its sector, its district.
    keys = [str(parsed.postcode), str(parsed.sector), str(parsed.district)]
    best: tuple[int, Neighbourhood] | None = None
    for neighbourhood in neighbourhoods:
        listed = {_tidy(line) for line in neighbourhood.postcodes.splitlines() if line.strip()}
        for rank, key in enumerate(keys):
            if key in listed and (best is None or rank < best[0]):
                best = (rank, neighbourhood)
    return best[1] if best else None
