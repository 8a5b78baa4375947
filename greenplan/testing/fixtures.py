"""Fixtures every app's tests may ask for, registered by the top-level conftest.py.

Periods, the province plan and its cascade, report scenarios for the dashboard and the
breakdown, API bearer headers, and the check that runs after every database test.
"""

import datetime

import pytest

from greenplan.accounts.tokens import token_issue
from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import plan_copy_down
from greenplan.reporting.models import Period
from greenplan.reporting.services import report_approve, report_save, report_submit
from greenplan.testing import totals_check
from greenplan.testing.factories import full_values, issue_province_plan, submit, values_for


@pytest.fixture(autouse=True)
def stored_totals_stay_exact(request):
    """After every test that touched the database, the stored subtree totals must equal a
    recomputation from the raw report values (the issue asks for it after every workflow).
    Skipped only when the test wrote none of their inputs to data already checked."""
    uses_db = [name for name in ("transactional_db", "db") if name in request.fixturenames]
    if not uses_db:
        yield
        return
    request.getfixturevalue(uses_db[0])  # set up first, so it is torn down after this check
    in_transaction = uses_db[0] == "db" and "transactional_db" not in request.fixturenames
    before = totals_check.writes() if in_transaction else None
    yield
    if before is not None and totals_check.start_state_checked() and totals_check.writes() == before:
        return
    from greenplan.reporting.rebuild import differences

    assert differences() == [], "stored totals differ from the raw values"
    totals_check.checked()


def make_period() -> Period:
    """2026H1, open (the `period` fixture's value)."""
    return Period.objects.create(
        code="2026H1", year=2026, half=1, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30),
        cutoff=datetime.date(2026, 6, 15), deadline=datetime.date(2026, 7, 15), is_open=True,
    )


def make_previous_period() -> Period:
    """2025H2, closed (the `previous_period` fixture's value)."""
    return Period.objects.create(
        code="2025H2", year=2025, half=2, start=datetime.date(2025, 7, 1), end=datetime.date(2025, 12, 31),
        cutoff=datetime.date(2025, 12, 15), deadline=datetime.date(2026, 1, 15), is_open=False,
    )


@pytest.fixture
def period(db):
    return make_period()


@pytest.fixture
def previous_period(db):
    return make_previous_period()


@pytest.fixture
def province_plan(tree):
    """The seed loaded as HP's plan (a draft, as the loader leaves it)."""
    return load_seed_plan(tree.root)


@pytest.fixture
def cascade(tree, province_plan):
    """HP's plan copied down to HP-A and on to HP-A-01 (HP-A-02, HP-B, HP-B-01 have none)."""
    a = plan_copy_down(actor=tree.users.approver_a, unit=tree.a)
    a1 = plan_copy_down(actor=tree.users.reporter_a1, unit=tree.a1)
    return province_plan, a, a1


@pytest.fixture
def dashboard_reports(tree, period, previous_period):
    """a1, a2, b1 submitted in 2026H1 (a1 approved); a1 also in 2025H2 with fewer sessions;
    the province plan issued, with item 7.3's target of green procurement ≥ 35 %."""
    issue_province_plan(tree)
    for key in ("a1", "a2", "b1"):
        submit(tree, key, period)
    report_approve(actor=tree.users.approver_a, unit=tree.a1, period=period)
    Period.objects.filter(pk=previous_period.pk).update(is_open=True)
    previous_period.refresh_from_db()
    report = report_save(actor=tree.users.admin, unit=tree.a1, period=previous_period, version=0,
                         values=full_values(G3_SESSIONS=1)).report
    report_submit(actor=tree.users.admin, unit=tree.a1, period=previous_period, version=report.version)
    return tree


@pytest.fixture
def breakdown_reports(tree, period):
    """a1, a2, b1 and the commune union a submitted in 2026H1 with the VALUES of the factories."""
    for key in ("a1", "a2", "b1", "a"):
        submit(tree, key, period)
    return tree


@pytest.fixture
def bearer():
    """Headers for a user without going through the password check (and django-axes)."""

    def make(user, **headers):
        raw, _expires = token_issue(user=user)
        return {"Authorization": f"Bearer {raw}", **headers}

    return make


NARRATIVES = {
    "a1": ("Thiếu kinh phí xử lý rác thải công nghiệp.", "=cmd|' /C calc'!A0 Đề nghị hỗ trợ kinh phí."),
    "a2": ("", "Đề nghị tập huấn về kinh tế tuần hoàn."),
    "a": ("Địa bàn rộng, cán bộ kiêm nhiệm.", ""),
    "b1": ("", ""),
}


@pytest.fixture
def narrative_reports(tree, period):
    """2026H1: a1, a2, a and b1 submitted with the NARRATIVES above (a2 approved; b1 wrote
    nothing); b keeps a draft whose difficulty was never sent."""
    for key, (difficulties, proposals) in NARRATIVES.items():
        unit = getattr(tree, key)
        report = report_save(actor=tree.users.admin, unit=unit, period=period, version=0, values=values_for(key),
                             narrative={"difficulties": difficulties, "proposals": proposals}).report
        report_submit(actor=tree.users.admin, unit=unit, period=period, version=report.version)
    report_approve(actor=tree.users.approver_a, unit=tree.a2, period=period)
    report_save(actor=tree.users.admin, unit=tree.b, period=period, version=0,
                narrative={"difficulties": "Bản nháp chưa gửi lên cấp trên."})
    return tree
