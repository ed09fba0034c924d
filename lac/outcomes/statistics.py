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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean, median

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
    """"exact", "approximate" (normal approximation), or "" when not tested."""
    note: str
    """Plain words: the result, or why there is none."""

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
        return SignedRankTest(0, 0, None, None, "", "Nobody has a first and a later score yet.")
    if not changed:
        return SignedRankTest(
            n,
            0,
            None,
            None,
            "",
            f"No score changed for any of the {n:,} people, so there is no test.",
        )
    if len(changed) < MIN_CHANGED_FOR_TEST:
        return SignedRankTest(
            n,
            len(changed),
            None,
            None,
            "",
            f"Only {len(changed):,} of {n:,} people's scores changed: at least "
            f"{MIN_CHANGED_FOR_TEST} are needed before the test can show anything.",
        )
    # Zeros are dropped ("wilcox"); exact p where scipy can (small n, no ties),
    # otherwise the normal approximation with scipy's tie correction.
    has_ties = len({abs(c) for c in changed}) < len(changed)
    method = "exact" if len(changed) <= 50 and not has_ties else "approx"
    result = stats.wilcoxon(changed, zero_method="wilcox", method=method)
    statistic, p_value = float(result.statistic), float(result.pvalue)
    if math.isnan(p_value):  # pragma: no cover - defensive; scipy returns nan on degenerate input
        return SignedRankTest(n, len(changed), None, None, "", "The test could not be computed.")
    method_word = "exact" if method == "exact" else "approximate"
    verdict = (
        "is unlikely to be chance alone" if p_value < SIGNIFICANCE_LEVEL else "could be chance"
    )
    return SignedRankTest(
        n,
        len(changed),
        statistic,
        p_value,
        method_word,
        f"Wilcoxon signed-rank test on {len(changed):,} of {n:,} people whose score changed: "
        f"{p_words(p_value)} ({method_word}), so the change {verdict}.",
    )


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


def summarise(pairs: Iterable[Pair]) -> GroupSummary:
    """Average start, average change, improved/same/worse, and the signed-rank test."""
    pairs = list(pairs)
    changes = [round(p.change, 9) for p in pairs]
    if not pairs:
        return GroupSummary(0, None, None, None, None, 0, 0, 0, signed_rank_test([]))
    return GroupSummary(
        n=len(pairs),
        average_start=fmean(p.first for p in pairs),
        average_latest=fmean(p.latest for p in pairs),
        average_change=fmean(changes),
        median_change=median(changes),
        improved=sum(1 for c in changes if c > _SAME),
        same=sum(1 for c in changes if abs(c) <= _SAME),
        worse=sum(1 for c in changes if c < -_SAME),
        test=signed_rank_test([0.0 if abs(c) <= _SAME else c for c in changes]),
    )


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
