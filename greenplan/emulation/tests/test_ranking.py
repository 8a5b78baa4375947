"""Eligibility for each award level at its threshold, and the ranking of direct subordinates."""

from decimal import Decimal

import pytest

from greenplan.accounts.models import Role
from greenplan.emulation import services
from greenplan.emulation.selectors import eligibility_of, ranking
from greenplan.orgs.models import UnitKind
from greenplan.orgs.services import unit_create
from greenplan.testing.personas import make_user


def _split(total: Decimal) -> dict[str, str]:
    """Points for 1.1 (max 40), 1.2 (30) and 2.1 (30) that add up to `total`."""
    first, second = Decimal(40), Decimal(30)
    third = total - first - second
    assert 0 <= third <= 30
    return {"1.1": str(first), "1.2": str(second), "2.1": str(third).replace(".", ",")}


@pytest.mark.parametrize(("total", "award"), [("90.9", None), ("91", "BK"), ("95.9", "BK"), ("100", "BK")])
def test_a_grassroots_union_earns_the_bang_khen_from_91_points(tree, take_part, total, award):
    entry = take_part(tree.a1, tree.users.reporter_a1, _split(Decimal(total)), verifier=tree.users.approver_a)
    assert entry.verified_total == Decimal(total)
    [result] = eligibility_of(entry)  # the flag is for upper levels only
    assert result.award.code == "BK"
    assert result.eligible is (award == "BK")
    [row] = [r for r in ranking(entry.sheet, tree.a) if r.unit == tree.a1]
    assert (row.award.code if row.award else None) == award


@pytest.mark.parametrize(("total", "eligible"), [("95.9", False), ("96", True)])
def test_an_upper_level_union_earns_the_flag_from_96_points(tree, take_part, total, eligible):
    entry = take_part(tree.a, tree.users.approver_a, _split(Decimal(total)), verifier=tree.users.admin)
    [result] = eligibility_of(entry)
    assert result.award.code == "CO"
    assert result.eligible is eligible and result.score_ok is eligible


def test_a_failed_condition_earns_nothing_whatever_the_score(tree, take_part):
    entry = take_part(tree.a1, tree.users.reporter_a1, _split(Decimal(100)), met=False, verifier=tree.users.approver_a)
    [result] = eligibility_of(entry)
    assert result.score_ok and not result.eligible
    assert result.failed_conditions == ("DK1",)


def test_the_superior_can_refuse_a_condition_with_a_reason(tree, take_part):
    entry = take_part(tree.a1, tree.users.reporter_a1, _split(Decimal(100)))
    services.entry_verify(actor=tree.users.approver_a, entry=entry, points={}, conditions={"DK1": "0"},
                          condition_reasons={"DK1": "Có 01 vụ tai nạn chết người tháng 8"})
    entry = services.entry_confirm(actor=tree.users.approver_a, entry=entry)
    assert not eligibility_of(entry)[0].eligible


def test_an_unconfirmed_score_earns_nothing_yet(tree, take_part):
    entry = take_part(tree.a1, tree.users.reporter_a1, _split(Decimal(100)))
    assert not eligibility_of(entry)[0].eligible


@pytest.fixture
def a3(tree):
    unit = unit_create(parent=tree.a, code="HP-A-03", name="Công đoàn Công ty Cổ phần Nhựa Xanh",
                       kind=UnitKind.objects.get(code="grassroots"), members=60, workers=70)
    return unit, make_user("reporter_a3", unit, Role.REPORTER)


def test_the_ranking_orders_verified_scores_and_ties_share_a_rank(tree, take_part, a3):
    a3_unit, a3_reporter = a3
    approver = tree.users.approver_a
    take_part(tree.a1, tree.users.reporter_a1, _split(Decimal("92.5")), verifier=approver)
    take_part(tree.a2, tree.users.reporter_a2, _split(Decimal("92.5")), verifier=approver)
    take_part(a3_unit, a3_reporter, _split(Decimal("97")), verifier=approver)
    rows = ranking(tree.a1.emulation_entries.get().sheet, tree.a)
    assert [(r.unit.code, r.rank, r.verified_score) for r in rows] == [
        ("HP-A-03", 1, Decimal("97")), ("HP-A-01", 2, Decimal("92.5")), ("HP-A-02", 2, Decimal("92.5"))]


def test_unverified_units_are_listed_without_a_rank(tree, take_part, a3):
    a3_unit, a3_reporter = a3
    take_part(tree.a1, tree.users.reporter_a1, _split(Decimal(80)), verifier=tree.users.approver_a)
    take_part(tree.a2, tree.users.reporter_a2, _split(Decimal(99)))  # submitted, not confirmed
    rows = ranking(tree.a1.emulation_entries.get().sheet, tree.a)
    assert [(r.unit.code, r.rank, r.self_score, r.verified_score) for r in rows] == [
        ("HP-A-01", 1, Decimal(80), Decimal(80)), ("HP-A-02", None, Decimal(99), None),
        ("HP-A-03", None, None, None)]


def test_the_ranking_reads_a_fixed_number_of_queries(tree, take_part, a3, django_assert_max_num_queries):
    a3_unit, a3_reporter = a3
    entry = take_part(tree.a1, tree.users.reporter_a1, _split(Decimal(95)), verifier=tree.users.approver_a)
    with django_assert_max_num_queries(5):
        few = ranking(entry.sheet, tree.a)
    take_part(tree.a2, tree.users.reporter_a2, _split(Decimal(93)), verifier=tree.users.approver_a)
    take_part(a3_unit, a3_reporter, _split(Decimal(92)), verifier=tree.users.approver_a)
    with django_assert_max_num_queries(5):
        more = ranking(entry.sheet, tree.a)
    assert [r.rank for r in few] == [1, None, None] and [r.rank for r in more] == [1, 2, 3]
