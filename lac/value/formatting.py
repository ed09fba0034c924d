"""Numbers and tables as people read them: £1,234.56, 25.0%, aligned columns."""

from __future__ import annotations

from collections.abc import Sequence

_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def money(amount: float, currency: str = "GBP") -> str:
    """Two decimal places with thousands separators; other currencies by their code."""
    symbol = _SYMBOLS.get(currency)
    sign = "-" if amount < 0 and round(abs(amount), 2) != 0 else ""
    digits = f"{abs(amount):,.2f}"
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{currency} {digits}"


def percent(fraction: float, places: int = 1) -> str:
    return f"{fraction * 100:.{places}f}%"


def ratio(value: float) -> str:
    return f"{value:.4f} : 1"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    """Columns padded to their widest cell; `right` aligns numeric columns to the right."""
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=False)]

    def line(cells: Sequence[str]) -> str:
        padded = (
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True)
        )
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])
