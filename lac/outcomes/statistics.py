"""Distance travelled and its significance: plain Python, no Django.

A person's distance travelled is the change in their scores from their first
assessment to their latest. For a group we report the average start, the
average change, how many improved, stayed the same or got worse, and a
Wilcoxon signed-rank test of whether the changes are centred on zero. The
test is the usual choice for paired scores on a short ordinal scale (it does
not assume the changes are normally distributed).

The test is reported honestly: with no change at all, or too few people who
changed, there is no test result, and the reason is said in words.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean

from scipy import stats

MIN_CHANGED_FOR_TEST = 6
"""With fewer than six non-zero changes even the most lopsided result has a
two-sided p of at least 0.0625, so the test could never show significance."""

SIGNIFICANCE_LEVEL = 0.05


@dataclass(frozen=True)
class SignedRankTest:
    """The outcome of a Wilcoxon signed-rank test on paired changes."""

    n: int
    """People with both a first and a latest score."""
    n_changed: int
    """Of those, people whose score changed (zero changes are left out of the ranks)."""
    statistic: float | None
    p_value: float | None
    method: str
    """"exact", "approximate" (normal approximation), or "" when not tested. Its words for
    a reader are ``lac.outcomes.presentation.signed_rank_words``'s."""

    @property
    def tested(self) -> bool:
        return self.p_value is not None

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < SIGNIFICANCE_LEVEL


def signed_rank_test(changes: Sequence[float]) -> SignedRankTest:
    """Wilcoxon signed-rank test (two-sided) that the changes are centred on zero."""
    n = len(changes)
    changed = [c for c in changes if c != 0]
    if n == 0:
        return SignedRankTest(0, 0, None, None, "")
    if len(changed) < MIN_CHANGED_FOR_TEST:
        return SignedRankTest(n, len(changed), None, None, "")
    # Zeros are dropped ("wilcox"); exact p where scipy can (small n, no ties),
    # otherwise the normal approximation with scipy's tie correction.
    has_ties = len({abs(c) for c in changed}) < len(changed)
    method = "exact" if len(changed) <= 50 and not has_ties else "approx"
    result = stats.wilcoxon(changed, zero_method="wilcox", method=method)
    statistic, p_value = float(result.statistic), float(result.pvalue)
    if math.isnan(p_value):  # pragma: no cover - defensive; scipy returns nan on degenerate input
        return SignedRankTest(n, len(changed), None, None, "")
    method_word = "exact" if method == "exact" else "approximate"
    return SignedRankTest(n, len(changed), statistic, p_value, method_word)


def p_words(p_value: float) -> str:
    """ "p = 0.0413", or "p < 0.001" where more digits would only suggest false precision."""
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3g}"


@dataclass(frozen=True)
class Pair:
    """One person's first and latest score (on one domain, or their average)."""

    first: float
    latest: float

    @property
    def change(self) -> float:
        return self.latest - self.first


@dataclass(frozen=True)
class GroupSummary:
    """Distance travelled by a group of people on one measure."""

    n: int
    average_start: float | None
    average_latest: float | None
    average_change: float | None
    median_change: float | None
    improved: int
    same: int
    worse: int
    test: SignedRankTest

    def share(self, count: int) -> float | None:
        return count / self.n * 100 if self.n else None

    @property
    def improved_percent(self) -> float | None:
        return self.share(self.improved)

    @property
    def same_percent(self) -> float | None:
        return self.share(self.same)

    @property
    def worse_percent(self) -> float | None:
        return self.share(self.worse)


# Scores are small integers or their means; a change smaller than this is "the same".
_SAME = 1e-9


def summarise(pairs: Iterable[Pair], *, higher_is_better: bool = True) -> GroupSummary:
    """Average start, average change, improved/same/worse, and the signed-rank test.

    Improved means a change in the better direction: up, or down for an item
    where lower is better (ONS4's anxiety). Averages stay in the item's own
    terms, so an anxiety score falling from 7 to 4 is a change of -3 that
    counts as improved.
    """
    return summarise_counted(Counter(pairs), higher_is_better=higher_is_better)


def summarise_counted(counts: Mapping[Pair, int], *, higher_is_better: bool = True) -> GroupSummary:
    """:func:`summarise` for pairs given with how many people had each.

    The database hands distance travelled over as such counts (scores are a
    few small integers, so thousands of people share a few dozen pairs); the
    arithmetic stays exact without building a Python object per person.
    """
    counts = {pair: n for pair, n in counts.items() if n > 0}
    n = sum(counts.values())
    if not n:
        return GroupSummary(0, None, None, None, None, 0, 0, 0, signed_rank_test([]))
    changes: dict[float, int] = Counter()
    for pair, count in counts.items():
        changes[round(pair.change, 9)] += count
    better = 1 if higher_is_better else -1
    return GroupSummary(
        n=n,
        average_start=math.fsum(p.first * c for p, c in counts.items()) / n,
        average_latest=math.fsum(p.latest * c for p, c in counts.items()) / n,
        average_change=math.fsum(change * c for change, c in changes.items()) / n,
        median_change=_counted_median(changes, n),
        improved=sum(c for change, c in changes.items() if better * change > _SAME),
        same=sum(c for change, c in changes.items() if abs(change) <= _SAME),
        worse=sum(c for change, c in changes.items() if better * change < -_SAME),
        test=signed_rank_test(
            [
                0.0 if abs(change) <= _SAME else better * change
                for change, c in changes.items()
                for _ in range(c)
            ]
        ),
    )


def _counted_median(counts: Mapping[float, int], n: int) -> float:
    """The median of ``n`` values given as value → how many times it occurs."""
    lower_rank, upper_rank = (n - 1) // 2, n // 2
    lower = upper = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            upper = value
            break
    assert lower is not None and upper is not None
    return (lower + upper) / 2


@dataclass(frozen=True)
class PersonDistance:
    """One person's first and latest scores by domain key, and the change."""

    first: Mapping[str, int]
    latest: Mapping[str, int]

    @property
    def keys(self) -> list[str]:
        """Domains scored both times (a later framework version may add or drop some)."""
        return [k for k in self.first if k in self.latest]

    def change(self, key: str) -> int:
        return self.latest[key] - self.first[key]

    @property
    def overall(self) -> Pair | None:
        """Average over the domains scored both times."""
        keys = self.keys
        if not keys:
            return None
        return Pair(fmean(self.first[k] for k in keys), fmean(self.latest[k] for k in keys))


def distance_travelled(first: Mapping[str, int], latest: Mapping[str, int]) -> PersonDistance:
    return PersonDistance(dict(first), dict(latest))
