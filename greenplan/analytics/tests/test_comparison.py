"""Comparing a period with the one before it: only two closed periods, and the page says so."""

from decimal import Decimal

import pytest

from greenplan.analytics.comparison import COMPARED, NO_PREVIOUS, OPEN, compare_previous, is_closed, previous_code
from greenplan.analytics.selectors import aggregate
from greenplan.reporting.models import Period, ReportValue
from greenplan.testing.factories import submit


def subtree_sum(unit, period_code: str, code: str) -> Decimal:
    """The indicator summed straight from the stored values of the subtree's counted reports."""
    values = ReportValue.objects.filter(
        report__unit__path__startswith=unit.path, report__period__code=period_code,
        report__status__in=["submitted", "approved"], indicator__code=code,
    ).values_list("value", flat=True)
    return sum(values, Decimal(0))


@pytest.fixture
def two_halves(tree, period, previous_period):
    """2025H2 (closed) with a1 and a2 in, 2026H1 (open) with a1 only: an open half-year with few
    reports in, the case that used to read as a steep fall."""
    previous_period.is_open = True
    previous_period.save()
    submit(tree, "a1", previous_period, bonus=1)
    submit(tree, "a2", previous_period)
    previous_period.is_open = False
    previous_period.save()
    submit(tree, "a1", period, bonus=5)
    assert period.is_open
    return tree


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_an_open_period_is_not_compared(client, two_halves):
    response = page(client, two_halves.users.admin, "/dashboard/HP/2026H1/")
    board = response.context["board"]
    assert board.comparison.basis == OPEN and board.previous is None
    rows = [r for g in board.groups for r in g.rows]
    assert all(r.previous is None and r.change is None and r.change_pct is None for r in rows)
    html = response.content.decode()
    assert "Kỳ đang mở: chưa so sánh" in html and 'data-testid="comparison-note"' in html
    assert "-" not in "".join(r["change_pct"] for _h, group in response.context["groups"] for r in group)


def test_two_closed_periods_are_compared_on_their_full_totals(client, two_halves):
    Period.objects.update(is_open=False)
    response = page(client, two_halves.users.admin, "/dashboard/HP/2026H1/")
    board = response.context["board"]
    assert board.comparison.basis == COMPARED and board.previous_code == "2025H2"
    sessions = next(r for g in board.groups for r in g.rows if r.indicator.code == "G3_SESSIONS")
    now, before = subtree_sum(two_halves.root, "2026H1", "G3_SESSIONS"), subtree_sum(two_halves.root, "2025H2",
                                                                                       "G3_SESSIONS")
    assert (sessions.value, sessions.previous, sessions.change) == (now, before, now - before)
    html = response.content.decode()
    assert "So sánh hai kỳ đã đóng: 2026H1 có 1/" in html and "2025H2 có 2/" in html


def test_the_first_period_has_nothing_to_compare_with(tree, previous_period):
    current = aggregate(tree.root, "2025H2")
    result = compare_previous(tree.root, current, approved_only=False)
    assert (result.basis, result.previous_code, result.previous) == (NO_PREVIOUS, None, None)
    assert result.note == "Không có kỳ trước để so sánh."


def test_a_year_is_closed_only_when_both_halves_are(tree, period, previous_period):
    Period.objects.update(is_open=False)
    assert is_closed("2026H1") and is_closed("2025H2")
    assert not is_closed("2026")  # 2026H2 does not exist yet
    assert previous_code("2026H1") == "2025H2" and previous_code("2026") == "2025" and previous_code("2025") is None


def test_the_compiled_report_follows_the_same_rule(two_halves):
    from greenplan.documents.report import compiled_report_data  # documents sits above analytics

    assert all(f.previous is None for f in compiled_report_data(two_halves.root, "2026H1").figures.values())
    Period.objects.update(is_open=False)
    figures = compiled_report_data(two_halves.root, "2026H1").figures
    assert figures["G3_SESSIONS"].previous == subtree_sum(two_halves.root, "2025H2", "G3_SESSIONS")
