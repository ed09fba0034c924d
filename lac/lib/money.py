"""Money as people read it: one function for every page, file and PDF.

Whole pounds by default: lac's money figures are estimates (costs avoided,
social value), and pennies would suggest a precision they do not have.
"""

from __future__ import annotations

from decimal import Decimal

NOTHING = "–"


def pounds(value: Decimal | float | int | str | None, places: int = 0) -> str:
    """£1,234 (or £1,234.56 with ``places=2``); a loss as −£1,234; nothing as "–"."""
    if value is None or value == "":
        return NOTHING
    amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    text = f"£{abs(amount):,.{int(places)}f}"
    zero = f"£{0:.{int(places)}f}"
    return f"−{text}" if amount < 0 and text != zero else text
