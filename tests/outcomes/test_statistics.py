import pytest

from lac.outcomes.presentation import signed_rank_words
from lac.outcomes.statistics import (
    MIN_CHANGED_FOR_TEST,
    Pair,
    PersonDistance,
    signed_rank_test,
    summarise,
)

# Darwin's paired plant heights (cross- minus self-fertilised, eighths of an inch), the
# example in scipy's documentation: exact two-sided p = 0.041259765625, statistic 24.
DARWIN = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]


def test_the_signed_rank_test_matches_the_textbook_example():
    result = signed_rank_test(DARWIN)
    assert result.n == 15
    assert result.n_changed == 15
    assert result.statistic == 24.0
    assert result.p_value == pytest.approx(0.041259765625)
    assert result.method == "exact"
    assert result.significant
    assert "p = 0.0413" in signed_rank_words(result)


def test_a_symmetric_set_of_changes_is_not_significant():
    result = signed_rank_test([1, -1, 2, -2, 3, -3, 4, -4])
    assert result.tested
    assert result.p_value == pytest.approx(1.0)
    assert not result.significant
    assert "could be chance" in signed_rank_words(result)


def test_ties_and_zeros_use_the_normal_approximation_and_leave_zeros_out():
    changes = [1, 1, 2, 0, 0, 1, -1, 1, 2, 1, 1, 0]
    result = signed_rank_test(changes)
    assert result.n == 12
    assert result.n_changed == 9
    assert result.method == "approximate"
    assert 0 < result.p_value < 0.05


def test_no_change_at_all_gives_no_test_and_says_why():
    result = signed_rank_test([0, 0, 0, 0, 0, 0, 0, 0])
    assert not result.tested
    assert result.p_value is None
    assert (
        signed_rank_words(result)
        == "No score changed for any of the 8 people, so there is no test."
    )


def test_too_few_changes_give_no_test_and_say_how_many_are_needed():
    result = signed_rank_test([1, 2, 1, 0, 0, 3, 1])
    assert result.n_changed == MIN_CHANGED_FOR_TEST - 1
    assert not result.tested
    assert "Only 5 of 7 people’s scores changed" in signed_rank_words(result)


def test_nobody_scored_twice_gives_no_test():
    result = signed_rank_test([])
    assert (result.n, result.tested) == (0, False)


def test_a_group_summary_counts_improved_same_and_worse_and_averages():
    pairs = [Pair(1, 3), Pair(2, 4), Pair(2, 2), Pair(3, 2)]
    summary = summarise(pairs)
    assert summary.n == 4
    assert summary.average_start == 2.0
    assert summary.average_latest == 2.75
    assert summary.average_change == 0.75
    assert (summary.improved, summary.same, summary.worse) == (2, 1, 1)
    assert summary.improved_percent == 50.0
    assert summary.worse_percent == 25.0
    assert not summary.test.tested


def test_an_empty_group_has_no_averages():
    summary = summarise([])
    assert summary.n == 0
    assert summary.average_change is None
    assert summary.improved_percent is None


def test_distance_travelled_compares_only_domains_scored_both_times():
    distance = PersonDistance(
        {"money": 1, "home": 2, "old-area": 3}, {"money": 4, "home": 2, "new": 5}
    )
    assert distance.keys == ["money", "home"]
    assert distance.change("money") == 3
    assert distance.overall == Pair(1.5, 3.0)


def test_a_person_with_no_domain_in_common_has_no_overall_distance():
    assert PersonDistance({"a": 1}, {"b": 2}).overall is None


def test_a_tiny_p_value_is_said_as_less_than_one_in_a_thousand():
    result = signed_rank_test(
        [1, 2, 3, 1, 2, 3, 1, 2, 1, 1, 2, 3, 1, 2, 2, 1, 3, 1, 2, 1, 1, 2] * 5
    )
    assert result.p_value < 0.001
    assert "p < 0.001 (approximate)" in signed_rank_words(result)
