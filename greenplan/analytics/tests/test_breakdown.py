"""The breakdown by kind, sector and ownership against sums computed independently here."""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.http import Http404

from greenplan.analytics.breakdown.tables import BreakdownError, breakdown
from greenplan.analytics.selectors import aggregate
from greenplan.orgs.models import Ownership, Sector, Unit
from greenplan.reporting.models import Indicator, Period
from greenplan.reporting.services import report_approve
from greenplan.testing.factories import VALUES, submit

INDICATORS = ["MEMBERS", "G3_SESSIONS", "G7_GREEN_PROCUREMENT_RATE", "G1_FOCAL", "G5_SELF_SCORE"]
UNCLASSIFIED = "Chưa phân loại"


@pytest.fixture
def second_half(db):
    return Period.objects.create(
        code="2026H2", year=2026, half=2, start=datetime.date(2026, 7, 1), end=datetime.date(2026, 12, 31),
        cutoff=datetime.date(2026, 12, 31), deadline=datetime.date(2027, 1, 15), is_open=True,
    )


@pytest.fixture
def filled(breakdown_reports):
    """The breakdown's scenario (greenplan/testing/fixtures.py)."""
    return breakdown_reports


def pct(numerator, denominator) -> Decimal:
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def key_of(unit: Unit, by) -> tuple:
    codes = {"kind": unit.kind.code, "sector": unit.sector.code if unit.sector else None,
             "ownership": unit.ownership or None}
    return tuple(codes[d] for d in by)


def expected_rows(tree, under: Unit, by, reported: list[str]) -> dict[tuple, dict]:
    """Each group's figures from VALUES, the slow obvious way: one half-year, every unit one report."""
    units = {k: getattr(tree, k) for k in ("a", "a1", "a2", "b", "b1")}
    groups: dict[tuple, dict] = defaultdict(lambda: {"expected": 0, "keys": []})
    for key, unit in units.items():
        unit.refresh_from_db()
        if not unit.path.startswith(under.path):
            continue
        group = groups[key_of(unit, by)]
        group["expected"] += 1
        if key in reported:
            group["keys"].append(key)
    for group in groups.values():
        rows = [VALUES[k] for k in group["keys"]]
        n = len(rows)
        group["reports"] = n
        group["values"] = {
            "MEMBERS": sum(Decimal(r[0]) for r in rows) if n else None,
            "G3_SESSIONS": sum(Decimal(r[2]) for r in rows) if n else None,
            "G7_GREEN_PROCUREMENT_RATE": pct(sum(r[3] for r in rows), sum(r[4] for r in rows)) if n else None,
            "G1_FOCAL": sum(Decimal(r[5]) for r in rows) if n else None,
            "G5_SELF_SCORE": (sum((Decimal(r[6]) for r in rows), Decimal(0)) / n).quantize(Decimal("0.01"))
            if n else None,
        }
        group["focal_share"] = pct(sum(r[5] for r in rows), n) if n else None
    return groups


def as_dict(result) -> dict[tuple, Any]:
    return {tuple(g.code for g in row.groups): row for row in result.rows}


@pytest.mark.parametrize("by", [("sector", "ownership"), ("kind",), ("ownership",), ("kind", "sector")])
def test_every_row_equals_sums_computed_here(filled, period, by):
    result = breakdown(filled.root, "2026H1", INDICATORS, by=by)
    want = expected_rows(filled, filled.root, by, ["a1", "a2", "b1", "a"])
    got = as_dict(result)
    assert set(got) == set(want)
    for key, row in got.items():
        assert row.expected == want[key]["expected"], key
        assert row.reports == want[key]["reports"], key
        assert row.values == want[key]["values"], key
        assert row.shares == {"G1_FOCAL": want[key]["focal_share"]}, key


def test_a_ratio_is_the_sum_of_numerators_over_the_sum_of_denominators(filled, period):
    education = as_dict(breakdown(filled.root, "2026H1", ["G7_GREEN_PROCUREMENT_RATE"], by=["sector"]))[("education",)]
    assert education.reports == 2  # a2 (10 of 60) and b1 (5 of 50)
    assert education.values["G7_GREEN_PROCUREMENT_RATE"] == Decimal("13.64")  # 15 / 110
    mean_of_ratios = (Decimal(10) / 60 + Decimal(5) / 50) * 100 / 2
    assert education.values["G7_GREEN_PROCUREMENT_RATE"] != mean_of_ratios.quantize(Decimal("0.01"))


def test_units_without_a_sector_or_ownership_fall_in_the_unclassified_group(filled, period):
    result = breakdown(filled.root, "2026H1", ["MEMBERS"], by="sector,ownership")
    labels = [[g.label for g in row.groups] for row in result.rows]
    assert labels == [
        ["Giáo dục - Đào tạo", Ownership.PUBLIC_SERVICE.label],  # a2
        ["Giáo dục - Đào tạo", UNCLASSIFIED],  # b1
        [UNCLASSIFIED, Ownership.PRIVATE.label],  # a1
        [UNCLASSIFIED, UNCLASSIFIED],  # a and b (b has no report)
    ]
    last = result.rows[-1]
    assert [g.code for g in last.groups] == [None, None]
    assert (last.expected, last.reports, last.values["MEMBERS"]) == (2, 1, Decimal(10))


def test_approved_only_counts_approved_reports(filled, period):
    report_approve(actor=filled.users.approver_a, unit=filled.a1, period=period)
    report_approve(actor=filled.users.admin, unit=filled.b1, period=period)
    result = breakdown(filled.root, "2026H1", INDICATORS, by=["kind"], approved_only=True)
    grassroots = as_dict(result)[("grassroots",)]
    assert grassroots.reports == 2 and grassroots.expected == 3
    assert grassroots.values["MEMBERS"] == 120 + 80
    assert grassroots.values["G7_GREEN_PROCUREMENT_RATE"] == pct(40 + 5, 100 + 50)
    assert as_dict(result)[("commune",)].values["MEMBERS"] is None  # a is submitted, not approved
    assert as_dict(breakdown(filled.root, "2026H1", ["MEMBERS"], by=["kind"]))[("grassroots",)].reports == 3


def test_a_subtree_never_counts_a_siblings_reports(filled, period):
    result = breakdown(filled.a, "2026H1", INDICATORS, by=["sector"])
    want = expected_rows(filled, filled.a, ("sector",), ["a1", "a2", "b1", "a"])
    got = as_dict(result)
    assert set(got) == set(want) == {("education",), (None,)}
    assert got[("education",)].reports == 1 and got[("education",)].values["MEMBERS"] == 40  # a2, not b1
    assert result.total.values["G3_SESSIONS"] == 4 + 2 + 3
    assert result.total.expected == 3


def test_a_year_combines_each_units_halves_by_the_over_time_rules(filled, period, second_half):
    submit(filled, "a1", second_half, MEMBERS=130, G3_SESSIONS=6, G5_SELF_SCORE="60", G1_FOCAL=0)
    submit(filled, "a2", second_half, MEMBERS=45, G3_SESSIONS=1, G5_SELF_SCORE="85")
    assert Indicator.objects.get(code="MEMBERS").over_time == Indicator.OverTime.LAST
    result = breakdown(filled.root, "2026", INDICATORS, by=["kind"])
    assert result.period == "2026"
    grassroots = as_dict(result)[("grassroots",)]
    assert grassroots.reports == 3 + 2 and grassroots.expected == 3 * 2
    assert grassroots.values["MEMBERS"] == 130 + 45 + 80  # each unit's latest half, a stock
    assert grassroots.values["G3_SESSIONS"] == (4 + 6) + (2 + 1) + 7  # flows add up
    assert grassroots.values["G5_SELF_SCORE"] == ((Decimal(60) + 85 + 95) / 3).quantize(Decimal("0.01"))
    assert grassroots.values["G1_FOCAL"] == 0 + 0 + 1 and grassroots.shares["G1_FOCAL"] == pct(1, 3)
    assert grassroots.values["G7_GREEN_PROCUREMENT_RATE"] == pct(40 * 2 + 10 * 2 + 5, 100 * 2 + 60 * 2 + 50)


@pytest.mark.parametrize("code", ["2026H1", "2026"])
@pytest.mark.parametrize("approved_only", [False, True])
def test_the_total_row_equals_the_stored_aggregate(filled, period, second_half, code, approved_only):
    submit(filled, "a1", second_half, MEMBERS=130)
    report_approve(actor=filled.users.approver_a, unit=filled.a1, period=period)
    report_approve(actor=filled.users.approver_a, unit=filled.a1, period=second_half)
    codes = [i.code for i in Indicator.objects.filter(retired_at__isnull=True)]
    result = breakdown(filled.root, code, codes, by=["sector", "ownership"], approved_only=approved_only)
    agg = aggregate(filled.root, code, approved_only=approved_only)
    assert result.total.values == agg.values
    assert result.total.shares == agg.shares
    assert result.total.expected == agg.expected
    assert result.total.reports == (agg.approved if approved_only else agg.submitted)
    assert [g.label for g in result.total.groups] == ["Tổng cộng", "Tổng cộng"]


def test_groups_follow_the_units_current_classification(filled, period):
    health = Sector.objects.get(code="health")
    Unit.objects.filter(pk=filled.a1.pk).update(sector=health)
    rows = as_dict(breakdown(filled.root, "2026H1", ["MEMBERS"], by=["sector"]))
    assert rows[("health",)].values["MEMBERS"] == 120 and rows[("health",)].reports == 1


def test_nothing_reported_still_lists_the_expected_units(tree, period):
    result = breakdown(tree.root, "2026H1", ["MEMBERS"], by=["kind"])
    assert {k: (r.expected, r.reports, r.values["MEMBERS"]) for k, r in as_dict(result).items()} == {
        ("commune",): (1, 0, None), ("sector",): (1, 0, None), ("grassroots",): (3, 0, None)}
    assert result.total.values["MEMBERS"] is None


def test_the_cost_does_not_grow_with_the_rows(filled, period, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        breakdown(filled.root, "2026H1", INDICATORS, by=["sector", "ownership"])


@pytest.mark.parametrize(
    ("by", "codes", "message"),
    [
        (["colour"], ["MEMBERS"], "Không có chiều phân tích colour"),
        (["kind", "sector", "ownership"], ["MEMBERS"], "một hoặc hai chiều"),
        (["sector", "sector"], ["MEMBERS"], "một hoặc hai chiều"),
        ([], ["MEMBERS"], "một hoặc hai chiều"),
        (["sector"], ["NOPE", "MEMBERS"], "Không có chỉ tiêu NOPE"),
        (["sector"], [], "ít nhất một chỉ tiêu"),
    ],
)
def test_it_refuses_unknown_dimensions_and_indicators(tree, period, by, codes, message):
    with pytest.raises(BreakdownError, match=message):
        breakdown(tree.root, "2026H1", codes, by=by)


def test_it_refuses_a_retired_indicator_and_an_unknown_period(tree, period):
    Indicator.objects.filter(code="G3_SESSIONS").update(retired_at=datetime.date(2020, 1, 1))
    with pytest.raises(BreakdownError):
        breakdown(tree.root, "2026H1", ["G3_SESSIONS"])
    with pytest.raises(Http404):
        breakdown(tree.root, "2031H1", ["MEMBERS"])
