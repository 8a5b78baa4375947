"""Plan targets checked at every level: which target applies where, and what the page shows."""

from decimal import Decimal

import pytest

from greenplan.analytics.evaluation import MET, NO_DATA, NOT_MET, compare, evaluate, targets_for_units
from greenplan.analytics.selectors import aggregate
from greenplan.plans.services import item_update, plan_copy_down, plan_issue, plan_revise, target_set
from greenplan.testing.factories import issue_province_plan

GREEN = "G7_GREEN_PROCUREMENT_RATE"
URL = "/dashboard/HP/2026H1/"


def get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


@pytest.fixture
def filled(dashboard_reports):
    """The dashboard's scenario (greenplan/testing/fixtures.py)."""
    return dashboard_reports


def rate(unit, code="2026H1", approved_only=False):
    return aggregate(unit, code, approved_only).values[GREEN]


def expected_status(value, goal):
    return NO_DATA if value is None else MET if value >= goal else NOT_MET


def checks(unit, code="2026H1"):
    targets = targets_for_units([unit], code)[unit.pk]
    return {c.target.indicator.code: c for c in evaluate(aggregate(unit, code), targets)}


def raise_bar_for(tree, unit, actor, goal, period=None):
    """`unit` concretizes the province plan and sets its own green-procurement target."""
    plan = plan_copy_down(actor=actor, unit=unit)
    item = plan.items.get(code="7.3")
    target_set(actor=actor, item=item, indicator=GREEN, value=goal, period=period)
    return plan_issue(actor=actor, plan=plan, number="3", symbol="KH-CĐ", issued_on="10/01/2024",
                      signer="Chủ tịch")


@pytest.mark.parametrize(("op", "actual", "status"), [
    (">=", Decimal("35"), MET), (">=", Decimal("34.99"), NOT_MET), ("<=", Decimal("3"), MET),
    ("<=", Decimal("3.01"), NOT_MET), ("=", Decimal("0"), NOT_MET), (">=", None, NO_DATA),
])
def test_compare(op, actual, status):
    assert compare(op, actual, Decimal(35) if op != "<=" and op != "=" else Decimal(3)) == status


def test_no_issued_plan_means_no_target(filled):  # noqa: F811
    # `filled` issues the province plan; a draft revision of it changes nothing in force.
    assert set(checks(filled.root)) == {GREEN}
    plan_revise(actor=filled.users.admin, plan=filled.root.plans.get())
    assert set(checks(filled.root)) == {GREEN}


def test_the_province_target_applies_at_every_level(filled):  # noqa: F811
    for unit in (filled.root, filled.a, filled.a1, filled.a2, filled.b, filled.b1):
        check = checks(unit)[GREEN]
        assert check.target.value == 35 and check.plan.unit == filled.root
        assert check.actual == rate(unit)
        assert check.status == expected_status(rate(unit), 35)


def test_a_units_own_target_overrides_for_its_subtree(filled):  # noqa: F811
    raise_bar_for(filled, filled.a, filled.users.approver_a, 60)
    for unit in (filled.a, filled.a1, filled.a2):
        check = checks(unit)[GREEN]
        assert (check.target.value, check.plan.unit) == (60, filled.a)
        assert check.status == expected_status(rate(unit), 60)
    # Elsewhere the province's 35 % still holds.
    assert checks(filled.b1)[GREEN].target.value == 35
    assert checks(filled.root)[GREEN].target.value == 35


def test_a_target_for_one_half_year_applies_to_that_period_only(filled, period, previous_period):  # noqa: F811
    raise_bar_for(filled, filled.a, filled.users.approver_a, 50, period="2026H1")
    assert checks(filled.a1, "2026H1")[GREEN].target.value == 50
    assert checks(filled.a1, "2025H2")[GREEN].target.value == 35  # back to the whole-plan target
    assert checks(filled.a1, "2026")[GREEN].target.value == 35


def test_a_year_target_applies_to_the_year(filled, period):  # noqa: F811
    raise_bar_for(filled, filled.a, filled.users.approver_a, 45, period=2026)
    year = checks(filled.a1, "2026")[GREEN]
    assert year.target.value == 45 and year.actual == rate(filled.a1, "2026")
    assert checks(filled.a1, "2026H1")[GREEN].target.value == 35


def test_a_lower_targets_on_other_items_add_to_the_province_ones(filled):  # noqa: F811
    plan = plan_copy_down(actor=filled.users.approver_a, unit=filled.a)
    item = plan.items.get(code="3.1")
    target_set(actor=filled.users.approver_a, item=item, indicator="G3_SESSIONS", value=2)
    plan_issue(actor=filled.users.approver_a, plan=plan, number="3", symbol="KH-CĐ", issued_on="10/01/2024",
               signer="Chủ tịch")
    found = checks(filled.a1)
    assert set(found) == {GREEN, "G3_SESSIONS"}
    sessions = aggregate(filled.a1, "2026H1").values["G3_SESSIONS"]
    assert found["G3_SESSIONS"].status == expected_status(sessions, 2)
    assert set(checks(filled.b1)) == {GREEN}


def test_the_dashboard_checks_the_unit_and_counts_its_subordinates(client, filled):  # noqa: F811
    raise_bar_for(filled, filled.b, filled.users.admin, 90)
    html = get(client, filled.users.admin).content.decode()
    row = html.split('data-testid="target-row" data-code="G7_GREEN_PROCUREMENT_RATE"')[1].split("</tr>")[0]
    assert f'data-status="{expected_status(rate(filled.root), 35)}"' in row
    assert "≥ 35 %" in row
    # Each subordinate against its own target: HP-A against the province's 35, HP-B its own 90.
    met = sum(expected_status(rate(u), goal) == MET for u, goal in ((filled.a, 35), (filled.b, 90)))
    no_data = sum(rate(u) is None for u in (filled.a, filled.b))
    cell = row.split('data-testid="target-subordinates">')[1].split("</td>")[0]
    assert cell.startswith(f"{met}/2")
    assert (f"{no_data} chưa có số liệu" in cell) == bool(no_data)


def test_the_ranking_marks_each_subordinate_against_its_target(client, filled):  # noqa: F811
    raise_bar_for(filled, filled.b, filled.users.admin, 90)
    response = get(client, filled.users.admin, indicator=GREEN)
    rows = {r.unit.code: r.target_status for r in response.context["board"].subordinates}
    assert rows == {"HP-A": expected_status(rate(filled.a), 35), "HP-B": expected_status(rate(filled.b), 90)}
    assert response.context["chart"]["target"] == 35.0


def test_without_any_plan_the_page_says_no_target(client, tree, period):
    html = get(client, tree.users.admin).content.decode()
    assert 'data-testid="targets"' not in html and "Chưa đặt mục tiêu" in html


def test_progress_updates_on_an_issued_plan_keep_the_targets(filled):  # noqa: F811
    plan = filled.root.plans.get()
    item_update(actor=filled.users.admin, item=plan.items.get(code="7.3"), data={"status": "in_progress"})
    assert checks(filled.root)[GREEN].target.value == 35


def test_issue_province_plan_is_idempotent_per_test(tree):
    issue_province_plan(tree)
    assert len(targets_for_units([tree.root], "2026H1")[tree.root.pk]) == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_targets_table_exports(client, filled, fmt):  # noqa: F811
    from greenplan.testing.downloads import number, read_csv, read_xlsx

    response = get(client, filled.users.admin, format=fmt, table="targets")
    assert f'filename="HP-2026H1-targets-counted.{fmt}"' in response["Content-Disposition"]
    rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
    assert list(rows[0][:3]) == ["Mục", "Mã chỉ tiêu", "Chỉ tiêu"]
    (row,) = rows[1:]
    assert row[0] == "7.3" and row[1] == GREEN and number(row[4]) == 35
    assert number(row[5]) == rate(filled.root)
    labels = {MET: "Đạt", NOT_MET: "Chưa đạt", NO_DATA: "Chưa có số liệu"}
    assert row[6] == labels[expected_status(rate(filled.root), 35)]
    met = sum(expected_status(rate(u), 35) == MET for u in (filled.a, filled.b))
    assert number(row[8]) == met
