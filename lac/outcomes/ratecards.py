"""Bridge between the value engine's rate cards and the database's.

Plain functions with no models, so the data migration that seeds the shared
card and the service that loads a programme's own card share them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from lac.value import DeflatorTable, load_deflators
from lac.value import RateCard as EngineRateCard

PENNY = Decimal("0.01")

# How the printed "agency bearing the cost" maps onto our agencies. Anything
# not listed is "other", with the printed words kept beside it.
AGENCY_WORDS: tuple[tuple[str, str], ...] = (
    ("social care", "social_care"),
    ("housing", "housing"),
    ("homeless", "housing"),
    ("police", "police"),
    ("fire", "fire"),
    ("nhs", "nhs"),
    ("health", "nhs"),
    ("court", "criminal_justice"),
    ("justice", "criminal_justice"),
    ("prison", "criminal_justice"),
    ("dwp", "welfare"),
    ("benefit", "welfare"),
    ("local authority", "local_authority"),
    ("council", "local_authority"),
)


def agency_code(printed: str) -> str:
    lowered = printed.lower()
    for words, code in AGENCY_WORDS:
        if words in lowered:
            return code
    return "other"


def unit_cost_rows(card: EngineRateCard) -> list[dict[str, Any]]:
    """Field values for one UnitCost per item of an engine card, in the card's order."""
    return [
        {
            "item": cost.item,
            "category": cost.category,
            "agency": agency_code(cost.agency),
            "agency_as_printed": cost.agency,
            "unit": cost.unit,
            "amount": Decimal(str(cost.amount)).quantize(PENNY, ROUND_HALF_UP),
            "price_year": cost.price_year,
            "source": cost.source,
            "order": index,
        }
        for index, cost in enumerate(card.items)
    ]


def uprating_factor(from_year: str, to_year: str, table: DeflatorTable | None = None) -> Decimal:
    """The GDP deflator ratio between two financial years, as a Decimal.

    `table` is the series in use (outcomes.selectors.deflators_in_use); the
    engine's shipped series when none is given. Raises lac.value.RateCardError
    when a year is outside the series.
    """
    if from_year == to_year:
        return Decimal(1)
    return Decimal(repr((table or load_deflators()).factor(from_year, to_year)))


def money(value: Decimal) -> Decimal:
    return value.quantize(PENNY, ROUND_HALF_UP)


def known_price_years(table: DeflatorTable | None = None) -> list[str]:
    return sorted((table or load_deflators()).index)
