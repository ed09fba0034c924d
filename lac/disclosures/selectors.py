"""Reads of the disclosure log: one person's shares, and a programme's log for its manager.

Counts leave through :mod:`lac.lib.disclosure`: a role that sees the programme's
figures only (``Scope.sees_aggregates_only``) gets small counts hidden and no rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from lac.disclosures.models import Disclosure, Kind
from lac.lib import disclosure as small_numbers


def _with_names(queryset: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return queryset.select_related("consent", "recipient_user", "recorded_by")


def disclosures_of(person: Any) -> list[Disclosure]:
    """Everything shared about one person, newest first (for their record)."""
    return list(_with_names(Disclosure.objects.filter(person=person)))


@dataclass(frozen=True)
class LogFilters:
    programme_id: int
    kind: str = ""
    start: date | None = None
    end: date | None = None

    def describe(self) -> str:
        """The filters in words, for the audit trail of the list."""
        parts = [f"kind {self.kind}"] if self.kind else []
        if self.start:
            parts.append(f"from {self.start:%d %b %Y}")
        if self.end:
            parts.append(f"to {self.end:%d %b %Y}")
        return ", ".join(parts)


@dataclass(frozen=True)
class DisclosureLog:
    """A programme's shares: counts by kind (suppressed where the rule says) and the rows,
    which only a role that may see the programme's personal data gets."""

    counts: list[tuple[str, small_numbers.Cell]]
    total: small_numbers.Cell
    rows: QuerySet[Disclosure] | None


def disclosure_log(filters: LogFilters, *, aggregates_only: bool) -> DisclosureLog:
    """The log for the manager's report, in a fixed number of queries."""
    shares = Disclosure.objects.filter(programme_id=filters.programme_id)
    if filters.kind:
        shares = shares.filter(kind=filters.kind)
    if filters.start:
        shares = shares.filter(shared_at__date__gte=filters.start)
    if filters.end:
        shares = shares.filter(shared_at__date__lte=filters.end)
    by_kind = dict(shares.order_by().values_list("kind").annotate(n=Count("pk")))
    kinds = [kind for kind in Kind if not filters.kind or kind == filters.kind]
    counts = [by_kind.get(kind.value, 0) for kind in kinds]
    shown: list[small_numbers.Cell]
    total: small_numbers.Cell
    if aggregates_only:
        shown, total = small_numbers.suppress_column(counts)
        rows = None
    else:
        shown, total = list(counts), sum(counts)
        rows = _with_names(shares).select_related("person")
    return DisclosureLog(
        counts=[(str(kind.label), n) for kind, n in zip(kinds, shown, strict=True)],
        total=total,
        rows=rows,
    )
