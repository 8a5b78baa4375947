"""Every aggregation rule against sums computed independently here, after each workflow step."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from greenplan.analytics.selectors import aggregate
from greenplan.orgs.services import unit_move
from greenplan.reporting.models import Period
from greenplan.reporting.rebuild import differences
from greenplan.reporting.services import (
    report_approve,
    report_reopen,
    report_return,
    report_save,
    report_submit,
)
from greenplan.testing.factories import VALUES, full_values, submit


@pytest.fixture
def second_half(db):
    return Period.objects.create(
        code="2026H2", year=2026, half=2, start=datetime.date(2026, 7, 1), end=datetime.date(2026, 12, 31),
        cutoff=datetime.date(2026, 12, 31), deadline=datetime.date(2027, 1, 15), is_open=True,
    )


@pytest.fixture(autouse=True)
def stored_totals_match_raw_values(db):
    """After every scenario the stored totals equal a recomputation from the raw values."""
    yield
    assert differences() == []


def expected_sum(keys, index):
    return sum(Decimal(VALUES[k][index]) for k in keys)


def test_sums_ratios_yes_counts_and_means_of_a_subtree(tree, period):
    for key in ("a1", "a2", "b1", "a"):
        submit(tree, key, period)
    agg = aggregate(tree.root, "2026H1")
    keys = ("a1", "a2", "b1", "a")
    assert agg.values["MEMBERS"] == expected_sum(keys, 0)
    assert agg.values["G3_SESSIONS"] == expected_sum(keys, 2)
    green, total = expected_sum(keys, 3), expected_sum(keys, 4)
    assert agg.values["G7_GREEN_PROCUREMENT_RATE"] == (green * 100 / total).quantize(Decimal("0.01"))
    ratios = [Decimal(VALUES[k][3]) * 100 / Decimal(VALUES[k][4]) for k in keys]
    assert agg.values["G7_GREEN_PROCUREMENT_RATE"] != (sum(ratios, Decimal(0)) / len(ratios)).quantize(Decimal("0.01"))
    assert agg.values["G1_FOCAL"] == 3 and agg.shares["G1_FOCAL"] == Decimal("75.00")
    assert agg.values["G5_SELF_SCORE"] == (expected_sum(keys, 6) / 4).quantize(Decimal("0.01"))
    assert (agg.expected, agg.submitted, agg.approved) == (5, 4, 0)
    branch = aggregate(tree.a, "2026H1")
    assert branch.values["G3_SESSIONS"] == expected_sum(("a1", "a2", "a"), 2)
    assert (branch.expected, branch.submitted) == (3, 3)
    assert aggregate(tree.a1, "2026H1").values["G3_SESSIONS"] == 4


def test_a_submission_shows_in_every_ancestor_at_once_and_a_return_takes_it_out(tree, period):
    submit(tree, "a1", period, actor=tree.users.reporter_a1)
    assert aggregate(tree.root, "2026H1").values["G3_SESSIONS"] == 4
    assert aggregate(tree.a, "2026H1").values["G3_SESSIONS"] == 4
    report_return(actor=tree.users.approver_a, unit=tree.a1, period=period, comment="Sửa lại")
    agg = aggregate(tree.root, "2026H1")
    assert agg.values["G3_SESSIONS"] is None and agg.submitted == 0


def test_approved_only_counts_approved_reports_and_reopen_removes_them(tree, period):
    submit(tree, "a1", period)
    submit(tree, "a2", period)
    report_approve(actor=tree.users.approver_a, unit=tree.a1, period=period)
    approved = aggregate(tree.root, "2026H1", approved_only=True)
    assert approved.values["G3_SESSIONS"] == 4 and (approved.submitted, approved.approved) == (2, 1)
    assert aggregate(tree.root, "2026H1").values["G3_SESSIONS"] == 6
    report_reopen(actor=tree.users.admin, unit=tree.a1, period=period, comment="Mở lại")
    assert aggregate(tree.root, "2026H1", approved_only=True).values["G3_SESSIONS"] is None
    assert aggregate(tree.root, "2026H1").values["G3_SESSIONS"] == 2


def test_a_year_adds_flows_and_takes_the_latest_stock(tree, period, second_half):
    submit(tree, "a1", period)
    submit(tree, "a1", second_half, bonus=10)
    submit(tree, "a2", period)
    year = aggregate(tree.root, "2026")
    assert year.values["G3_SESSIONS"] == 4 + 14 + 2
    assert year.values["MEMBERS"] == 120 + 40  # each unit's latest half, not 120 + 120 + 40
    assert (year.expected, year.submitted) == (10, 3)
    report_return(actor=tree.users.approver_a, unit=tree.a1, period=second_half, comment="Sửa")
    assert aggregate(tree.root, "2026").values["G3_SESSIONS"] == 4 + 2


def test_yes_in_either_half_counts_once_for_max_indicators(tree, period, second_half):
    report = report_save(actor=tree.users.admin, unit=tree.a1, period=period, version=0,
                         values=full_values(G4_SURVEY_DONE=1)).report
    report_submit(actor=tree.users.admin, unit=tree.a1, period=period, version=report.version)
    report = report_save(actor=tree.users.admin, unit=tree.a1, period=second_half, version=0,
                         values=full_values(G4_SURVEY_DONE=0)).report
    report_submit(actor=tree.users.admin, unit=tree.a1, period=second_half, version=report.version)
    assert aggregate(tree.root, "2026").values["G4_SURVEY_DONE"] == 1


def test_past_periods_add_up_as_reported_after_a_move(tree, period, second_half):
    submit(tree, "a1", period)
    unit_move(unit=tree.a1, new_parent=tree.b, date=datetime.date(2026, 7, 1))
    tree.a1.refresh_from_db()
    assert aggregate(tree.a, "2026H1").values["G3_SESSIONS"] == 4
    assert aggregate(tree.b, "2026H1").values["G3_SESSIONS"] is None
    submit(tree, "a1", second_half)
    assert aggregate(tree.b, "2026H2").values["G3_SESSIONS"] == 4
    assert aggregate(tree.a, "2026H2").values["G3_SESSIONS"] is None
    year_a, year_b = aggregate(tree.a, "2026"), aggregate(tree.b, "2026")
    assert year_a.values["G3_SESSIONS"] == 4 and year_b.values["G3_SESSIONS"] == 4
    assert aggregate(tree.root, "2026").values["G3_SESSIONS"] == 8


def test_the_check_command_finds_and_fixes_a_tampered_total(tree, period):
    from greenplan.reporting.models import Rollup

    submit(tree, "a1", period)
    Rollup.objects.filter(unit=tree.root, period="2026H1", scope="counted").update(reports=9)
    with pytest.raises(Exception, match="differ"):
        call_command("check_rollups")
    call_command("check_rollups", "--fix")
    call_command("check_rollups")


def test_a_report_sent_before_the_deadline_counts_as_on_time(tree, second_half):
    submit(tree, "a1", second_half)
    agg = aggregate(tree.root, "2026H2")
    assert (agg.submitted, agg.on_time) == (1, 1)
