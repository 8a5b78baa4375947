"""A level ranked in SQL (`analytics.level_sql`) against the rule worked out by hand: ties (one of
them from a mean rounded half up), units below the ranking minimum with a value, a unit that
reported without a value, cut at every page boundary, searched and sorted."""

from decimal import Decimal

import pytest

from greenplan.analytics.level_sql import RankedLevel
from greenplan.orgs.models import Unit, subtree_q
from greenplan.reporting.models import Indicator
from greenplan.testing.factories import submit


@pytest.fixture
def level(tree, period):
    """Every unit below HP: HP-A and HP-B (2 of 3 and 1 of 2 of their reports in) and the three
    grassroots unions, which all reported."""
    submit(tree, "a1", period, MEMBERS=80, G5_SELF_SCORE=Decimal("90.25"))
    submit(tree, "a2", period, G5_SELF_SCORE=Decimal("90.26"), G7_PROCUREMENT_GREEN=0, G7_PROCUREMENT_TOTAL=0)
    submit(tree, "b1", period, G5_SELF_SCORE=Decimal("90.26"))
    return Unit.objects.filter(subtree_q(tree.root.path), depth__gt=1)


def ranked(units, code, **kwargs):
    return RankedLevel(units, "2026H1", False, Indicator.objects.get(code=code), **kwargs)


def pages(level, size):
    """Every page of `size` rows as the ranking page reads them, put back together."""
    count = level.page(1, size, 0, 1).counts.matched
    return [row for number in range(1, -(-count // size) + 1) for row in level.page(number, size, 0, 1).rows]


def test_sql_ranks_ties_and_the_minimum_as_the_rule_does(level, settings):
    settings.RANKING_MIN_REPORTED_PCT = 60  # HP-A (2 of 3) is ranked, HP-B (1 of 2) is not
    # Means: HP-A (90.25 + 90.26) / 2 = 90.255, rounded half up to 90.26 as `indicator_value` does,
    # so it ties with HP-A-02 and HP-B-01. Ties in code-point order of the names ("Trường THPT" <
    # "Trường Tiểu" < "phường"), the unit below the minimum after the ranked ones.
    expected = [("HP-B-01", Decimal("90.26"), 1), ("HP-A-02", Decimal("90.26"), 1), ("HP-A", Decimal("90.26"), 1),
                ("HP-A-01", Decimal("90.25"), 4), ("HP-B", Decimal("90.26"), None)]
    scores = ranked(level, "G5_SELF_SCORE")
    for size in (1, 2, 3, 5):
        assert [(r.code, r.value, r.rank) for r in pages(scores, size)] == expected, size
    assert [(r.code, r.rank) for r in scores] == [(c, n) for c, _v, n in expected]  # the download
    shown = scores.page(2, 2, 5, 1)
    counts = shown.counts
    assert (counts.total, counts.valued, counts.ranked, counts.unranked, counts.matched) == (5, 5, 4, 1, 5)
    # The chart's best 1 and worst 1 among the ranked; the units below the minimum.
    assert [r.code for r in shown.chart] == ["HP-B-01", "HP-A-01"] and [r.code for r in shown.unranked] == ["HP-B"]
    assert [r.code for r in scores.page(2, 1, 0, 2).chart] == ["HP-B-01", "HP-A-02", "HP-A", "HP-A-01"]  # 2n: all
    for number in (99, 10**30, 0):  # past the end or before the start, as Django's paginator: the last page
        past = scores.page(number, 2, 0, 1)
        assert (past.number, [r.code for r in past.rows]) == (3, ["HP-B"]), number


def test_sql_ranks_members_and_a_ratio_without_a_value(level, settings):
    settings.RANKING_MIN_REPORTED_PCT = 80
    members = ranked(level, "MEMBERS")
    assert [(r.code, r.value, r.rank, r.received, r.expected, r.rankable) for r in members] == [
        ("HP-A-01", 80, 1, 1, 1, True), ("HP-B-01", 80, 1, 1, 1, True), ("HP-A-02", 40, 3, 1, 1, True),
        ("HP-A", 120, None, 2, 3, False), ("HP-B", 80, None, 1, 2, False)]
    # HP-A-02 bought nothing: no share, still above the minimum, listed after the values.
    green = ranked(level, "G7_GREEN_PROCUREMENT_RATE")
    assert [(r.code, r.value, r.rank) for r in pages(green, 2)] == [
        ("HP-A-01", Decimal(40), 1), ("HP-B-01", Decimal(10), 2), ("HP-A-02", None, None),
        ("HP-A", Decimal(40), None), ("HP-B", Decimal(10), None)]


def test_the_search_keeps_the_rank_and_the_sorts_follow_the_rule(level, settings):
    settings.RANKING_MIN_REPORTED_PCT = 80
    found = ranked(level, "MEMBERS", query="TRUONG", sort="-rank")
    assert (found.page(1, 1, 0, 1).counts.matched, found.page(1, 1, 0, 1).counts.total) == (2, 5)
    assert [(r.code, r.rank) for r in pages(found, 1)] == [("HP-A-02", 3), ("HP-B-01", 1)]
    by_name = ranked(level, "MEMBERS", sort="-name")
    assert [r.code for r in by_name] == ["HP-A-02", "HP-B-01", "HP-A", "HP-B", "HP-A-01"]
    assert ranked(level, "MEMBERS", query="_").page(1, 1, 0, 1).counts.matched == 0  # LIKE's "_" is plain text
